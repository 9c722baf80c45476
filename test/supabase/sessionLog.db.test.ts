import { getGatewaySeq } from '../support/supabase-stack/connection';
import { closePg, pgQuery, uniqueId } from '../support/supabase-stack/db';
import {
	analyzedCall,
	countSessions,
	endedCall,
	lifecycleEvents,
	logSessions,
	mergeRequestsSince,
	outputOf,
	quietLargeBodyWarnings,
	storedSessions,
	T0,
} from './helpers';

quietLargeBodyWarnings();

afterAll(async () => {
	await closePg();
});

describe('Retell Supabase → Session → Log', () => {
	const agentId = uniqueId('agent');

	it('logs each item and reports inserted / updated / unchanged with the stored row, paired to its item', async () => {
		const callId = uniqueId('call');
		const [started, , , ended] = lifecycleEvents(callId, agentId);

		const first = await logSessions([started]);
		expect(outputOf(first)).toEqual([
			expect.objectContaining({ action: 'inserted', call_id: callId, call_status: 'ongoing', retell_agent_id: agentId }),
		]);

		const second = await logSessions([ended, ended]);
		const [updated, replayed] = outputOf(second);
		expect(updated).toMatchObject({ action: 'updated', call_id: callId, call_status: 'ended', duration_ms: 60_000 });
		expect(replayed).toMatchObject({ action: 'unchanged', call_id: callId, call_status: 'ended' });
		expect(second.items().map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);

		const stored = (await storedSessions([callId])).get(callId);
		expect(stored).toMatchObject({
			call_status: 'ended',
			start_timestamp: '2026-01-01T10:00:00+00:00',
			end_timestamp: '2026-01-01T10:01:00+00:00',
			transcript: endedCall(callId, agentId).transcript,
			metadata: { crm_id: '42' },
			dynamic_variables: { first_name: 'Ada' },
			cost: 12.5,
		});
	});

	it('takes every shape a workflow hands over: Trigger item, {event, call}, a call object, a Webhook node body', async () => {
		const ids = [uniqueId('call'), uniqueId('call'), uniqueId('call'), uniqueId('call')];
		const run = await logSessions([
			{ event: 'call_ended', ...endedCall(ids[0], agentId) },
			{ event: 'call_ended', call: endedCall(ids[1], agentId) },
			analyzedCall(ids[2], agentId),
			{ headers: {}, params: {}, query: {}, body: { event: 'call_analyzed', call: analyzedCall(ids[3], agentId) } },
		]);
		expect(outputOf(run).map((item) => item.action)).toEqual(['inserted', 'inserted', 'inserted', 'inserted']);
		const stored = await storedSessions(ids);
		expect(stored.get(ids[0])).toMatchObject({ last_event: 'call_ended', call_status: 'ended' });
		expect(stored.get(ids[1])).toMatchObject({ last_event: 'call_ended', call_status: 'ended' });
		// A call object has no event: the merge infers the stage and leaves event bookkeeping alone.
		expect(stored.get(ids[2])).toMatchObject({ last_event: null, event_timestamps: {}, call_summary: 'Ada booked tomorrow at 10:00.' });
		expect(stored.get(ids[3])).toMatchObject({ last_event: 'call_analyzed', user_sentiment: 'Positive' });
	});

	it('sends 1,000 items in two requests with batch size 500 (one with 1000), and keeps every item', async () => {
		const marker = uniqueId('bulk');
		const items = Array.from({ length: 1000 }, (_, index) => ({
			event: 'call_ended',
			call: { ...endedCall(`${marker}_${index}`, agentId), start_timestamp: T0 + index },
		}));
		const seq = await getGatewaySeq();
		const run = await logSessions(items, { batchSize: 500, includeSession: false });
		const output = outputOf(run);
		expect(output).toHaveLength(1000);
		expect(output[0]).toEqual({ action: 'inserted', first_delivery: true, call_id: `${marker}_0` });
		expect(output[999]).toEqual({ action: 'inserted', first_delivery: true, call_id: `${marker}_999` });
		expect(run.items().map((item) => item.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		const requests = await mergeRequestsSince(seq, marker);
		expect(requests).toHaveLength(2);
		expect(requests.map((request) => (JSON.parse(request.body) as { p_rows: unknown[] }).p_rows.length)).toEqual([500, 500]);
		expect(await countSessions(items.map((_, index) => `${marker}_${index}`))).toBe(1000);

		const seqAgain = await getGatewaySeq();
		const replay = await logSessions(items, { batchSize: 1000, includeSession: false });
		expect(new Set(outputOf(replay).map((item) => item.action))).toEqual(new Set(['unchanged']));
		expect(await mergeRequestsSince(seqAgain, marker)).toHaveLength(1);
	});

	it('stops before writing anything when an item has no call_id', async () => {
		const marker = uniqueId('nocall');
		const seq = await getGatewaySeq();
		const run = await logSessions([
			{ event: 'call_ended', call: endedCall(`${marker}_a`, agentId) },
			{ event: 'call_ended', call: { call_status: 'ended' } },
			{ event: 'call_ended', call: endedCall(`${marker}_b`, agentId) },
		]);
		expect(run.status).toBe('error');
		expect(run.error?.name).toBe('NodeOperationError');
		expect(run.error?.message).toBe('The item has no call_id');
		expect(run.error?.context.itemIndex).toBe(1);
		expect(await countSessions([`${marker}_a`, `${marker}_b`])).toBe(0);
		expect(await mergeRequestsSince(seq, marker)).toHaveLength(0);
	});

	it('with Continue On Fail: the item without call_id is an error item, the others are logged', async () => {
		const marker = uniqueId('cof');
		const run = await logSessions(
			[
				{ event: 'call_ended', call: endedCall(`${marker}_a`, agentId) },
				{ event: 'chat_started', chat: { chat_id: 'chat_1' } },
				{ event: 'call_ended', call: endedCall(`${marker}_b`, agentId) },
			],
			{},
			{ continueOnFail: true },
		);
		const output = outputOf(run);
		expect(output[0]).toMatchObject({ action: 'inserted', call_id: `${marker}_a` });
		expect(output[1]).toEqual({ error: 'The item has no call_id', errorDescription: expect.stringContaining('Nothing was written') });
		expect(output[2]).toMatchObject({ action: 'inserted', call_id: `${marker}_b` });
		expect(run.items().map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(await countSessions([`${marker}_a`, `${marker}_b`])).toBe(2);
	});

	it('reports a row the database refuses as an error of that item only', async () => {
		const marker = uniqueId('bad');
		// agent_version is an integer column: 1.5 fails inside the merge function for this row only.
		const items = [
			{ event: 'call_ended', call: endedCall(`${marker}_a`, agentId) },
			{ event: 'call_ended', call: { ...endedCall(`${marker}_b`, agentId), agent_version: 1.5 } },
		];
		const failed = await logSessions(items);
		expect(failed.status).toBe('error');
		expect(failed.error?.name).toBe('NodeApiError');
		expect(failed.error?.message).toContain(`Could not log call ${marker}_b`);
		expect(failed.error?.context.itemIndex).toBe(1);

		const tolerated = await logSessions(items, {}, { continueOnFail: true });
		const [ok, bad] = outputOf(tolerated);
		expect(ok).toMatchObject({ action: 'unchanged', call_id: `${marker}_a` });
		expect(bad).toMatchObject({ error: expect.stringContaining(`Could not log call ${marker}_b`), errorCode: '22P02' });
		expect(bad).not.toHaveProperty('httpCode');
		expect(await countSessions([`${marker}_a`, `${marker}_b`])).toBe(1);
	});

	it('never writes a column the table lacks: the agent name stays out of the row', async () => {
		const callId = uniqueId('call');
		const run = await logSessions([{ event: 'call_ended', call: endedCall(callId, agentId) }]);
		expect(outputOf(run)[0]).not.toHaveProperty('agent_name');
		const [row] = await pgQuery('select retell_agent_id from public.retell_call_sessions where call_id = $1', [callId]);
		expect(row).toEqual({ retell_agent_id: agentId });
	});
});
