import type { IDataObject } from 'n8n-workflow';

import { getGatewaySeq, getGatewayExchanges } from '../support/supabase-stack/connection';
import { closePg, pgQuery, uniqueId } from '../support/supabase-stack/db';
import { runWorkflow } from '../support/harness';
import { analyzedCall, ANALYSIS, logSessions, outputOf, runSupabaseNode, supabaseCredentials } from './helpers';

afterAll(async () => {
	await closePg();
});

const createLead = async (input: IDataObject[], parameters: IDataObject = {}, continueOnFail = false) =>
	await runSupabaseNode({ resource: 'lead', operation: 'createFromCall', ...parameters }, { input, continueOnFail });

async function leadsOf(callId: string): Promise<IDataObject[]> {
	return await pgQuery(
		'select call_id, session_id, agent_id, retell_agent_id, phone, name, email, notes, source, custom_data from public.leads where call_id = $1',
		[callId],
	);
}

describe('Retell Supabase → Lead → Create From Call', () => {
	const agentId = uniqueId('agent');

	it('maps the analysis to a lead, linked to the session and agent', async () => {
		const callId = uniqueId('call');
		const [agent] = await pgQuery<{ id: string }>(
			"insert into public.agents (name, retell_agent_id) values ('Lead agent', $1) returning id",
			[agentId],
		);
		const analyzed = { event: 'call_analyzed', ...analyzedCall(callId, agentId) };
		const [session] = outputOf(await logSessions([analyzed]));

		const [lead] = outputOf(await createLead([analyzed]));
		expect(lead).toMatchObject({
			action: 'created',
			id: expect.any(String),
			call_id: callId,
			session_id: session.id,
			agent_id: agent.id,
			retell_agent_id: agentId,
			name: 'Ada Lovelace',
			email: 'ada@example.com',
			phone: '+14155550100',
			notes: ANALYSIS.call_summary,
			source: 'retell',
			custom_data: ANALYSIS.custom_analysis_data,
		});
	});

	it('is idempotent per call: a replay (or a duplicate item) returns the existing lead unchanged', async () => {
		const callId = uniqueId('call');
		const analyzed = { event: 'call_analyzed', call: analyzedCall(callId, agentId) };
		outputOf(await logSessions([analyzed]));
		const [created] = outputOf(await createLead([analyzed]));
		expect(created.action).toBe('created');

		const seq = await getGatewaySeq();
		const replay = outputOf(await createLead([analyzed, analyzed], { leadFields: { name: 'Someone Else' } }));
		expect(replay.map((lead) => [lead.action, lead.id, lead.name])).toEqual([
			['existing', created.id, 'Ada Lovelace'],
			['existing', created.id, 'Ada Lovelace'],
		]);
		expect(await leadsOf(callId)).toHaveLength(1);
		const inserts = (await getGatewayExchanges(seq)).filter(
			(exchange) => exchange.method === 'POST' && exchange.url.startsWith('/rest/v1/leads') && exchange.body.includes(callId),
		);
		expect(inserts.length).toBe(2);
		expect(inserts.every((exchange) => exchange.url.includes('on_conflict=call_id'))).toBe(true);
		expect(inserts.every((exchange) => String(exchange.headers.prefer).includes('resolution=ignore-duplicates'))).toBe(true);
	});

	it('follows Session → Log in a workflow, reading the logged session', async () => {
		const callId = uniqueId('call');
		const run = await runWorkflow({
			nodes: [
				{ name: 'Log', type: 'retellSupabase', parameters: { resource: 'session', operation: 'log' } },
				{ name: 'Lead', type: 'retellSupabase', parameters: { resource: 'lead', operation: 'createFromCall' } },
			],
			input: [{ event: 'call_analyzed', ...analyzedCall(callId, agentId), direction: 'outbound' }],
			credentials: supabaseCredentials(),
		});
		expect(run.status).toBe('success');
		expect(run.json('Lead')).toEqual([
			expect.objectContaining({
				action: 'created',
				call_id: callId,
				name: 'Ada Lovelace',
				phone: '+14155550199',
				notes: ANALYSIS.call_summary,
			}),
		]);
	});

	it('takes the name from the call\'s dynamic variables when the analysis has none (the place-calls example)', async () => {
		const callId = uniqueId('call');
		const call = {
			...analyzedCall(callId, agentId),
			direction: 'outbound',
			retell_llm_dynamic_variables: { customer_name: 'Grace Hopper', appointment: 'Tuesday 11:30' },
			call_analysis: { ...ANALYSIS, custom_analysis_data: {} },
		};
		const analyzed = { event: 'call_analyzed', call };
		outputOf(await logSessions([analyzed]));

		const [lead] = outputOf(await createLead([analyzed]));
		expect(lead).toMatchObject({ action: 'created', name: 'Grace Hopper', phone: '+14155550199' });
		expect(await leadsOf(callId)).toEqual([expect.objectContaining({ name: 'Grace Hopper', custom_data: null })]);
	});

	it('reads other custom-data keys, and explicit values win', async () => {
		const callId = uniqueId('call');
		const call = {
			...analyzedCall(callId, agentId),
			direction: 'outbound',
			call_analysis: {
				call_summary: 'Wants a callback.',
				custom_analysis_data: { 'Full Name': 'Grace Hopper', contact_email: 'grace@example.com', callback_number: '+14155550777' },
			},
		};
		outputOf(await logSessions([call]));
		const [lead] = outputOf(
			await createLead([call], {
				customDataKeys: { nameKeys: 'full_name', emailKeys: 'email, contact_email', phoneKeys: 'callback_number' },
				leadFields: { notes: '={{ "Call back: " + $json.call_analysis.call_summary }}', source: 'campaign-7' },
				options: { includeCustomData: false },
			}),
		);
		expect(lead).toMatchObject({
			name: 'Grace Hopper',
			email: 'grace@example.com',
			phone: '+14155550777',
			notes: 'Call back: Wants a callback.',
			source: 'campaign-7',
			custom_data: null,
		});
	});

	it('says to log the session first when the call has none, and writes nothing', async () => {
		const callId = uniqueId('call');
		const run = await createLead([{ event: 'call_analyzed', ...analyzedCall(callId, agentId) }]);
		expect(run.status).toBe('error');
		expect(run.error?.message).toBe(`No session for call ${callId}`);
		expect(run.error?.description).toContain('Log the session first (Session → Log)');
		expect(run.error).toMatchObject({ httpCode: '409' });
		expect(run.error?.context.itemIndex).toBe(0);
		expect(await leadsOf(callId)).toEqual([]);
	});

	it('needs a call id, from the item or Lead Fields → Call ID', async () => {
		const run = await createLead([{ custom_analysis_data: { name: 'X' } }], {}, true);
		expect(outputOf(run)).toEqual([expect.objectContaining({ error: 'The item has no call_id' })]);

		const callId = uniqueId('call');
		outputOf(await logSessions([analyzedCall(callId, agentId)]));
		const [lead] = outputOf(await createLead([{}], { leadFields: { callId, name: 'Typed In' } }));
		expect(lead).toMatchObject({ action: 'created', call_id: callId, name: 'Typed In', phone: '+14155550100' });
	});
});
