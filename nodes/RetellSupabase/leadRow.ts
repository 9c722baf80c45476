import type { IDataObject } from 'n8n-workflow';

import { extractCall } from './sessionRow';
import { isDataObject } from '../shared/dataObject';
import { text, trimmedText, withoutUndefined } from './values';

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
	notes?: string;
	source?: string;
	custom_data?: IDataObject;
};

/** Which keys of the post-call analysis' custom data hold each field; the first non-blank one wins. */
export interface LeadKeys {
	name: string[];
	email: string[];
	phone: string[];
}

export const DEFAULT_LEAD_KEYS: LeadKeys = {
	name: ['name', 'customer_name', 'full_name'],
	email: ['email'],
	phone: [],
};

/** Values typed into the node (or from expressions); each one set wins over the mapping. */
export type LeadOverrides = Partial<Omit<LeadRow, 'custom_data'>>;

export interface LeadMapping {
	keys: LeadKeys;
	overrides: LeadOverrides;
	includeCustomData: boolean;
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

function pickValue(data: IDataObject | undefined, keys: string[]): string | undefined {
	if (!data) return undefined;
	const byForm = new Map(Object.entries(data).map(([key, value]) => [keyForm(key), value]));
	for (const key of keys) {
		const value = trimmedText(byForm.get(keyForm(key)));
		if (value !== undefined) return value;
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

function pickDetail(sources: Array<IDataObject | undefined>, keys: string[]): string | undefined {
	for (const source of sources) {
		const value = pickValue(source, keys);
		if (value !== undefined) return value;
	}
	return undefined;
}

export function toLeadRow(payload: IDataObject, mapping: LeadMapping): LeadRow | undefined {
	const found = extractCall(payload);
	const call = found?.call ?? payload;
	const callId = mapping.overrides.call_id ?? found?.callId;
	if (callId === undefined) return undefined;
	const customData = customAnalysisData(call);
	const sources = detailSources(call, customData);
	const mapped: LeadRow = {
		call_id: callId,
		name: pickDetail(sources, mapping.keys.name),
		email: pickDetail(sources, mapping.keys.email),
		phone: pickDetail(sources, mapping.keys.phone) ?? customerNumber(call),
		notes: text(analysisOf(call)?.call_summary) ?? text(call.call_summary),
		custom_data: mapping.includeCustomData && customData && Object.keys(customData).length > 0 ? customData : undefined,
	};
	return { ...withoutUndefined(mapped), ...withoutUndefined({ ...mapping.overrides }), call_id: callId };
}
