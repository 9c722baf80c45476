import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';

import { mergeCallSessions } from '../support/supabase-stack/clients';
import { closePg, pgQuery, storedSessionRows, uniqueId, withScratchDatabase } from '../support/supabase-stack/db';
import { getSupabaseTestConnection } from '../support/supabase-stack/connection';
import { applyMigrations } from '../support/supabase-stack/psql';
import { lifecycleEvents, logSessions, outputOf, permutations, quietLargeBodyWarnings, storedSessions, type Row } from './helpers';

/**
 * retell_merge_call_sessions merges all items of one call in a batch into its row at once (one lock,
 * one write). These tests pin what that must not change: the same rows and the same per-item actions
 * as one item per request, every item reporting the stored row, and failures that stay with their item
 * (a bad item) or their call (a row the table refuses).
 */

quietLargeBodyWarnings();

afterAll(async () => {
	await closePg();
});


const T0 = Date.parse('2026-01-01T10:00:00.000Z');

/** Mapped rows of one call's deliveries, with fixed receipt times so that event_timestamps compare too. */
function deliveries(retellAgentId: string): Row[] {
	const ended: Row = {
		event: 'call_ended',
		received_at: T0 + 61_000,
		retell_agent_id: retellAgentId,
		direction: 'inbound',
		from_number: '+14155550100',
		call_status: 'ended',
		end_timestamp: T0 + 60_000,
		duration_ms: 60_000,
		transcript: 'Agent: Hello\nUser: Book me in',
		recording_url: 'https://recordings.example/ended.wav',
		metadata: { crm_id: '42' },
	};
	return [
		{
			event: 'call_started',
			received_at: T0 + 500,
			retell_agent_id: retellAgentId,
			call_status: 'ongoing',
			start_timestamp: T0,
			transcript: '',
		},
		{
			event: 'transcript_updated',
			received_at: T0 + 20_000,
			call_status: 'ongoing',
			transcript: 'Agent: Hello',
			collected_dynamic_variables: { intent: 'book' },
		},
		ended,
		{
			...ended,
			event: 'call_analyzed',
			received_at: T0 + 90_000,
			recording_url: 'https://recordings.example/analyzed.wav',
			call_summary: 'Booked',
			call_successful: true,
		},
		// A late retry of call_ended, received after the first one: an exact duplicate for the merge.
		{ ...ended, received_at: T0 + 95_000 },
	];
}

