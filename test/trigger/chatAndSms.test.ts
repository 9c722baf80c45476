import type { WebhookServer } from '../support/harness';
import { sendInboundSmsWebhook } from '../support/retell-emulator/functionCalls';
import { post, provision, startTrigger, useRetell } from './helpers';

const account = useRetell();
let server: WebhookServer;

afterEach(async () => {
	await server.close();
	account.emulator.reset();
});

/** A chat as Retell's chat events carry it (retell-sdk 5.66.1 ChatResponse fields). */
const CHAT = {
	chat_id: 'chat_5f4e3d2c1b0a',
	agent_id: 'agent_chat0000000',
	chat_status: 'ended',
	chat_type: 'sms',
	start_timestamp: 1_780_000_000_000,
	end_timestamp: 1_780_000_090_000,
	transcript: 'Agent: Hi! How can I help?\nUser: Is the clinic open on Saturday?\n',
};

describe('Retell Trigger: chat events', () => {
	it('starts the workflow with the chat flattened next to its event, on the chat-events URL', async () => {
		server = await startTrigger(account, { mode: 'chatEvents' });
		expect(server.webhookUrl()).toMatch(/\/chat-events$/);

		const reply = await post(server.webhookUrl(), JSON.stringify({ event: 'chat_ended', chat: CHAT }), { apiKey: account.emulator.apiKey });

		expect(reply.status).toBe(200);
		await server.idle();
		expect(server.executions.map((execution) => execution.json('Retell Trigger'))).toEqual([[{ event: 'chat_ended', ...CHAT }]]);
	});

	it('acknowledges a chat event outside Events without an execution, and refuses call events, unsigned and unknown bodies', async () => {
		server = await startTrigger(account, { mode: 'chatEvents', events: ['chat_analyzed'] });
		const url = server.webhookUrl();
		const apiKey = account.emulator.apiKey;

		expect(await post(url, JSON.stringify({ event: 'chat_started', chat: CHAT }), { apiKey })).toEqual({
			status: 200,
			text: JSON.stringify({ received: true, started: false }),
		});
		expect((await post(url, JSON.stringify({ event: 'chat_analyzed', call: CHAT }), { apiKey })).status).toBe(400);
		expect((await post(url, JSON.stringify({ event: 'chat_analyzed', chat: CHAT }), { apiKey, signature: null })).status).toBe(401);
		await server.idle();
		expect(server.executions).toHaveLength(0);

		expect((await post(url, JSON.stringify({ event: 'chat_analyzed', chat: { ...CHAT, chat_analysis: { chat_successful: true } } }), { apiKey })).status).toBe(200);
		await server.idle();
		expect(server.executions).toHaveLength(1);
	});

	it('runs for the events the emulated Retell sends a chat agent: started, ended, analyzed, in that order, signed', async () => {
		server = await startTrigger(account, { mode: 'chatEvents', events: ['chat_started', 'chat_ended', 'chat_analyzed'] });
		const llm = await account.client.llm.create({ general_prompt: 'Answer questions about opening hours.' });
		const agent = await account.client.chatAgent.create({
			agent_name: 'Texting desk',
			response_engine: { type: 'retell-llm', llm_id: llm.llm_id },
			webhook_url: server.webhookUrl(),
		});

		const chat = await account.client.chat.create({ agent_id: agent.agent_id });
		await account.client.chat.createChatCompletion({ chat_id: chat.chat_id, content: 'Are you open on Saturday?' });
		await account.client.chat.end(chat.chat_id);
		await account.emulator.idle();
		await server.idle();

		const items = server.executions.map((execution) => execution.json('Retell Trigger')[0]);
		expect(items.map((item) => item.event)).toEqual(['chat_started', 'chat_ended', 'chat_analyzed']);
		expect(items.every((item) => item.chat_id === chat.chat_id && item.agent_id === agent.agent_id)).toBe(true);
		expect(items[1]).not.toHaveProperty('chat_analysis');
		expect(items[2]).toMatchObject({ chat_status: 'ended', chat_analysis: expect.objectContaining({ chat_summary: expect.any(String) }) });
		expect(account.emulator.webhooks.map((webhook) => `${webhook.event} ${webhook.status}`)).toEqual([
			'chat_started 200',
			'chat_ended 200',
			'chat_analyzed 200',
		]);
	});

	it('answers only after the workflow with Acknowledge: After the Workflow Finishes, and 500 when it fails', async () => {
		server = await startTrigger(account, { mode: 'chatEvents', acknowledge: 'afterWorkflow' }, [{ type: 'test.fail' }]);

		const reply = await post(server.webhookUrl(), JSON.stringify({ event: 'chat_ended', chat: CHAT }), { apiKey: account.emulator.apiKey });

		expect(reply.status).toBe(500);
	});
});

