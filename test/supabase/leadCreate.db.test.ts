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
		'select call_id, session_id, agent_id, retell_agent_id, phone, name, email, interest, appointment_time, notes, source, custom_data from public.leads where call_id = $1',
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
			interest: null,
			appointment_time: null,
			// customer_name and email went to their columns; the rest of the analysis stays.
			custom_data: { booked: true },
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
	describe('with the lead details Agent → Provision declared', () => {
		const declared = {
			customer_name: 'Ada Lovelace',
			email: 'ada@example.com',
			callback_number: '+14155550177',
			interest: 'Solar panels',
			appointment_time: '2026-03-14T15:30:00',
			budget: 12000,
		};
		const analyzedWith = (callId: string, custom: IDataObject) => ({
			event: 'call_analyzed',
			...analyzedCall(callId, agentId),
			call_analysis: { ...ANALYSIS, custom_analysis_data: custom },
		});

		it('stores each in its column, the time in the given zone as a timestamptz, custom fields in custom_data', async () => {
			const callId = uniqueId('call');
			const analyzed = analyzedWith(callId, declared);
			outputOf(await logSessions([analyzed]));
			const [lead] = outputOf(await createLead([analyzed], { options: { timeZone: 'America/Los_Angeles' } }));
			expect(lead).toMatchObject({
				action: 'created',
				name: 'Ada Lovelace',
				email: 'ada@example.com',
				phone: '+14155550177',
				interest: 'Solar panels',
				custom_data: { budget: 12000 },
			});
			// PostgREST answers timestamptz in the database's zone (UTC here): the same instant.
			expect(Date.parse(String(lead.appointment_time))).toBe(Date.parse('2026-03-14T22:30:00Z'));
			const [stored] = await leadsOf(callId);
			expect((stored.appointment_time as Date).toISOString()).toBe('2026-03-14T22:30:00.000Z');
		});

		it('keeps what no column can hold in custom_data and stores nothing wrong in a column', async () => {
			const callId = uniqueId('call');
			const analyzed = analyzedWith(callId, { ...declared, email: 'ada at example', appointment_time: 'next Tuesday', interest: ['solar', 'battery'] });
			outputOf(await logSessions([analyzed]));
			const [lead] = outputOf(await createLead([analyzed]));
			expect(lead).toMatchObject({
				name: 'Ada Lovelace',
				email: null,
				interest: null,
				appointment_time: null,
				phone: '+14155550177',
				custom_data: { budget: 12000, email: 'ada at example', appointment_time: 'next Tuesday', interest: ['solar', 'battery'] },
			});
		});

		it('creates a lead from a call whose analysis lacks them: the caller\'s number and the summary', async () => {
			const callId = uniqueId('call');
			const analyzed = analyzedWith(callId, {});
			outputOf(await logSessions([analyzed]));
			const [lead] = outputOf(await createLead([analyzed]));
			expect(lead).toMatchObject({ name: null, email: null, interest: null, appointment_time: null, phone: '+14155550100', notes: ANALYSIS.call_summary, custom_data: null });
		});

		it('takes a typed Appointment Time in the workflow\'s zone, and names an unknown time zone', async () => {
			const callId = uniqueId('call');
			const analyzed = analyzedWith(callId, declared);
			outputOf(await logSessions([analyzed]));
			const [lead] = outputOf(
				await createLead([analyzed], { leadFields: { appointmentTime: '2026-04-02T09:00:00', interest: 'Typed' }, options: { timeZone: 'Europe/Berlin' } }),
			);
			expect(lead).toMatchObject({ interest: 'Typed' });
			expect(Date.parse(String(lead.appointment_time))).toBe(Date.parse('2026-04-02T07:00:00Z'));

			const failed = await createLead([analyzedWith(uniqueId('call'), declared)], { options: { timeZone: 'Mars/Olympus' } });
			expect(failed.error?.message).toBe('Unknown time zone "Mars/Olympus"');
			expect(failed.error?.context.itemIndex).toBe(0);
		});
	});
});
