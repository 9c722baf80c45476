import type { IDataObject } from 'n8n-workflow';

import { isJsonObject, type Parsed } from './payloads';

/**
 * Retell turns a custom function's answer into a string for the LLM and keeps only its first
 * 15,000 characters, silently. https://docs.retellai.com/build/single-multi-prompt/custom-function
 */
export const FUNCTION_RESULT_LIMIT = 15_000;

export interface FittedFunctionResult {
	/** The value unchanged when it fits, else the cut text ending in a marker the agent can read. */
	result: unknown;
	truncated: boolean;
	/** Length of the text Retell would have received without the cut. */
	length: number;
}

/**
 * Fits a custom function's answer into Retell's limit, cutting it with an explicit marker instead of
 * letting Retell drop the end unannounced. Lengths are UTF-16 units, never fewer than Retell's characters.
 */
export function fitFunctionResult(value: unknown, limit = FUNCTION_RESULT_LIMIT): FittedFunctionResult {
	const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
	if (text.length <= limit) return { result: value, truncated: false, length: text.length };
	const marker = ` … [truncated: ${text.length} characters, only the first part is shown]`;
	let end = Math.max(0, limit - marker.length);
	// Never split a surrogate pair (an emoji, say) in two.
	const last = text.charCodeAt(end - 1);
	if (last >= 0xd800 && last <= 0xdbff) end -= 1;
	return { result: text.slice(0, end) + marker, truncated: true, length: text.length };
}

const INBOUND_FIELDS = ['override_agent_id', 'override_agent_version', 'dynamic_variables', 'metadata', 'agent_override'];

function toDynamicVariableValue(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
	return JSON.stringify(value);
}

/**
 * The answer to Retell's inbound-call webhook. Retell applies only what sits under `call_inbound`,
 * and only string dynamic-variable values, so this accepts the fields flat or already wrapped and
 * returns `{call_inbound: {…}}` with blanks dropped and every variable value a string.
 * https://docs.retellai.com/features/inbound-call-webhook
 */
export function buildInboundCallResponse(input: IDataObject): Parsed<IDataObject> {
	const wrapped = isJsonObject(input.call_inbound);
	const source: IDataObject = isJsonObject(input.call_inbound) ? input.call_inbound : input;
	// Flat input usually carries the rest of the item too (from_number, …): keep only Retell's fields.
	const response: IDataObject = wrapped ? { ...source } : {};
	for (const field of INBOUND_FIELDS) delete response[field];

	const agentId = source.override_agent_id;
	if (typeof agentId === 'string' && agentId.trim() !== '') response.override_agent_id = agentId.trim();
	else if (agentId !== undefined && agentId !== null && agentId !== '') {
		return { ok: false, message: '"override_agent_id" must be an agent ID string' };
	}

	const version = source.override_agent_version;
	if (version !== undefined && version !== null && version !== '') {
		const number = typeof version === 'string' ? Number(version.trim()) : version;
		if (typeof number !== 'number' || !Number.isInteger(number) || number < 0) {
			return { ok: false, message: '"override_agent_version" must be a whole number' };
		}
		response.override_agent_version = number;
	}

	const variables = source.dynamic_variables;
	if (isJsonObject(variables)) {
		const strings: IDataObject = {};
		for (const [name, value] of Object.entries(variables)) {
			const text = toDynamicVariableValue(value);
			if (text !== undefined) strings[name] = text;
		}
		response.dynamic_variables = strings;
	} else if (variables !== undefined && variables !== null && variables !== '') {
		return { ok: false, message: '"dynamic_variables" must be an object' };
	}

	for (const field of ['metadata', 'agent_override'] as const) {
		const value = source[field];
		if (isJsonObject(value)) response[field] = value;
		else if (value !== undefined && value !== null && value !== '') {
			return { ok: false, message: `"${field}" must be an object` };
		}
	}
	return { ok: true, value: { call_inbound: response } };
}
