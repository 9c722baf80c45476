import type { IDataObject } from 'n8n-workflow';

import { extractCall } from './sessionRow';
import { isDataObject } from '../dataObject';
import { text, trimmedText, withoutUndefined } from './values';
import { LEAD_DETAILS } from '../leadFields';

/**
 * Pure mapping from a call to a `leads` row. The input may be a Retell call payload (Retell Trigger
 * item, webhook body, Retell → Call → Get), where the analysis sits in `call_analysis`, or a stored
 * session (Session → Log / Get output), where `custom_analysis_data` and `call_summary` are columns.
 */

export type LeadRow = {
	call_id: string;
	name?: string;
	email?: string;
	phone?: string;
	interest?: string;
	/** ISO 8601 in UTC. */
	appointment_time?: string;
	notes?: string;
	source?: string;
	custom_data?: IDataObject;
};

/** The lead columns filled from the call's details. */
export type DetailColumn = 'name' | 'email' | 'phone' | 'interest' | 'appointment_time';

/** Which keys hold each column's value (analysis, collected or dynamic variables); the first usable one wins. */
export type LeadKeys = Record<DetailColumn, string[]>;

const analysisNames = (column: DetailColumn): string[] =>
	Object.values(LEAD_DETAILS)
		.filter((detail) => detail.column === column)
		.map((detail) => detail.analysisName);

/** The names Agent → Provision / Create / Update → Lead Details declares come first, then common spellings. */
export const DEFAULT_LEAD_KEYS: LeadKeys = {
	name: [...new Set(['name', ...analysisNames('name'), 'full_name'])],
	email: analysisNames('email'),
	phone: analysisNames('phone'),
	interest: analysisNames('interest'),
	appointment_time: analysisNames('appointment_time'),
};

/** Values typed into the node (or from expressions); each one set wins over the mapping. */
export type LeadOverrides = Partial<Omit<LeadRow, 'custom_data'>>;

export interface LeadMapping {
	keys: LeadKeys;
	overrides: LeadOverrides;
	includeCustomData: boolean;
	/** IANA zone for an appointment time the analysis gave without a UTC offset. */
	timeZone: string;
}

function analysisOf(call: IDataObject): IDataObject | undefined {
	return isDataObject(call.call_analysis) ? call.call_analysis : undefined;
}

function customAnalysisData(call: IDataObject): IDataObject | undefined {
	const data = analysisOf(call)?.custom_analysis_data ?? call.custom_analysis_data;
	return isDataObject(data) ? data : undefined;
}

/** Analysis field names are the user's own, so "Customer Name" finds customer_name's neighbour too. */
const keyForm = (key: string): string => key.trim().toLowerCase().replace(/[\s-]+/g, '_');

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * A value as its column can hold it, or undefined when it cannot: text columns take text and numbers (a phone
 * number the analysis typed as a number), `email` only an address, `appointment_time` only a date and time.
 * A value no column takes stays in custom_data, so a mistyped analysis loses nothing.
 */
function columnValue(column: DetailColumn, value: unknown, timeZone: string): string | undefined {
	const raw = trimmedText(value);
	if (raw === undefined) return undefined;
	if (column === 'email') return EMAIL.test(raw) ? raw : undefined;
	if (column === 'appointment_time') return typeof value === 'string' ? parseDateTime(raw, timeZone) : undefined;
	return raw;
}

interface Found {
	value: string;
	/** The key it was found under in the analysis' custom data, which then leaves custom_data. */
	analysisKey?: string;
}

function pickDetail(
	sources: Array<IDataObject | undefined>,
	column: DetailColumn,
	keys: string[],
	timeZone: string,
): Found | undefined {
	for (const [index, source] of sources.entries()) {
		if (!source) continue;
		const byForm = new Map(Object.keys(source).map((key) => [keyForm(key), key]));
		for (const wanted of keys) {
			const key = byForm.get(keyForm(wanted));
			if (key === undefined) continue;
			const value = columnValue(column, source[key], timeZone);
			if (value !== undefined) return { value, analysisKey: index === 0 ? key : undefined };
		}
	}
	return undefined;
}

