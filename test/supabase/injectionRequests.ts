import type { INodeParameters } from 'n8n-workflow';

import { getGatewayExchanges } from '../support/supabase-stack/connection';
import type { GatewayExchange } from '../support/supabase-stack/gateway';
import { uniqueId } from '../support/supabase-stack/db';
import type { WorkflowRun } from '../support/harness';
import { runSupabaseNode } from './helpers';

/* Session → Get Many as the injection tests run it, and what reached PostgREST, read back from the gateway. */

/**
 * The values of a PostgREST `in.(…)` filter as PostgREST 12 reads them: an element that starts with `"`
 * and whose closing `"` is followed by `,` or the end runs to that quote (a backslash takes the next
 * character literally); any other element is taken as is up to the next `,` or `)`. undefined when the
 * text is not exactly one list (PostgREST ignores what follows an early `)`; here that is a failure).
 */
export function postgrestInList(filter: string): string[] | undefined {
	if (!filter.startsWith('in.(') || !filter.endsWith(')')) return undefined;
	const body = filter.slice('in.('.length, -1);
	const quotedAt = (start: number): { value: string; end: number } | undefined => {
		if (body[start] !== '"') return undefined;
		let value = '';
		let position = start + 1;
		while (position < body.length && body[position] !== '"') {
			if (body[position] === '\\') position += 1;
			value += body[position] ?? '';
			position += 1;
		}
		const end = position + 1;
		if (position >= body.length || (end < body.length && body[end] !== ',')) return undefined;
		return { value, end };
	};
	const values: string[] = [];
	let position = 0;
	for (;;) {
		const quoted = quotedAt(position);
		if (quoted) {
			values.push(quoted.value);
			position = quoted.end;
		} else {
			const stop = body.slice(position).search(/[,)]/);
			const end = stop < 0 ? body.length : position + stop;
			if (body[end] === ')') return undefined;
			values.push(body.slice(position, end));
			position = end;
		}
		if (position === body.length) return values;
		position += 1;
	}
}

/** A Started Before no other test uses, which both tags our requests and keeps every seeded row (T0). */
export function uniqueTag(): string {
	const offset = Number.parseInt(uniqueId('t').slice(2), 16) % 1_000_000_000;
	return new Date(Date.UTC(2100, 0, 1) + offset).toISOString();
}

export function queryOf(exchange: GatewayExchange): URLSearchParams {
	return new URLSearchParams(exchange.url.slice(exchange.url.indexOf('?') + 1));
}

export async function taggedRequests(sinceSeq: number, tag: string): Promise<GatewayExchange[]> {
	return (await getGatewayExchanges(sinceSeq)).filter(
		(exchange) =>
			exchange.url.startsWith('/rest/v1/retell_call_sessions?') &&
			queryOf(exchange).getAll('start_timestamp').includes(`lte.${tag}`),
	);
}

export const getMany = async (filters: INodeParameters): Promise<WorkflowRun> =>
	await runSupabaseNode({ resource: 'session', operation: 'getAll', returnAll: true, filters });

export interface RunError {
	name: string | undefined;
	message: string | undefined;
	httpCode: unknown;
}

export function errorOf(run: WorkflowRun): RunError {
	const error = run.error;
	return {
		name: error?.name,
		message: error?.message,
		httpCode: error && 'httpCode' in error ? error.httpCode : undefined,
	};
}
