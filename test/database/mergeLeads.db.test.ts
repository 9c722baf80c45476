import { mergeCallSessions, supabaseClient } from '../support/supabase-stack/clients';
import { closePg, pgQuery, uniqueId } from '../support/supabase-stack/db';

/* Leads: one per call, filled from its session, and linked to an agent row that came after them. */

afterAll(async () => {
	await closePg();
});

describe('retell_merge_call_sessions', () => {
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
