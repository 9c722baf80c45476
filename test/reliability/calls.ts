import { isDeepStrictEqual } from 'node:util';

import { Client } from 'pg';

import type { EmulatedPhoneCall } from '../support/retell-emulator';

export { prng } from '../../bench/lib/events';

/** One webhook body as Retell posts it for a call event. */
export interface Delivery {
	callId: string;
	event: 'call_started' | 'call_ended' | 'call_analyzed';
	body: string;
}

const ENDED_ONLY: ReadonlyArray<keyof EmulatedPhoneCall> = [
	'end_timestamp',
	'duration_ms',
	'disconnection_reason',
	'transcript',
	'transcript_object',
	'transcript_with_tool_calls',
	'recording_url',
	'call_cost',
];

/**
 * The three lifecycle events of an ended, analyzed call, shaped as the emulator's simulator sends them:
 * call_started while ongoing, call_ended with everything but call_analysis, call_analyzed with all of it
 * (retell-api.md §5.2, https://docs.retellai.com/features/webhook-overview).
 */
export function lifecycleDeliveries(call: EmulatedPhoneCall): Delivery[] {
	const { call_analysis: _analysis, ...ended } = call;
	const started: Record<string, unknown> = { ...ended, call_status: 'ongoing' };
	for (const key of ENDED_ONLY) delete started[key];
	return [
		{ callId: call.call_id, event: 'call_started', body: JSON.stringify({ event: 'call_started', call: started }) },
		{ callId: call.call_id, event: 'call_ended', body: JSON.stringify({ event: 'call_ended', call: ended }) },
		{ callId: call.call_id, event: 'call_analyzed', body: JSON.stringify({ event: 'call_analyzed', call }) },
	];
}

/** Every call's events, a share of them sent twice (as Retell's users report), in a seeded random order. */
export function shuffledDeliveries(calls: EmulatedPhoneCall[], duplicateShare: number, random: () => number): Delivery[] {
	const originals = calls.flatMap(lifecycleDeliveries);
	const deliveries = [...originals];
	const duplicates = Math.round(originals.length * duplicateShare);
	for (let index = 0; index < duplicates; index++) deliveries.push(originals[Math.floor(random() * originals.length)]);
	for (let index = deliveries.length - 1; index > 0; index--) {
		const other = Math.floor(random() * (index + 1));
		[deliveries[index], deliveries[other]] = [deliveries[other], deliveries[index]];
	}
	return deliveries;
}

export interface RowCheck {
	calls: number;
	missing: number;
	/** Rows present whose final state is not the call's. */
	wrong: number;
	/** Which columns were wrong, and how often. */
	wrongColumns: Record<string, number>;
}

interface StoredRow {
	call_id: string;
	[column: string]: unknown;
}

/**
 * The columns a finished call must end with, as Retell's get-call shows it. Not last_event / event_timestamps: they
 * record which webhooks arrived, and Reconcile, which repairs the call's data from the call list, leaves them alone.
 */
function expectedColumns(call: EmulatedPhoneCall): Record<string, unknown> {
	return {
		retell_agent_id: call.agent_id,
		call_status: call.call_status,
		direction: call.direction,
		from_number: call.from_number,
		to_number: call.to_number,
		start_ms: call.start_timestamp,
		end_ms: call.end_timestamp,
		duration_ms: call.duration_ms,
		disconnection_reason: call.disconnection_reason,
		transcript: call.transcript,
		transcript_object: call.transcript_object,
		recording_url: call.recording_url,
		call_summary: call.call_analysis?.call_summary,
		user_sentiment: call.call_analysis?.user_sentiment,
		call_successful: call.call_analysis?.call_successful,
		metadata: call.metadata,
	};
}

/** Compares retell_call_sessions with the calls, column by column. */
export async function checkRows(databaseUrl: string, calls: EmulatedPhoneCall[]): Promise<RowCheck> {
	const client = new Client({ connectionString: databaseUrl });
	await client.connect();
	try {
		const { rows } = await client.query<StoredRow>(
			`select call_id, retell_agent_id, call_status, direction, from_number, to_number,
			        (extract(epoch from start_timestamp) * 1000)::bigint as start_ms,
			        (extract(epoch from end_timestamp) * 1000)::bigint as end_ms,
			        duration_ms, disconnection_reason, transcript, transcript_object, recording_url, call_summary,
			        user_sentiment, call_successful, metadata
			   from public.retell_call_sessions where call_id = any($1)`,
			[calls.map((call) => call.call_id)],
		);
		const stored = new Map(rows.map((row) => [row.call_id, row]));
		const check: RowCheck = { calls: calls.length, missing: 0, wrong: 0, wrongColumns: {} };
		for (const call of calls) {
			const row = stored.get(call.call_id);
			if (!row) {
				check.missing++;
				continue;
			}
			const wrongHere = Object.entries(expectedColumns(call)).filter(
				([column, value]) => !isDeepStrictEqual(normalise(row[column]), value ?? null),
			);
			if (wrongHere.length > 0) check.wrong++;
			for (const [column] of wrongHere) check.wrongColumns[column] = (check.wrongColumns[column] ?? 0) + 1;
		}
		return check;
	} finally {
		await client.end();
	}
}

/** bigint columns come back from pg as strings. */
function normalise(value: unknown): unknown {
	return typeof value === 'string' && /^-?\d+$/.test(value) && value.length < 16 ? Number(value) : (value ?? null);
}