describe('retell_merge_call_sessions: the items of one call within a batch', () => {
	const retellAgentId = uniqueId('agent');
	let agentId: string;

	beforeAll(async () => {
		const [agent] = await pgQuery<{ id: string }>('insert into public.agents (retell_agent_id) values ($1) returning id', [
			retellAgentId,
		]);
		agentId = agent.id;
	});

	it('end in the rows and per-item actions of one item per request, in all 120 orders; each reports the stored row', async () => {
		const events = deliveries(retellAgentId);
		const orders = permutations([0, 1, 2, 3, 4]);
		const prefix = uniqueId('fold');
		const single = orders.map((_, index) => `${prefix}_single_${index}`);
		const batched = orders.map((_, index) => `${prefix}_batch_${index}`);

		// Reference: request k carries the k-th delivery of every order, so each call sees one item per request.
		const expectedActions: string[][] = orders.map(() => []);
		for (let step = 0; step < 5; step++) {
			const report = await mergeCallSessions(orders.map((order, index) => ({ call_id: single[index], ...events[order[step]] })));
			report.forEach((item, index) => expectedActions[index].push(item.action));
		}
		// The same deliveries in one request, the calls interleaved.
		const items = [0, 1, 2, 3, 4].flatMap((step) =>
			orders.map((order, index) => ({ index, row: { call_id: batched[index], ...events[order[step]] } })),
		);
		const report = await mergeCallSessions(items.map((item) => item.row));
		expect(report.map((item) => item.item_index)).toEqual(items.map((_, index) => index));
		const actions: string[][] = orders.map(() => []);
		report.forEach((item, position) => actions[items[position].index].push(item.action));
		expect(actions).toEqual(expectedActions);
		expect(new Set(expectedActions.map((list) => list[0]))).toEqual(new Set(['inserted']));
		expect(expectedActions.flat()).toContain('unchanged');

		const rows = await storedSessionRows([...single, ...batched]);
		const reference = rows.get(single[0]);
		expect(reference).toMatchObject({
			agent_id: agentId,
			call_status: 'ended',
			transcript: 'Agent: Hello\nUser: Book me in',
			recording_url: 'https://recordings.example/analyzed.wav',
			collected_dynamic_variables: { intent: 'book' },
			last_event: 'call_analyzed',
			event_timestamps: {
				call_started: '2026-01-01T10:00:00.500Z',
				transcript_updated: '2026-01-01T10:00:20.000Z',
				call_ended: '2026-01-01T10:01:01.000Z',
				call_analyzed: '2026-01-01T10:01:30.000Z',
			},
		});
		for (const callId of [...single, ...batched]) expect(rows.get(callId)).toEqual(reference);

		const stored = await storedSessions(batched);
		report.forEach((item) => expect(item.session).toEqual(stored.get(String(item.call_id))));
	});

	it('a bad item fails alone, also among good items of its own call', async () => {
		const callId = uniqueId('call');
		const other = uniqueId('call');
		const [started, , ended] = deliveries(retellAgentId);
		const report = await mergeCallSessions([
			{ call_id: callId, ...started },
			{ call_id: callId, ...ended, agent_version: 1.5 },
			{ call_id: callId, ...ended, bogus_column: 'x' },
			{ call_id: callId, ...ended, start_timestamp: 'not a time' },
			{ call_id: callId, ...ended },
			{ call_id: other, ...started },
		]);
		expect(report.map((item) => [item.call_id, item.action, item.error?.code])).toEqual([
			[callId, 'inserted', undefined],
			[callId, 'error', '22P02'],
			[callId, 'error', '22023'],
			[callId, 'error', '22007'],
			[callId, 'updated', undefined],
			[other, 'inserted', undefined],
		]);
		const stored = (await storedSessions([callId])).get(callId);
		expect(stored).toMatchObject({
			call_status: 'ended',
			agent_version: null,
			start_timestamp: '2026-01-01T10:00:00+00:00',
			last_event: 'call_ended',
		});
		expect(report[0].session).toEqual(stored);
		expect(report[4].session).toEqual(stored);
	});

	it("when the table refuses a call's row, every item of that call reports it and nothing of the call is written", async () => {
		const existing = uniqueId('call');
		const fresh = uniqueId('call');
		const good = uniqueId('call');
		const started: Row = { event: 'call_started', call_status: 'ongoing' };
		// agent_id must name an agents row (foreign key), so the write of a call that gets this one fails.
		const refused = (): Row => ({ event: 'call_ended', call_status: 'ended', agent_id: randomUUID() });
		await mergeCallSessions([{ call_id: existing, ...started }]);
		const before = await storedSessions([existing]);

		const report = await mergeCallSessions([
			{ call_id: fresh, ...started },
			{ call_id: existing, ...refused() },
			{ call_id: good, ...started },
			{ call_id: fresh, ...refused() },
		]);
		expect(report.map((item) => [item.call_id, item.action, item.error?.code])).toEqual([
			[fresh, 'error', '23503'],
			[existing, 'error', '23503'],
			[good, 'inserted', undefined],
			[fresh, 'error', '23503'],
		]);
		expect(report[0].error).toEqual(report[3].error);
		const after = await storedSessions([existing, fresh, good]);
		expect(after.has(fresh)).toBe(false);
		expect(after.get(existing)).toEqual(before.get(existing));
		expect(after.get(good)).toMatchObject({ call_status: 'ongoing' });
	});

	it('a call whose row cannot even be created fails alone', async () => {
		// Too large for the call_id index: the row lock / insert fails for this call only.
		const huge = randomBytes(4000).toString('base64');
		const good = uniqueId('call');
		const [started] = deliveries(retellAgentId);
		const report = await mergeCallSessions([
			{ call_id: huge, ...started },
			{ call_id: good, ...started },
		]);
		expect(report.map((item) => [item.action, item.error?.code])).toEqual([
			['error', '54000'],
			['inserted', undefined],
		]);
		const [{ count }] = await pgQuery<{ count: string }>(
			'select count(*) from public.retell_call_sessions where call_id = any($1)',
			[[huge, good]],
		);
		expect(count).toBe('1');
	});

	it('Session → Log outputs per-item actions and the stored row for each of several events of one call', async () => {
		const callId = uniqueId('call');
		const [started, transcript, , ended, analyzed] = lifecycleEvents(callId, retellAgentId);
		const run = await logSessions([started, ended, ended, analyzed, transcript]);
		const output = outputOf(run);
		expect(output.map((item) => item.action)).toEqual(['inserted', 'updated', 'unchanged', 'updated', 'updated']);
		// The repeated call_ended is the only item that is not the first delivery of its event.
		expect(output.map((item) => item.first_delivery)).toEqual([true, true, false, true, true]);
		expect(run.items().map((item) => item.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		const stored = (await storedSessions([callId])).get(callId);
		expect(stored).toMatchObject({ agent_id: agentId, call_status: 'ended', last_event: 'call_analyzed' });
		for (const item of output) {
			const row = { ...item };
			delete row.action;
			delete row.first_delivery;
			expect(row).toEqual(stored);
		}
	});
});

describe('the migration', () => {
	it('replaces an earlier retell_merge_call_sessions that returned jsonb', async () => {
		const { pgBinDir } = getSupabaseTestConnection();
		await withScratchDatabase({ supabase: true }, async (databaseUrl) => {
			const client = new Client({ connectionString: databaseUrl });
			await client.connect();
			try {
				await client.query(`create function public.retell_merge_call_sessions(p_rows jsonb, p_return_rows boolean default true)
					returns jsonb language sql as $$ select '[]'::jsonb $$`);
				await applyMigrations({ binDir: pgBinDir, databaseUrl, singleTransaction: true });
				await applyMigrations({ binDir: pgBinDir, databaseUrl });
				const { rows } = await client.query<{ type: string; report: unknown }>(
					`select pg_typeof(r)::text as type, r as report
					   from public.retell_merge_call_sessions('[{"call_id":"c1","call_status":"ongoing"}]', false) as r`,
				);
				expect(rows).toEqual([{ type: 'json', report: [{ item_index: 0, call_id: 'c1', action: 'inserted', first_delivery: null }] }]);
			} finally {
				await client.end();
			}
		});
	});
});
