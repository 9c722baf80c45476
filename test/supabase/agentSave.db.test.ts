import type { IDataObject } from 'n8n-workflow';

import { closePg, pgQuery, uniqueId } from '../support/supabase-stack/db';
import { endedCall, logSessions, outputOf, runSupabaseNode } from './helpers';

afterAll(async () => {
	await closePg();
});

/** What Retell → Agent → Provision outputs (nodes/Retell/actions/agent/provision.operation.ts). */
function provisionOutput(retellAgentId: string): IDataObject {
	return {
		retell_agent_id: retellAgentId,
		retell_llm_id: 'llm_0123',
		retell_phone_number_id: '+14155550123',
		phone_number: '+14155550123',
		name: 'Front Desk',
		description: 'Books appointments',
		voice_id: '11labs-Jenny',
		prompt: 'You are the receptionist of Acme.',
		provider_type: 'retell',
		agent: { agent_id: retellAgentId, agent_name: 'Front Desk' },
		llm: { llm_id: 'llm_0123' },
		phone_number_object: { phone_number: '+14155550123' },
	};
}

async function agentRows(retellAgentId: string): Promise<IDataObject[]> {
	return await pgQuery(
		`select name, description, voice_id, prompt, phone_number, retell_agent_id, retell_phone_number_id, provider_type
		   from public.agents where retell_agent_id = $1`,
		[retellAgentId],
	);
}

const save = async (input: IDataObject[], parameters: IDataObject = {}, continueOnFail = false) =>
	await runSupabaseNode({ resource: 'agent', operation: 'save', ...parameters }, { input, continueOnFail });

describe('Retell Supabase → Agent → Save', () => {
	it('saves Provision output as an agents row, provider_type retell by default', async () => {
		const retellAgentId = uniqueId('agent');
		const [saved] = outputOf(await save([provisionOutput(retellAgentId)]));
		expect(saved).toMatchObject({
			id: expect.any(String),
			retell_agent_id: retellAgentId,
			name: 'Front Desk',
			description: 'Books appointments',
			voice_id: '11labs-Jenny',
			prompt: 'You are the receptionist of Acme.',
			phone_number: '+14155550123',
			retell_phone_number_id: '+14155550123',
			provider_type: 'retell',
		});
	});

	it('is an idempotent upsert on retell_agent_id that never blanks columns a later item lacks', async () => {
		const retellAgentId = uniqueId('agent');
		const other = uniqueId('agent');
		const [first] = outputOf(await save([provisionOutput(retellAgentId)]));
		const [again] = outputOf(await save([provisionOutput(retellAgentId)]));
		expect(again.id).toBe(first.id);

		// Agent → Create output: agent_id / agent_name, no prompt and no number. In one execution with a
		// full item of another agent, the rows have different keys (the batched-upsert NULL trap).
		const run = await save([
			{ agent_id: retellAgentId, agent_name: 'Front Desk 2', voice_id: '11labs-Adrian', response_engine: { type: 'retell-llm' } },
			provisionOutput(other),
		]);
		expect(outputOf(run).map((row) => row.retell_agent_id)).toEqual([retellAgentId, other]);
		expect(await agentRows(retellAgentId)).toEqual([
			{
				name: 'Front Desk 2',
				description: 'Books appointments',
				voice_id: '11labs-Adrian',
				prompt: 'You are the receptionist of Acme.',
				phone_number: '+14155550123',
				retell_agent_id: retellAgentId,
				retell_phone_number_id: '+14155550123',
				provider_type: 'retell',
			},
		]);
	});

	it('lets typed fields override the item, and saves without any input data', async () => {
		const retellAgentId = uniqueId('agent');
		outputOf(
			await save([provisionOutput(retellAgentId)], {
				providerType: 'twilio',
				fields: { name: 'Night Desk', prompt: 'After hours.' },
			}),
		);
		expect(await agentRows(retellAgentId)).toEqual([
			expect.objectContaining({ name: 'Night Desk', prompt: 'After hours.', voice_id: '11labs-Jenny', provider_type: 'twilio' }),
		]);

		const bare = uniqueId('agent');
		outputOf(await save([{}], { providerType: 'vapi', fields: { retellAgentId: bare, name: 'Tool-made' } }));
		expect(await agentRows(bare)).toEqual([expect.objectContaining({ name: 'Tool-made', provider_type: 'vapi', prompt: null })]);
	});

	it('refuses a provider type outside retell / twilio / vapi before writing', async () => {
		const retellAgentId = uniqueId('agent');
		const run = await save([provisionOutput(retellAgentId)], { providerType: '={{ "skype" }}' });
		expect(run.status).toBe('error');
		expect(run.error?.message).toBe('The parameter "providerType" must be one of retell, twilio, vapi');
		expect(run.error?.context.itemIndex).toBe(0);
		expect(await agentRows(retellAgentId)).toEqual([]);
		// The table enforces the same list.
		await expect(
			pgQuery("insert into public.agents (retell_agent_id, provider_type) values ($1, 'skype')", [retellAgentId]),
		).rejects.toMatchObject({ code: '23514' });
	});

	it('needs a Retell agent ID: from the item or the fields', async () => {
		const run = await save([{ name: 'Nameless' }]);
		expect(run.status).toBe('error');
		expect(run.error?.message).toBe('No Retell agent ID to save the agent under');
		expect(run.error?.context.itemIndex).toBe(0);
	});

	it('links the calls logged before the agent was saved', async () => {
		const retellAgentId = uniqueId('agent');
		const callId = uniqueId('call');
		outputOf(await logSessions([{ event: 'call_ended', call: endedCall(callId, retellAgentId) }]));
		const [agent] = outputOf(await save([provisionOutput(retellAgentId)]));
		const [session] = outputOf(await runSupabaseNode({ resource: 'session', operation: 'get', callId }));
		expect(session.agent_id).toBe(agent.id);
	});
});
