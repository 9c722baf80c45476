import { byId, useEmulator } from './helpers';

const env = useEmulator({ resource: 'agent' });
const retell = env.run;
const requestsSince = env.requestsSince;

describe('Agent → Provision', () => {
	const provision = {
		operation: 'provision',
		name: 'Front Desk',
		agentDescription: 'Answers the phone for Acme',
		prompt: 'You are the receptionist of Acme.',
	};

	it('creates the LLM, the agent on it and a number bound to the agent', async () => {
		const run = await retell({
			...provision,
			areaCode: '415',
			additionalFields: { beginMessage: 'Acme, how can I help?', model: 'gpt-4.1-mini', phoneNumberNickname: 'Acme main' },
		});

		expect(run.status).toBe('success');
		const [llmRequest, agentRequest, numberRequest, ...rest] = requestsSince(0);
		expect(rest).toEqual([]);
		expect(llmRequest).toEqual({
			method: 'POST',
			path: '/create-retell-llm',
			query: {},
			body: {
				general_prompt: 'You are the receptionist of Acme.',
				start_speaker: 'agent',
				begin_message: 'Acme, how can I help?',
				model: 'gpt-4.1-mini',
			},
		});
		const [result] = run.json();
		const llmId = String(result.retell_llm_id);
		const agentId = String(result.retell_agent_id);
		const number = String(result.phone_number);
		expect(agentRequest).toEqual({
			method: 'POST',
			path: '/create-agent',
			query: {},
			body: {
				response_engine: { type: 'retell-llm', llm_id: llmId },
				voice_id: '11labs-Jenny',
				agent_name: 'Front Desk',
			},
		});
		const binding = [{ agent_id: agentId, weight: 1 }];
		expect(numberRequest).toEqual({
			method: 'POST',
			path: '/create-phone-number',
			query: {},
			body: { area_code: 415, inbound_agents: binding, outbound_agents: binding, nickname: 'Acme main' },
		});

		expect(number).toMatch(/^\+1415\d{7}$/);
		expect(result).toEqual({
			retell_agent_id: agentId,
			retell_llm_id: llmId,
			retell_phone_number_id: number,
			phone_number: number,
			name: 'Front Desk',
			description: 'Answers the phone for Acme',
			voice_id: '11labs-Jenny',
			prompt: 'You are the receptionist of Acme.',
			provider_type: 'retell',
			agent: { ...env.emulator.state.agents.get(agentId) },
			llm: { ...env.emulator.state.llms.get(llmId) },
			phone_number_object: { ...env.emulator.state.phoneNumbers.get(number) },
		});
		expect(env.emulator.state.phoneNumbers.get(number)).toMatchObject({
			inbound_agents: binding,
			outbound_agents: binding,
			nickname: 'Acme main',
		});
		expect(env.emulator.state.agents.get(agentId)?.response_engine).toEqual({ type: 'retell-llm', llm_id: llmId });
	});

	it('buys no number without an area code', async () => {
		const run = await retell({ ...provision, agentDescription: '' });

		expect(requestsSince(0).map(({ path }) => path)).toEqual(['/create-retell-llm', '/create-agent']);
		expect(run.json()[0]).toMatchObject({
			retell_phone_number_id: null,
			phone_number: null,
			phone_number_object: null,
			description: null,
		});
		expect(env.emulator.state.phoneNumbers.size).toBe(0);
	});

	it.each(['41', '4155', '41a', '015'])('rejects the area code %p before creating anything', async (areaCode) => {
		const run = await retell({ ...provision, areaCode });

		expect(run.status).toBe('error');
		expect(run.error?.message).toBe('Area Code must be 3 digits, like 415');
		expect(run.error?.context.itemIndex).toBe(0);
		expect(env.emulator.requests).toEqual([]);
	});

	it.each([
		[400, 'No phone numbers are available in area code 415.'],
		[500, 'An unexpected server error occurred.'],
	])('deletes the agent and the LLM when buying the number fails with %p', async (status, message) => {
		env.emulator.failNext({ method: 'POST', path: '/create-phone-number' }, { status, body: { status: 'error', message } });

		const run = await retell({ ...provision, areaCode: '415' });

		expect(run.status).toBe('error');
		expect(run.error?.message).toBe(
			`Provision failed while buying a phone number in area code 415: ${message.replace(/\.$/, '')}. The LLM and agent created before were deleted.`,
		);
		expect(run.error).toMatchObject({ httpCode: String(status) });
		expect(run.error?.context.itemIndex).toBe(0);
		expect(requestsSince(0).map(({ method, path }) => `${method} ${path.replace(/_[A-Za-z0-9]+$/, '_…')}`)).toEqual([
			'POST /create-retell-llm',
			'POST /create-agent',
			'POST /create-phone-number',
			'DELETE /delete-agent/agent_…',
			'DELETE /delete-retell-llm/llm_…',
		]);
		expect(env.emulator.state.agents.size).toBe(0);
		expect(env.emulator.state.llms.size).toBe(0);
		expect(env.emulator.state.phoneNumbers.size).toBe(0);
	});

	it('deletes the LLM when creating the agent fails', async () => {
		const run = await retell({ ...provision, voiceId: byId('no-such-voice') });

		expect(run.status).toBe('error');
		expect(run.error?.message).toBe(
			'Provision failed while creating the agent: Invalid request format, please check API reference. voice_id no-such-voice is not a known voice. The LLM created before was deleted.',
		);
		expect(run.error).toMatchObject({ httpCode: '400' });
		expect(env.emulator.state.llms.size).toBe(0);
	});

	it('names what it could not delete', async () => {
		env.emulator.failNext({ method: 'POST', path: '/create-phone-number' }, { status: 400, body: { status: 'error', message: 'Sold out.' } });
		env.emulator.failNext({ method: 'DELETE', path: /^\/delete-retell-llm\// }, { status: 500 }, 3);

		const run = await retell({ ...provision, areaCode: '212' });

		const llmId = [...env.emulator.state.llms.keys()];
		expect(llmId).toHaveLength(1);
		expect(run.error?.message).toBe(
			`Provision failed while buying a phone number in area code 212: Sold out. The agent created before was deleted. Could not delete, so delete by hand in Retell: LLM ${llmId[0]} (An unexpected server error occurred).`,
		);
		expect(env.emulator.state.agents.size).toBe(0);
	});
});
