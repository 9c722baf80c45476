import type { CallListParams } from 'retell-sdk/resources/call';
import { badRequest } from './errors';
import type { EmulatorState } from './state';
import type { EmulatedCall } from './types';
import { isRecord, type JsonObject } from './validate';

// `filter_criteria` of POST /v3/list-calls (retell-api.md §3): every criterion is a typed filter object and
// all criteria are ANDed. Unknown criteria are refused rather than ignored, so a typo cannot pass silently.

type Criteria = CallListParams.FilterCriteria;
type Scalar = string | number | boolean | undefined;

export function matchString(actual: string, op: string, value: string): boolean {
	switch (op) {
		case 'eq':
			return actual === value;
		case 'ne':
			return actual !== value;
		case 'sw':
			return actual.startsWith(value);
		case 'ew':
			return actual.endsWith(value);
		case 'co':
			return actual.includes(value);
		default:
			return false;
	}
}

const OPS: Record<string, readonly string[]> = {
	string: ['eq', 'ne', 'sw', 'ew', 'co'],
	number: ['eq', 'ne', 'gt', 'ge', 'lt', 'le'],
	range: ['bt'],
	enum: ['in'],
	boolean: ['eq'],
	present: ['pr', 'np'],
};

function checkFilter(name: string, filter: unknown, allowed: readonly string[], keyed: boolean): JsonObject {
	if (!isRecord(filter) || typeof filter.type !== 'string' || typeof filter.op !== 'string') {
		throw badRequest(`filter_criteria.${name} must be a filter object {type, op, value}.`);
	}
	const { type, op, value } = filter;
	if (!allowed.includes(type) || !OPS[type]!.includes(op)) throw badRequest(`filter_criteria.${name}: type ${type} with op ${op} is not allowed.`);
	if (keyed && (typeof filter.key !== 'string' || filter.key === '')) throw badRequest(`filter_criteria.${name} entries need a key.`);
	const valid =
		(type === 'string' && typeof value === 'string') ||
		(type === 'number' && typeof value === 'number') ||
		(type === 'boolean' && typeof value === 'boolean') ||
		(type === 'range' && Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number')) ||
		(type === 'enum' && Array.isArray(value) && value.every((v) => typeof v === 'string')) ||
		type === 'present';
	if (!valid) throw badRequest(`filter_criteria.${name}: value does not fit type ${type}.`);
	return filter;
}

function test(filter: JsonObject, actual: unknown): boolean {
	const value = filter.value;
	switch (filter.type) {
		case 'present':
			return filter.op === 'pr' ? actual !== undefined && actual !== null : actual === undefined || actual === null;
		case 'string':
			return typeof actual === 'string' && matchString(actual, filter.op as string, value as string);
		case 'boolean':
			return actual === value;
		case 'enum':
			return (value as unknown[]).includes(typeof actual === 'number' || typeof actual === 'boolean' ? String(actual) : actual);
		case 'range': {
			const [lo, hi] = value as number[];
			return typeof actual === 'number' && actual >= lo! && actual <= hi!;
		}
		case 'number': {
			if (typeof actual !== 'number') return false;
			const v = value as number;
			switch (filter.op) {
				case 'eq':
					return actual === v;
				case 'ne':
					return actual !== v;
				case 'gt':
					return actual > v;
				case 'ge':
					return actual >= v;
				case 'lt':
					return actual < v;
				default:
					return actual <= v;
			}
		}
		default:
			return false;
	}
}

/** Field criteria: name → (allowed filter types, how to read the value from a call). */
const FIELDS: Record<string, [readonly string[], (call: EmulatedCall, state: EmulatorState) => Scalar | null]> = {
	agent_tag: [['enum'], (c) => c.agent_tag ?? undefined],
	batch_call_id: [['string'], (c, s) => s.callBatch.get(c.call_id)],
	call_id: [['string', 'enum'], (c) => c.call_id],
	call_status: [['enum'], (c) => c.call_status],
	call_type: [['enum'], (c) => c.call_type],
	direction: [['enum'], (c) => (c.call_type === 'phone_call' ? c.direction : undefined)],
	disconnection_reason: [['enum'], (c) => c.disconnection_reason],
	user_sentiment: [['enum'], (c) => c.call_analysis?.user_sentiment],
	data_storage_setting: [['enum'], (c) => c.data_storage_setting ?? undefined],
	call_successful: [['boolean'], (c) => c.call_analysis?.call_successful],
	in_voicemail: [['boolean'], (c) => c.call_analysis?.in_voicemail],
	from_number: [['string'], (c) => (c.call_type === 'phone_call' ? c.from_number : undefined)],
	to_number: [['string'], (c) => (c.call_type === 'phone_call' ? c.to_number : undefined)],
	start_timestamp: [['number', 'range'], (c) => c.start_timestamp],
	end_timestamp: [['number', 'range'], (c) => c.end_timestamp],
	duration_ms: [['number', 'range'], (c) => c.duration_ms],
	combined_cost: [['number', 'range'], (c) => c.call_cost?.combined_cost],
	e2e_latency_p50: [['number', 'range'], (c) => c.latency?.e2e?.p50],
};

const KEYED: Record<string, (call: EmulatedCall) => unknown> = {
	metadata: (c) => c.metadata,
	dynamic_variables: (c) => ({ ...(c.retell_llm_dynamic_variables ?? {}), ...(c.collected_dynamic_variables ?? {}) }),
	custom_analysis_data: (c) => c.call_analysis?.custom_analysis_data,
	custom_attributes: (c) => c.custom_attributes,
};

const KEYED_TYPES = ['string', 'number', 'boolean', 'range', 'enum', 'present'];

/** Validates filter_criteria and returns the predicate it describes. */
export function compileCallFilter(raw: unknown, state: EmulatorState): (call: EmulatedCall) => boolean {
	if (raw === undefined || raw === null) return () => true;
	if (!isRecord(raw)) throw badRequest('filter_criteria must be an object.');
	const tests: Array<(call: EmulatedCall) => boolean> = [];
	for (const [name, filter] of Object.entries(raw as Criteria)) {
		if (filter === undefined || filter === null) continue;
		if (name === 'agent') {
			if (!Array.isArray(filter) || filter.some((a) => !isRecord(a) || typeof a.agent_id !== 'string' || (a.version !== undefined && !(Array.isArray(a.version) && a.version.every((v: unknown) => typeof v === 'number'))))) {
				throw badRequest('filter_criteria.agent must be a list of {agent_id, version?: number[]}.');
			}
			const agents = filter as NonNullable<Criteria['agent']>;
			tests.push((c) => agents.some((a) => a.agent_id === c.agent_id && (!a.version || a.version.length === 0 || a.version.includes(c.agent_version))));
		} else if (name in FIELDS) {
			const [types, read] = FIELDS[name]!;
			const checked = checkFilter(name, filter, types, false);
			tests.push((c) => test(checked, read(c, state)));
		} else if (name in KEYED) {
			if (!Array.isArray(filter)) throw badRequest(`filter_criteria.${name} must be a list of keyed filters.`);
			const read = KEYED[name]!;
			const checked = filter.map((f: unknown) => checkFilter(name, f, KEYED_TYPES, true));
			tests.push((c) => {
				const source = read(c);
				return checked.every((f) => test(f, isRecord(source) ? source[f.key as string] : undefined));
			});
		} else {
			throw badRequest(`filter_criteria.${name} is not supported${name === 'tool_calls' ? ' by the emulator' : ''}.`);
		}
	}
	return (call) => tests.every((t) => t(call));
}
