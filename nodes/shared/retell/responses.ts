import type { IDataObject } from 'n8n-workflow';
import { jsonParse } from 'n8n-workflow';

import { isDataObject, toRetellText } from '../dataObject';
import type { Parsed } from '../validation';

/**
 * The answers Retell expects from the Retell Trigger's synchronous webhooks. n8n sends the workflow's
 * last node as the answer, so the Retell node's Webhook Response operations build them.
 */

/**
 * Retell turns a custom function's answer into a string for the LLM and keeps only its first
 * 15,000 characters, silently. https://docs.retellai.com/build/single-multi-prompt/custom-function
 */
export const FUNCTION_RESULT_LIMIT = 15_000;

export interface FittedFunctionResult {
	/** The value unchanged when it fits, else the cut text ending in a marker the agent can read. */
	result: unknown;
	truncated: boolean;
	/** Length of what Retell would have received without the cut. */
	length: number;
}

/** The answer as the text Retell makes of it: strings as they are, anything else as JSON. */
function answerText(value: unknown): string {
	return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
}

function textLength(value: unknown): number {
	return answerText(value).length;
}

function isHighSurrogate(code: number): boolean {
	return code >= 0xd800 && code <= 0xdbff;
}

/**
 * Fits a custom function's answer into Retell's limit, cutting it with an explicit marker instead of
 * letting Retell drop the end unannounced. `sentLength` measures what actually goes over the wire
 * (by default the answer's text; JSON escapes and an envelope count too when the answer is wrapped).
 * Lengths are UTF-16 units, never fewer than Retell's characters.
 */
export function fitFunctionResult(
	value: unknown,
	limit = FUNCTION_RESULT_LIMIT,
	sentLength: (result: unknown) => number = textLength,
): FittedFunctionResult {
	const length = sentLength(value);
	if (length <= limit) return { result: value, truncated: false, length };

	const text = answerText(value);
	const marker = ` … [truncated: ${length} characters, only the first part is shown]`;
	const cut = (end: number): string => {
		// Never split a surrogate pair (an emoji, say) in two.
		const safeEnd = end > 0 && isHighSurrogate(text.charCodeAt(end - 1)) ? end - 1 : end;
		return text.slice(0, safeEnd) + marker;
	};
	// Escapes make the sent length grow with the kept text but not linearly: search the longest prefix.
	// Every character costs at least one, so that prefix is never longer than the limit.
	let low = 0;
	let high = Math.min(text.length, limit);
	while (low < high) {
		const middle = Math.ceil((low + high) / 2);
		if (sentLength(cut(middle)) <= limit) low = middle;
		else high = middle - 1;
	}
	return { result: cut(low), truncated: true, length };
}

export interface FunctionResult {
	/** Exactly the JSON body n8n answers Retell with: `{"result": …}`. */
	json: IDataObject;
	truncated: boolean;
	/** Length of that body without the cut. */
	length: number;
}

function envelopeLength(result: unknown): number {
	return JSON.stringify({ result }).length;
}

/**
 * The item that answers a custom function. n8n sends a last node's first item as JSON, so what must
 * fit is the whole `{"result": …}` text, quotes and escapes included, not just the answer. When the
 * trigger's Response Field is `result`, Retell gets the answer alone, which is shorter still.
 * A missing answer (an expression that found nothing) is sent as empty text.
 */
export function buildFunctionResult(value: unknown, limit = FUNCTION_RESULT_LIMIT): FunctionResult {
	const fitted = fitFunctionResult(value ?? '', limit, envelopeLength);
	// The round trip makes the item what n8n will send: dates as ISO text, undefined fields gone.
	const json = jsonParse<IDataObject>(JSON.stringify({ result: fitted.result }));
	return { json, truncated: fitted.truncated, length: fitted.length };
}

/** A tag such as "latest_published" or "prod" (Retell OpenAPI `AgentVersionReference`: 1–20 of a-z, 0-9, _ and -). */
const VERSION_TAG = /^[a-z0-9_-]{1,20}$/;

/** Agent versions are numbers, or a tag such as "latest" or "prod" where Retell accepts one: digits become a number. */
export function toAgentVersion(text: string | undefined): number | string | undefined {
	const version = text?.trim() ?? '';
	if (version === '') return undefined;
	return /^\d+$/.test(version) ? Number(version) : version;
}

/**
 * The inbound-call answer's `override_agent_version`, checked: a whole number, or a version tag (Retell OpenAPI
 * `AgentVersionReference`).
 */
export function toAgentVersionReference(value: unknown): Parsed<number | string | undefined> {
	if (value === undefined || value === null || value === '') return { ok: true, value: undefined };
	if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return { ok: true, value };
	if (typeof value === 'string') {
		const version = toAgentVersion(value);
		if (typeof version === 'number' || (version !== undefined && VERSION_TAG.test(version))) return { ok: true, value: version };
	}
	return { ok: false, message: '"override_agent_version" must be a whole number or a version tag such as "latest_published"' };
}

const INBOUND_FIELDS = ['override_agent_id', 'override_agent_version', 'dynamic_variables', 'metadata', 'agent_override'];

/**
 * The answer to Retell's inbound webhook of a number: `call_inbound` for a call, `chat_inbound` for an SMS. Retell
 * applies only what sits under that key, and only string dynamic-variable values, so this accepts the fields flat or
 * already wrapped and returns `{call_inbound: {…}}` (or `{chat_inbound: {…}}`) with blanks dropped and every variable
 * value a string. https://docs.retellai.com/features/inbound-call-webhook
 */
export function buildInboundResponse(input: IDataObject, channel: 'call_inbound' | 'chat_inbound'): Parsed<IDataObject> {
	const nested = input[channel];
	const wrapped = isDataObject(nested);
	const source: IDataObject = isDataObject(nested) ? nested : input;
	// Flat input usually carries the rest of the item too (from_number, …): keep only Retell's fields.
	const response: IDataObject = wrapped ? { ...source } : {};
	for (const field of INBOUND_FIELDS) delete response[field];

	const agentId = source.override_agent_id;
	if (typeof agentId === 'string' && agentId.trim() !== '') response.override_agent_id = agentId.trim();
	else if (agentId !== undefined && agentId !== null && agentId !== '') {
		return { ok: false, message: '"override_agent_id" must be an agent ID string' };
	}

	const version = toAgentVersionReference(source.override_agent_version);
	if (!version.ok) return version;
	if (version.value !== undefined) response.override_agent_version = version.value;

	const variables = source.dynamic_variables;
	if (isDataObject(variables)) {
		response.dynamic_variables = Object.fromEntries(
			Object.entries(variables).map(([name, value]) => [name, toRetellText(value)]),
		);
	} else if (variables !== undefined && variables !== null && variables !== '') {
		return { ok: false, message: '"dynamic_variables" must be an object' };
	}

	for (const field of ['metadata', 'agent_override'] as const) {
		const value = source[field];
		if (isDataObject(value)) response[field] = value;
		else if (value !== undefined && value !== null && value !== '') {
			return { ok: false, message: `"${field}" must be an object` };
		}
	}
	return { ok: true, value: { [channel]: response } };
}

export function buildInboundCallResponse(input: IDataObject): Parsed<IDataObject> {
	return buildInboundResponse(input, 'call_inbound');
}
