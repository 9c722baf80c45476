import { mergeCallSessions } from '../support/supabase-stack/clients';
import { closePg, pgQuery, storedSessionRows, uniqueId } from '../support/supabase-stack/db';
import { lifecycle, permutations, R0, T0, transcriptObject, type Row } from './mergeFixtures';

/* retell_merge_call_sessions ends in the same row whatever the order and concurrency of a call's deliveries. */

afterAll(async () => {
	await closePg();
});

describe('retell_merge_call_sessions', () => {
	const retellAgentId = uniqueId('agent');
	let agentId: string;

	beforeAll(async () => {
		const [agent] = await pgQuery<{ id: string }>(
			'insert into public.agents (name, retell_agent_id) values ($1, $2) returning id',
			['Merge agent', retellAgentId],
		);
		agentId = agent.id;
	});

	it('ends in the identical row for all 120 delivery orders of five events, across and within requests', async () => {
		const events = lifecycle(retellAgentId);
		const orders = permutations(events.map((_, index) => index));
		expect(orders).toHaveLength(120);
		const prefix = uniqueId('perm');
		const acrossRequests = orders.map((_, index) => `${prefix}_a${index}`);
		const withinRequest = orders.map((_, index) => `${prefix}_b${index}`);

		// Request k carries the k-th delivery of every order: each order is replayed across five transactions.
		for (let step = 0; step < events.length; step++) {
			const report = await mergeCallSessions(orders.map((order, index) => ({ call_id: acrossRequests[index], ...events[order[step]] })));
			expect(report.filter((item) => item.action === 'error')).toEqual([]);
			expect(new Set(report.map((item) => item.action))).toEqual(new Set([step === 0 ? 'inserted' : 'updated']));
		}
		// And all 600 deliveries in one request, each order's events in sequence.
		const single = await mergeCallSessions(
			orders.flatMap((order, index) => order.map((eventIndex) => ({ call_id: withinRequest[index], ...events[eventIndex] }))),
		);
		expect(single).toHaveLength(600);
		expect(single.map((item) => item.item_index)).toEqual(single.map((_, index) => index));
		expect(single.filter((item) => item.action === 'error')).toEqual([]);

		const stored = await storedSessionRows([...acrossRequests, ...withinRequest]);
		expect(stored.size).toBe(240);
		const reference = stored.get(acrossRequests[0]);
		for (const callId of [...acrossRequests, ...withinRequest]) expect(stored.get(callId)).toEqual(reference);

		expect(reference).toEqual({
			agent_id: agentId,
			retell_agent_id: retellAgentId,
			agent_version: 3,
			direction: 'inbound',
			from_number: '+14155550100',
			to_number: '+14155550199',
			call_type: 'phone_call',
			call_status: 'ended',
			start_timestamp: '2026-01-01T10:00:00+00:00',
			end_timestamp: '2026-01-01T10:01:00+00:00',
			duration_ms: 60000,
			disconnection_reason: 'user_hangup',
			transcript: events[3].transcript,
			transcript_object: transcriptObject(4),
			recording_url: 'https://recordings.example/rec.wav?sig=analyzed',
			call_summary: 'Booked tomorrow 10:00',
			user_sentiment: 'Positive',
			call_successful: true,
			in_voicemail: false,
			custom_analysis_data: { booked: true },
			call_analysis: events[4].call_analysis,
			cost: 13.25,
			call_cost: { combined_cost: 13.25, total_duration_seconds: 60 },
			metadata: { crm_id: '42' },
			dynamic_variables: { first_name: 'Ada' },
			collected_dynamic_variables: { intent: 'book', slot: 'tomorrow 10:00' },
			last_event: 'call_analyzed',
			event_timestamps: {
				call_started: '2026-01-01T10:00:00.500Z',
				transcript_updated: '2026-01-01T10:00:20.500Z',
				transfer_started: '2026-01-01T10:00:25.500Z',
				call_ended: '2026-01-01T10:01:01.500Z',
				call_analyzed: '2026-01-01T10:01:30.500Z',
			},
			field_sources: expect.objectContaining({
				transcript: 'call_analyzed',
				metadata: 'call_analyzed',
				recording_url: 'call_analyzed',
			}),
		});

		// Idempotent: replaying everything changes nothing, not even updated_at.
		const before = await pgQuery<{ call_id: string; updated_at: Date }>(
			'select call_id, updated_at from public.retell_call_sessions where call_id = any($1) order by call_id',
			[withinRequest],
		);
		const replay = await mergeCallSessions(
			orders.flatMap((order, index) => order.map((eventIndex) => ({ call_id: withinRequest[index], ...events[eventIndex] }))),
		);
		expect(new Set(replay.map((item) => item.action))).toEqual(new Set(['unchanged']));
		const after = await pgQuery<{ call_id: string; updated_at: Date }>(
			'select call_id, updated_at from public.retell_call_sessions where call_id = any($1) order by call_id',
			[withinRequest],
		);
		expect(after).toEqual(before);
	});

	it('loses no field when 50 single-event requests for one call run concurrently', async () => {
		const kinds = ['call_started', 'transcript_updated', 'transfer_started', 'call_ended', 'call_analyzed'];
		const events: Row[] = Array.from({ length: 50 }, (_, index) => {
			const event = kinds[index % kinds.length];
			const row: Row = { event, received_at: R0 + index * 1000 };
			if (event === 'call_started') Object.assign(row, { call_status: 'ongoing', from_number: '+14155550100', start_timestamp: T0 });
			if (event === 'transcript_updated') Object.assign(row, { call_status: 'ongoing', transcript: 'x'.repeat(index) });
			if (event === 'transfer_started') Object.assign(row, { metadata: { transfer: index } });
			if (event === 'call_ended') Object.assign(row, { call_status: 'ended', duration_ms: 1000 + index, end_timestamp: T0 + index });
			if (event === 'call_analyzed') Object.assign(row, { call_summary: `summary ${index}`, call_successful: index % 2 === 0 });
			if (index === 7) row.retell_agent_id = retellAgentId;
			if (index === 13) row.recording_url = 'https://recordings.example/13.wav';
			if (index === 21) row.dynamic_variables = { only: 'here' };
			return row;
		});
		const concurrentId = uniqueId('concurrent');
		const sequentialId = uniqueId('sequential');

		const reports = await Promise.all(events.map((event) => mergeCallSessions([{ call_id: concurrentId, ...event }])));
		const actions = reports.map(([item]) => item.action);
		expect(actions.filter((action) => action === 'inserted')).toHaveLength(1);
		expect(actions.filter((action) => action === 'error')).toEqual([]);

		await mergeCallSessions(events.map((event) => ({ call_id: sequentialId, ...event })));
		const stored = await storedSessionRows([concurrentId, sequentialId]);
		expect(stored.get(concurrentId)).toEqual(stored.get(sequentialId));
		expect(stored.get(concurrentId)).toMatchObject({
			agent_id: agentId,
			call_status: 'ended',
			from_number: '+14155550100',
			transcript: 'x'.repeat(46),
			duration_ms: 1048,
			call_summary: 'summary 49',
			metadata: { transfer: 47 },
			recording_url: 'https://recordings.example/13.wav',
			dynamic_variables: { only: 'here' },
			last_event: 'call_analyzed',
		});
		expect(Object.keys(stored.get(concurrentId)?.event_timestamps as Row).sort()).toEqual([...kinds].sort());
	});
});