/** The customer's side of a phone call: the caller of an inbound call, the callee of an outbound one. */
function customerNumber(call: IDataObject): string | undefined {
	if (call.direction === 'inbound') return text(call.from_number);
	if (call.direction === 'outbound') return text(call.to_number);
	return undefined;
}

/**
 * Where a lead's details are looked up, in order: what the post-call analysis extracted, what the agent
 * collected during the call, and the dynamic variables the call started with (e.g. the customer_name a
 * campaign passed in). A call payload names the last `retell_llm_dynamic_variables`, a stored session
 * `dynamic_variables`.
 */
function detailSources(call: IDataObject, customData: IDataObject | undefined): Array<IDataObject | undefined> {
	const object = (value: unknown) => (isDataObject(value) ? value : undefined);
	return [
		customData,
		object(call.collected_dynamic_variables),
		object(call.retell_llm_dynamic_variables),
		object(call.dynamic_variables),
	];
}

const DETAIL_COLUMNS: DetailColumn[] = ['name', 'email', 'phone', 'interest', 'appointment_time'];

export function toLeadRow(payload: IDataObject, mapping: LeadMapping): LeadRow | undefined {
	const found = extractCall(payload);
	const call = found?.call ?? payload;
	const callId = mapping.overrides.call_id ?? found?.callId;
	if (callId === undefined) return undefined;
	const customData = customAnalysisData(call);
	const sources = detailSources(call, customData);
	const details: Partial<Record<DetailColumn, string>> = {};
	const usedKeys = new Set<string>();
	for (const column of DETAIL_COLUMNS) {
		const detail = pickDetail(sources, column, mapping.keys[column], mapping.timeZone);
		if (!detail) continue;
		details[column] = detail.value;
		if (detail.analysisKey !== undefined) usedKeys.add(detail.analysisKey);
	}
	const rest = customData ? Object.fromEntries(Object.entries(customData).filter(([key]) => !usedKeys.has(key))) : {};
	const mapped: LeadRow = {
		call_id: callId,
		...details,
		phone: details.phone ?? customerNumber(call),
		notes: text(analysisOf(call)?.call_summary) ?? text(call.call_summary),
		custom_data: mapping.includeCustomData && Object.keys(rest).length > 0 ? rest : undefined,
	};
	return { ...withoutUndefined(mapped), ...withoutUndefined({ ...mapping.overrides }), call_id: callId };
}

// ---------------------------------------------------------------------------------------------------
// Appointment times
// ---------------------------------------------------------------------------------------------------

const DATE_TIME =
	/^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** The offset of `zone` from UTC at `instant`, in milliseconds (e.g. -7 h for Los Angeles in summer). */
function zoneOffsetMs(instant: number, zone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone: zone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	}).formatToParts(new Date(instant));
	const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((entry) => entry.type === type)?.value);
	const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
	return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * An ISO 8601 date and time as UTC ISO text. One without an offset is a wall-clock time in `timeZone` (the
 * analysis model often drops the offset); anything else, such as "next Tuesday", is not a time.
 */
export function parseDateTime(value: string, timeZone: string): string | undefined {
	const match = DATE_TIME.exec(value.trim());
	if (!match) return undefined;
	const [, year, month, day, hour, minute, second = '0', millis = '0', offset] = match;
	const fields = [year, month, day, hour, minute, second].map(Number);
	const wall = Date.UTC(fields[0], fields[1] - 1, fields[2], fields[3], fields[4], fields[5], Number(millis.padEnd(3, '0')));
	const check = new Date(wall);
	// Date.UTC rolls 2026-02-30 over into March; a date that does not exist is not a time.
	if (check.getUTCMonth() !== fields[1] - 1 || check.getUTCDate() !== fields[2] || fields[3] > 23 || fields[4] > 59 || fields[5] > 59) {
		return undefined;
	}
	if (offset !== undefined) {
		if (offset.toUpperCase() === 'Z') return new Date(wall).toISOString();
		const sign = offset.startsWith('-') ? -1 : 1;
		const digits = offset.slice(1).replace(':', '');
		const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
		return new Date(wall - sign * minutes * 60_000).toISOString();
	}
	// The zone's offset at the guessed instant, then again at the corrected one, so times near a DST change land right.
	const first = wall - zoneOffsetMs(wall, timeZone);
	return new Date(wall - zoneOffsetMs(first, timeZone)).toISOString();
}
