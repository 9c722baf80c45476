import type { IDataObject } from 'n8n-workflow';

import { closePg, pgQuery, storedSessionRows, uniqueId } from '../support/supabase-stack/db';
import {
	ANALYSIS,
	endedCall,
	lifecycleEvents,
	logSessions,
	outputOf,
	permutations,
	quietLargeBodyWarnings,
	storedSessions,
	T0,
	type Row,
} from './helpers';

quietLargeBodyWarnings();

afterAll(async () => {
	await closePg();
});

/** An event of `template`'s call, re-addressed to `callId` in whichever shape it has. */
function forCall(event: IDataObject, callId: string): IDataObject {
	const call = event.call;
	if (typeof call === 'object' && call !== null && !Array.isArray(call)) return { ...event, call: { ...call, call_id: callId } };
	return { ...event, call_id: callId };
}

/** event_timestamps holds receipt times (now() per request), which legitimately differ between calls. */
const RECEIPT_COLUMNS = ['event_timestamps'];

function expectFinalLifecycleRow(row: Row | undefined, agentId: string, callId: string): void {
	const ended = endedCall(callId, agentId);
	expect(row).toMatchObject({
		retell_agent_id: agentId,
		agent_version: 3,
		direction: 'inbound',
		from_number: '+14155550100',
		to_number: '+14155550199',
		call_type: 'phone_call',
		call_status: 'ended',
		start_timestamp: '2026-01-01T10:00:00+00:00',
		end_timestamp: '2026-01-01T10:01:00+00:00',
		duration_ms: 60_000,
		disconnection_reason: 'user_hangup',
		transcript: ended.transcript,
		transcript_object: ended.transcript_object,
		recording_url: 'https://recordings.example/rec.wav?sig=analyzed',
		call_summary: ANALYSIS.call_summary,
		user_sentiment: 'Positive',
		call_successful: true,
		in_voicemail: false,
		custom_analysis_data: ANALYSIS.custom_analysis_data,
		cost: 13.25,
		metadata: { crm_id: '42' },
		dynamic_variables: { first_name: 'Ada' },
		collected_dynamic_variables: { intent: 'book', slot: 'tomorrow 10:00' },
		last_event: 'call_analyzed',
	});
}

describe('Session → Log is order-independent, concurrency-safe and idempotent (through the node)', () => {
	const agentId = uniqueId('agent');
	const template = lifecycleEvents('template', agentId);

	it('ends in the identical row for each of the 120 orders of five events, across runs, in one request and across batches', async () => {
		const orders = permutations([0, 1, 2, 3, 4]);
		expect(orders).toHaveLength(120);
		const prefix = uniqueId('perm');
		const callId = (group: string, order: number) => `${prefix}_${group}_${order}`;

		// Group "runs": five node runs of 120 items; run k carries the k-th event of every order.
		for (let position = 0; position < 5; position++) {
			const items = orders.map((order, index) => forCall(template[order[position]], callId('runs', index)));
			const run = await logSessions(items, { includeSession: false });
			expect(outputOf(run)).toHaveLength(120);
		}
		// Group "one": all 600 items in one request, each call's events in its order.
		const oneRequest = orders.flatMap((order, index) => order.map((event) => forCall(template[event], callId('one', index))));
		expect(outputOf(await logSessions(oneRequest, { batchSize: 1000, includeSession: false }))).toHaveLength(600);
		// Group "split": the same, interleaved across calls and cut into batches of 7.
		const split = [0, 1, 2, 3, 4].flatMap((position) =>
			orders.map((order, index) => forCall(template[order[position]], callId('split', index))),
		);
		expect(outputOf(await logSessions(split, { batchSize: 7, includeSession: false }))).toHaveLength(600);

		const ids = ['runs', 'one', 'split'].flatMap((group) => orders.map((_, index) => callId(group, index)));
		const state = await storedSessionRows(ids, RECEIPT_COLUMNS);
		expect(state.size).toBe(360);
		const reference = state.get(callId('runs', 0));
		expectFinalLifecycleRow(reference, agentId, callId('runs', 0));
		const differing = ids.filter((id) => JSON.stringify(state.get(id)) !== JSON.stringify(reference));
		expect(differing).toEqual([]);
		for (const row of (await storedSessions(ids)).values()) {
			expect(Object.keys(row.event_timestamps as object).sort()).toEqual(
				['call_analyzed', 'call_ended', 'call_started', 'transcript_updated', 'transfer_started'],
			);
		}
	});

	it('loses no field when 50 events of one call arrive in 50 concurrent executions', async () => {
		// The five lifecycle events and 45 partial transcript_updated events: under concurrency a lost
		// update would drop fields of whichever event lost, and the row would differ from the reference.
		const partial = (index: number): IDataObject => ({
			event: 'transcript_updated',
			call: {
				call_id: 'template',
				call_status: 'ongoing',
				transcript: `Agent: Hello ${'.'.repeat(index)}`,
				collected_dynamic_variables: { intent: 'book', [`step_${index}`]: true },
			},
		});
		const events = Array.from({ length: 50 }, (_, index) => (index < 5 ? template[index] : partial(index)));
		const concurrentId = uniqueId('concurrent');
		const sequentialId = uniqueId('sequential');

		const runs = await Promise.all(events.map(async (event) => await logSessions([forCall(event, concurrentId)])));
		const actions = runs.map((run) => outputOf(run)[0].action);
		expect(actions.filter((action) => action === 'inserted')).toHaveLength(1);
		expect(actions.every((action) => ['inserted', 'updated', 'unchanged'].includes(String(action)))).toBe(true);

		// The reference: the same events one request at a time, in order.
		const sequential = await logSessions(events.map((event) => forCall(event, sequentialId)), { batchSize: 1 });
		expect(outputOf(sequential)).toHaveLength(50);

		const state = await storedSessionRows([concurrentId, sequentialId], RECEIPT_COLUMNS);
		expectFinalLifecycleRow(state.get(concurrentId), agentId, concurrentId);
		expect(state.get(concurrentId)).toEqual(state.get(sequentialId));
		const [{ count }] = await pgQuery<{ count: string }>(
			'select count(*) from public.retell_call_sessions where call_id = $1',
			[concurrentId],
		);
		expect(count).toBe('1');
	});

	it('replaying a whole day of events changes nothing: every item unchanged, every row byte-identical', async () => {
		const prefix = uniqueId('day');
		const calls = Array.from({ length: 100 }, (_, index) => `${prefix}_${index}`);
		const day = calls.flatMap((callId, index) => {
			const [started, , , ended, analyzed] = lifecycleEvents(callId, agentId);
			const start = T0 + index * 60_000;
			return [
				{ ...started, start_timestamp: start },
				forCall({ ...ended, call: { ...endedCall(callId, agentId), start_timestamp: start } }, callId),
				{ ...analyzed, start_timestamp: start, direction: index % 2 ? 'inbound' : 'outbound' },
			];
		});
		// Deterministically shuffled, as a day of retries and late deliveries would be.
		const shuffled = day.map((item, index) => ({ item, key: (index * 7919) % day.length })).sort((a, b) => a.key - b.key).map(({ item }) => item);

		const first = await logSessions(shuffled, { includeSession: false });
		expect(outputOf(first)).toHaveLength(300);
		const before = await storedSessions(calls);
		expect(before.size).toBe(100);

		const second = await logSessions(shuffled, { includeSession: false });
		expect(new Set(outputOf(second).map((item) => item.action))).toEqual(new Set(['unchanged']));
		const after = await storedSessions(calls);
		expect(after).toEqual(before);
	});
});
