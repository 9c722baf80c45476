import { mergeCallSessions, supabaseClient, type MergeReportItem } from '../backends/supabase/clients';
import { closePg, pgQuery, storedSessionRows, uniqueId } from '../backends/supabase/db';

type Row = Record<string, unknown>;

const T0 = Date.parse('2026-01-01T10:00:00.000Z');
const R0 = Date.parse('2026-01-01T10:00:00.500Z');

afterAll(async () => {
	await closePg();
});


function permutations<T>(items: T[]): T[][] {
	if (items.length <= 1) return [items];
	return items.flatMap((item, index) =>
		permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]),
	);
}

const transcriptObject = (turns: number): Row[] =>
	Array.from({ length: turns }, (_, index) => ({
		role: index % 2 ? 'user' : 'agent',
		content: `turn ${index}`,
	}));

/** The five deliveries of one call, as the node's mapping would produce them (without call_id). */
function lifecycle(retellAgentId: string): Row[] {
	const finalTranscript = 'Agent: Hello\nUser: Hi, I would like to book\nAgent: Tomorrow at 10?\nUser: Yes';
	const ended: Row = {
		retell_agent_id: retellAgentId,
		agent_version: 3,
		direction: 'inbound',
		from_number: '+14155550100',
		to_number: '+14155550199',
		call_type: 'phone_call',
		call_status: 'ended',
		start_timestamp: T0,
		end_timestamp: T0 + 60_000,
		duration_ms: 60_000,
		disconnection_reason: 'user_hangup',
		transcript: finalTranscript,
		transcript_object: transcriptObject(4),
		recording_url: 'https://recordings.example/rec.wav?sig=ended',
		cost: 12.5,
		call_cost: { combined_cost: 12.5, total_duration_seconds: 60 },
		metadata: { crm_id: '42' },
		dynamic_variables: { first_name: 'Ada' },
		collected_dynamic_variables: { intent: 'book', slot: 'tomorrow 10:00' },
	};
	return [
		{
			event: 'call_started',
			received_at: R0,
			retell_agent_id: retellAgentId,
			agent_version: 3,
			direction: 'inbound',
			from_number: '+14155550100',
			to_number: '+14155550199',
			call_type: 'phone_call',
			call_status: 'ongoing',
			start_timestamp: T0,
			metadata: { crm_id: '42' },
			dynamic_variables: { first_name: 'Ada' },
			transcript: '',
		},
		{
			event: 'transcript_updated',
			received_at: R0 + 20_000,
			call_status: 'ongoing',
			transcript: 'Agent: Hello\nUser: Hi, I would like to book',
			transcript_object: transcriptObject(2),
			collected_dynamic_variables: { intent: 'book' },
		},
		{
			// Same tier as transcript_updated with an older, shorter transcript: must not win.
			event: 'transfer_started',
			received_at: R0 + 25_000,
			call_status: 'ongoing',
			transcript: 'Agent: Hello',
			transcript_object: transcriptObject(1),
			to_number: null,
		},
		{ event: 'call_ended', received_at: R0 + 61_000, ...ended },
		{
			event: 'call_analyzed',
			received_at: R0 + 90_000,
			...ended,
			recording_url: 'https://recordings.example/rec.wav?sig=analyzed',
			cost: 13.25,
			call_cost: { combined_cost: 13.25, total_duration_seconds: 60 },
			call_analysis: {
				call_summary: 'Booked tomorrow 10:00',
				user_sentiment: 'Positive',
				call_successful: true,
				in_voicemail: false,
				custom_analysis_data: { booked: true },
			},
			call_summary: 'Booked tomorrow 10:00',
			user_sentiment: 'Positive',
			call_successful: true,
			in_voicemail: false,
			custom_analysis_data: { booked: true },
		},
	];
}

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

	it('never moves the status back and never erases a value with null', async () => {
		const callId = uniqueId('call');
		await mergeCallSessions([{ call_id: callId, event: 'call_ended', call_status: 'ended', duration_ms: 5000, transcript: 'final' }]);
		const [late] = await mergeCallSessions([
			{ call_id: callId, event: 'call_started', call_status: 'ongoing', duration_ms: null, transcript: 'fi', from_number: '+1' },
		]);
		expect(late.action).toBe('updated');
		expect(late.session).toMatchObject({
			call_status: 'ended',
			duration_ms: 5000,
			transcript: 'final',
			from_number: '+1',
			last_event: 'call_ended',
		});
		const [same] = await mergeCallSessions([{ call_id: callId, event: 'call_started', call_status: 'registered' }]);
		expect(same.action).toBe('unchanged');
	});

	it('orders statuses registered < ongoing < not_connected < ended < error', async () => {
		const statuses = ['error', 'registered', 'ended', 'not_connected', 'ongoing'];
		const callId = uniqueId('call');
		const report = await mergeCallSessions(statuses.map((call_status) => ({ call_id: callId, call_status })));
		expect(report.map((item) => item.session?.call_status)).toEqual(['error', 'error', 'error', 'error', 'error']);
		// One request per status shows each step; in one request every item reports the final row.
		const ladder = ['registered', 'ongoing', 'not_connected', 'ended'];
		const stepwise = uniqueId('call');
		const steps: unknown[] = [];
		for (const call_status of ladder) steps.push((await mergeCallSessions([{ call_id: stepwise, call_status }]))[0].session?.call_status);
		expect(steps).toEqual(ladder);
		const batched = await mergeCallSessions(ladder.map((call_status) => ({ call_id: `${stepwise}_batch`, call_status })));
		expect(batched.map((item) => [item.action, item.session?.call_status])).toEqual([
			['inserted', 'ended'],
			['updated', 'ended'],
			['updated', 'ended'],
			['updated', 'ended'],
		]);
	});

	it('keeps the longest transcript among transcript_updated events, and the final one over all of them', async () => {
		const events = [
			{ event: 'transcript_updated', transcript: 'Agent: Hi there' },
			{ event: 'transcript_updated', transcript: 'Agent: Hi' },
			{ event: 'call_ended', transcript: 'Agent: Hi there.' },
			{ event: 'transcript_updated', transcript: 'Agent: Hi there. User: a much longer partial' },
		];
		const stepwise = uniqueId('call');
		const steps: unknown[] = [];
		for (const event of events) steps.push((await mergeCallSessions([{ call_id: stepwise, ...event }]))[0].session?.transcript);
		expect(steps).toEqual(['Agent: Hi there', 'Agent: Hi there', 'Agent: Hi there.', 'Agent: Hi there.']);

		const batched = await mergeCallSessions(events.map((event) => ({ call_id: `${stepwise}_batch`, ...event })));
		expect(batched.map((item) => [item.action, item.session?.transcript])).toEqual([
			['inserted', 'Agent: Hi there.'],
			['unchanged', 'Agent: Hi there.'],
			['updated', 'Agent: Hi there.'],
			['unchanged', 'Agent: Hi there.'],
		]);
	});

	it('keeps the earliest receipt per event and derives the tier of rows without an event', async () => {
		const callId = uniqueId('call');
		const [, second, sync] = await mergeCallSessions([
			{ call_id: callId, event: 'call_started', received_at: '2026-01-01T10:00:05Z', call_status: 'ongoing' },
			{ call_id: callId, event: 'call_started', received_at: '2026-01-01T10:00:01Z' },
			// A call fetched from Retell's API (reconcile): no event, but analysis present.
			{ call_id: callId, call_status: 'ended', call_summary: 'from the API', duration_ms: 9000 },
		]);
		expect(second.session?.event_timestamps).toEqual({ call_started: '2026-01-01T10:00:01.000Z' });
		expect(sync.session).toMatchObject({
			call_status: 'ended',
			call_summary: 'from the API',
			last_event: 'call_started',
			event_timestamps: { call_started: '2026-01-01T10:00:01.000Z' },
			field_sources: { call_summary: 'call_analyzed', duration_ms: 'call_analyzed' },
		});
	});

	it('reports bad items without failing the others', async () => {
		const good = uniqueId('call');
		const report = await mergeCallSessions([
			{ call_id: good, event: 'call_started', call_status: 'ongoing' },
			{ call_id: uniqueId('call'), bogus_column: 1 },
			{ call_id: uniqueId('call'), start_timestamp: 'not a time' },
			{ call_status: 'ongoing' },
			{ call_id: uniqueId('call'), event: 42 },
		]);
		expect(report.map((item) => item.action)).toEqual(['inserted', 'error', 'error', 'error', 'error']);
		expect(report[1].error).toEqual({ code: '22023', message: 'unknown call-session column(s): bogus_column' });
		expect(report[2].error?.code).toBe('22007');
		expect(report[3].error?.code).toBe('22023');
		expect(report[4].error?.code).toBe('22023');
		const stored = await storedSessionRows([good]);
		expect(stored.get(good)).toMatchObject({ call_status: 'ongoing' });
	});

	it('rejects a payload that is not an array or object with 400 22023', async () => {
		const { error, status } = await supabaseClient().rpc('retell_merge_call_sessions', { p_rows: 'nope' });
		expect(status).toBe(400);
		expect(error?.code).toBe('22023');
	});

	it("reports every item of a batch larger than PostgREST's max-rows (1000)", async () => {
		const prefix = uniqueId('bulk');
		const { data, error } = await supabaseClient().rpc('retell_merge_call_sessions', {
			p_rows: Array.from({ length: 1500 }, (_, index) => ({ call_id: `${prefix}_${index}`, call_status: 'ended' })),
			p_return_rows: false,
		});
		expect(error).toBeNull();
		const report = data as MergeReportItem[];
		expect(report).toHaveLength(1500);
		expect(report.every((item, index) => item.item_index === index && item.action === 'inserted')).toBe(true);
	});

	it('accepts Retell epoch milliseconds and a single object, and can omit the rows from the report', async () => {
		const callId = uniqueId('call');
		const { data } = await supabaseClient().rpc('retell_merge_call_sessions', {
			p_rows: { call_id: callId, start_timestamp: T0, end_timestamp: T0 + 1500 },
			p_return_rows: false,
		});
		expect(data).toEqual([{ item_index: 0, call_id: callId, action: 'inserted', first_delivery: null }]);
		const [row] = await pgQuery<{ start: string; end: string }>(
			`select to_char(start_timestamp at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') as start,
			        to_char(end_timestamp at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') as end
			   from public.retell_call_sessions where call_id = $1`,
			[callId],
		);
		expect(row).toEqual({ start: '2026-01-01T10:00:00.000', end: '2026-01-01T10:00:01.500' });
	});

	it('links sessions and leads logged before their agent row existed', async () => {
		const lateAgent = uniqueId('agent');
		const callId = uniqueId('call');
		const [first] = await mergeCallSessions([{ call_id: callId, event: 'call_ended', retell_agent_id: lateAgent, call_status: 'ended' }]);
		expect(first.session?.agent_id).toBeNull();
		const lead = await supabaseClient().from('leads').insert({ call_id: callId, name: 'Early' }).select().single();
		expect(lead.error).toBeNull();
		expect(lead.data).toMatchObject({ agent_id: null, retell_agent_id: lateAgent });

		const [agent] = await pgQuery<{ id: string }>(
			'insert into public.agents (retell_agent_id) values ($1) returning id',
			[lateAgent],
		);
		const [linked] = await pgQuery<{ session_agent: string; lead_agent: string }>(
			`select s.agent_id as session_agent, l.agent_id as lead_agent
			   from public.retell_call_sessions s join public.leads l using (call_id) where call_id = $1`,
			[callId],
		);
		expect(linked).toEqual({ session_agent: agent.id, lead_agent: agent.id });
	});
});