describe('Retell Trigger: inbound SMS', () => {
	const smsResponse = {
		type: 'retell',
		parameters: {
			resource: 'webhookResponse',
			operation: 'buildInboundSmsResponse',
			overrideAgentId: { __rl: true, mode: 'id', value: 'agent_smsvip0000' },
			dynamicVariables: { variable: [{ name: 'sender', value: '={{ $json.from_number }}' }] },
			options: { metadata: { field: [{ name: 'source', value: 'n8n' }] } },
		},
	};

	it("hands the workflow the sender, and answers Retell with the last node's chat_inbound", async () => {
		server = await startTrigger(account, { mode: 'inboundSms' }, [smsResponse]);
		expect(server.webhookUrl()).toMatch(/\/inbound-sms$/);

		const result = await sendInboundSmsWebhook({
			url: server.webhookUrl(),
			apiKey: account.emulator.apiKey,
			fromNumber: '+14155550123',
			toNumber: '+14155550100',
			agentId: 'agent_smsdefault0',
		});

		expect(result.attempts).toHaveLength(1);
		expect(JSON.parse(result.attempts[0].text)).toEqual({
			chat_inbound: { override_agent_id: 'agent_smsvip0000', dynamic_variables: { sender: '+14155550123' }, metadata: { source: 'n8n' } },
		});
		await server.idle();
		expect(server.executions[0].json('Retell Trigger')).toEqual([
			{ event: 'chat_inbound', from_number: '+14155550123', to_number: '+14155550100', agent_id: 'agent_smsdefault0' },
		]);
	});

	it('refuses an inbound call body with 400, without an execution', async () => {
		server = await startTrigger(account, { mode: 'inboundSms' }, [smsResponse]);
		const body = JSON.stringify({ event: 'call_inbound', call_inbound: { from_number: '+14155550123', to_number: '+14155550100' } });

		const reply = await post(server.webhookUrl(), body, { apiKey: account.emulator.apiKey });

		expect(reply.status).toBe(400);
		expect(reply.text).toContain('Expected the \\"chat_inbound\\" event');
		await server.idle();
		expect(server.executions).toHaveLength(0);
	});

	it("registers on the number's inbound SMS webhook only, and puts the previous URL back", async () => {
		const { phoneNumber } = await provision(account.client);
		await account.client.phoneNumber.update(phoneNumber, { inbound_sms_webhook_url: 'https://old.example.com/sms', inbound_webhook_url: 'https://old.example.com/calls' });
		server = await startTrigger(account, { mode: 'inboundSms', registration: 'phoneNumber', phoneNumber: { mode: 'id', value: phoneNumber } }, [smsResponse]);
		const number = () => account.emulator.state.phoneNumbers.get(phoneNumber);

		expect(await server.runHook('checkExists')).toBe(false);
		await server.runHook('create');
		expect(number()).toMatchObject({ inbound_sms_webhook_url: server.webhookUrl(), inbound_webhook_url: 'https://old.example.com/calls' });
		expect(await server.runHook('checkExists')).toBe(true);

		await server.runHook('delete');
		expect(number()).toMatchObject({ inbound_sms_webhook_url: 'https://old.example.com/sms', inbound_webhook_url: 'https://old.example.com/calls' });
	});
});

describe('Retell Trigger: registering on a chat agent', () => {
	async function chatAgent(fields: { webhook_url?: string } = {}) {
		const llm = await account.client.llm.create({ general_prompt: 'Answer texts about opening hours.' });
		return await account.client.chatAgent.create({ agent_name: 'Texting desk', response_engine: { type: 'retell-llm', llm_id: llm.llm_id }, ...fields });
	}

	it("sets the chat agent's webhook URL and chat events on activation, and puts the previous ones back", async () => {
		const agent = await chatAgent({ webhook_url: 'https://old.example.com/chat' });
		server = await startTrigger(account, {
			mode: 'chatEvents',
			events: ['chat_ended', 'chat_analyzed'],
			registration: 'chatAgent',
			chatAgentId: { mode: 'id', value: agent.agent_id },
		});
		const stored = () => account.emulator.state.chatAgents.get(agent.agent_id);

		expect(await server.runHook('checkExists')).toBe(false);
		await server.runHook('create');
		expect(stored()).toMatchObject({ webhook_url: server.webhookUrl(), webhook_events: ['chat_ended', 'chat_analyzed'] });
		expect(await server.runHook('checkExists')).toBe(true);
		expect(account.emulator.requests.some((request) => request.path === `/update-chat-agent/${agent.agent_id}`)).toBe(true);
		expect(account.emulator.requests.some((request) => request.path.startsWith('/update-agent/'))).toBe(false);

		await server.runHook('delete');
		expect(stored()).toMatchObject({ webhook_url: 'https://old.example.com/chat' });
		expect(stored()?.webhook_events ?? null).toBeNull();
	});

	it('refuses, changing nothing, when a number texts with a pinned published version of the chat agent', async () => {
		const agent = await chatAgent();
		await account.client.chatAgent.publish(agent.agent_id, { version: 0 });
		const { phoneNumber } = await provision(account.client);
		await account.client.phoneNumber.update(phoneNumber, { outbound_sms_agents: [{ agent_id: agent.agent_id, weight: 1, agent_version: 0 }] });
		server = await startTrigger(account, { mode: 'chatEvents', registration: 'chatAgent', chatAgentId: { mode: 'id', value: agent.agent_id } });
		const before = structuredClone(account.emulator.state.chatAgentVersions.get(agent.agent_id));

		await expect(server.runHook('create')).rejects.toMatchObject({
			message: 'SMS on some phone numbers would not reach this workflow',
			description: expect.stringContaining(`${phoneNumber} (outbound: version 0 (published))`),
		});
		expect(account.emulator.state.chatAgentVersions.get(agent.agent_id)).toEqual(before);
	});
});
