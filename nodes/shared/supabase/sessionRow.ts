import type { IDataObject } from 'n8n-workflow';

import { isDataObject } from '../dataObject';
import { isCallEvent } from '../retell/events';
import { flag, isoTime, number, present, text, withoutUndefined } from './values';

/**
 * Pure mapping from anything Retell says about a call to a `retell_call_sessions` row. The merge
 * rules (status never moves back, absent fields never erase stored ones) live in SQL, in
 * `retell_merge_call_sessions`, where they are atomic; this side only translates.
 *
 * Only columns of the table (plus `event`) may appear: the merge function rejects unknown keys. The
 * agent's name is not copied (the session links to `agents` through agent_id / retell_agent_id).
 */

export type SessionRow = {
	call_id: string;
	/** The webhook event; absent for a call object, so the merge infers the stage from the data. */
	event?: string;
	retell_agent_id?: string;
	agent_version?: number;
	call_type?: string;
	direction?: string;
	from_number?: string;
	to_number?: string;
	call_status?: string;
	start_timestamp?: string;
	end_timestamp?: string;
	duration_ms?: number;
	disconnection_reason?: string;
	transcript?: string;
	transcript_object?: unknown;
	recording_url?: string;
	call_summary?: string;
	user_sentiment?: string;
	call_successful?: boolean;
	in_voicemail?: boolean;
	custom_analysis_data?: unknown;
	call_analysis?: unknown;
	cost?: number;
	call_cost?: unknown;
	metadata?: unknown;
	dynamic_variables?: unknown;
	collected_dynamic_variables?: unknown;
};

/**
 * Finds the call inside any of the shapes a workflow hands over: a Retell Trigger item (`event` plus
 * the call's fields at top level), a raw webhook body (`{ event, call }`), or a call object from
 * Retell → Call → Get / Get Many. Returns undefined when there is no call id.
 */
export function extractCall(
	payload: IDataObject,
): { call: IDataObject; event?: string; callId: string } | undefined {
	// n8n's generic Webhook node nests the request body under `body`.
	const source = !text(payload.call_id) && isDataObject(payload.body) ? payload.body : payload;
	const event = isCallEvent(source.event) ? source.event : undefined;
	const call = isDataObject(source.call) ? source.call : source;
	const callId = text(call.call_id);
	return callId ? { call, event, callId } : undefined;
}

/** The row for one payload; fields the payload does not carry are left out, never set to null. */
export function toSessionRow(payload: IDataObject): SessionRow | undefined {
	const found = extractCall(payload);
	if (!found) return undefined;
	const { call, event, callId } = found;
	const analysis = isDataObject(call.call_analysis) ? call.call_analysis : undefined;
	const cost = isDataObject(call.call_cost) ? call.call_cost : undefined;

	const row: SessionRow = {
		call_id: callId,
		event,
		retell_agent_id: text(call.agent_id),
		agent_version: number(call.agent_version),
		call_type: text(call.call_type),
		direction: text(call.direction),
		from_number: text(call.from_number),
		to_number: text(call.to_number),
		call_status: text(call.call_status),
		start_timestamp: isoTime(call.start_timestamp),
		end_timestamp: isoTime(call.end_timestamp),
		duration_ms: number(call.duration_ms),
		disconnection_reason: text(call.disconnection_reason),
		transcript: text(call.transcript),
		transcript_object: present(call.transcript_object),
		recording_url: text(call.recording_url),
		call_summary: text(analysis?.call_summary),
		user_sentiment: text(analysis?.user_sentiment),
		call_successful: flag(analysis?.call_successful),
		in_voicemail: flag(analysis?.in_voicemail),
		custom_analysis_data: present(analysis?.custom_analysis_data),
		call_analysis: present(analysis),
		cost: number(cost?.combined_cost),
		call_cost: present(cost),
		metadata: present(call.metadata),
		dynamic_variables: present(call.retell_llm_dynamic_variables),
		collected_dynamic_variables: present(call.collected_dynamic_variables),
	};
	return withoutUndefined(row);
}

// PostgreSQL text and jsonb cannot hold U+0000, and PostgREST refuses JSON with half of a surrogate pair: either
// one would fail the whole request, so every row of its batch.
const UNSTORABLE_CHARACTER = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** JSON.stringify overflows the stack a few thousand levels down, before the request is even sent. */
const MAX_JSON_DEPTH = 1_000;

/** Why PostgreSQL could not store this row as it is, naming the column; undefined when it can. */
export function unstorableReason(row: SessionRow): string | undefined {
	for (const [column, value] of Object.entries(row)) {
		const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
		for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
			if (typeof next.value === 'string') {
				if (UNSTORABLE_CHARACTER.test(next.value)) {
					return `${column} holds a NUL character or half of a surrogate pair, which PostgreSQL cannot store`;
				}
			} else if (typeof next.value === 'object' && next.value !== null) {
				if (next.depth >= MAX_JSON_DEPTH) return `${column} is nested deeper than ${MAX_JSON_DEPTH} levels`;
				for (const [key, member] of Object.entries(next.value)) {
					pending.push({ value: key, depth: next.depth }, { value: member, depth: next.depth + 1 });
				}
			}
		}
	}
	return undefined;
}