describe('leads', () => {
	it('creates one lead per call with on_conflict=call_id and fills it from the session', async () => {
		const client = supabaseClient();
		const callId = uniqueId('call');
		const retellAgentId = uniqueId('agent');
		await pgQuery('insert into public.agents (retell_agent_id) values ($1)', [retellAgentId]);
		await mergeCallSessions([
			{
				call_id: callId,
				event: 'call_analyzed',
				retell_agent_id: retellAgentId,
				direction: 'outbound',
				from_number: '+14155550100',
				to_number: '+14155550123',
			},
		]);

		const first = await client
			.from('leads')
			.upsert({ call_id: callId, name: 'Ada', custom_data: { score: 9 } }, { onConflict: 'call_id', ignoreDuplicates: true })
			.select();
		expect(first.error).toBeNull();
		expect(first.status).toBe(201);
		expect(first.data).toEqual([
			expect.objectContaining({
				call_id: callId,
				name: 'Ada',
				phone: '+14155550123',
				source: 'retell',
				retell_agent_id: retellAgentId,
				custom_data: { score: 9 },
			}),
		]);
		const session = await client.from('retell_call_sessions').select('id, agent_id').eq('call_id', callId).single();
		expect(first.data?.[0]).toMatchObject({ session_id: session.data?.id, agent_id: session.data?.agent_id });

		const duplicate = await client
			.from('leads')
			.upsert({ call_id: callId, name: 'Again' }, { onConflict: 'call_id', ignoreDuplicates: true })
			.select();
		expect(duplicate.error).toBeNull();
		expect(duplicate.data).toEqual([]);
		const count = await client.from('leads').select('id', { count: 'exact', head: true }).eq('call_id', callId);
		expect(count.count).toBe(1);
	});

	it('refuses a lead for a call that has no session (409 23503)', async () => {
		const { error, status } = await supabaseClient().from('leads').insert({ call_id: uniqueId('missing') });
		expect(status).toBe(409);
		expect(error?.code).toBe('23503');
	});
});
