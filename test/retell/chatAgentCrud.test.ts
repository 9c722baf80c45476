import { byId, recordRequests, runError, useEmulator } from './helpers';

const env = useEmulator({ resource: 'chatAgent' });

async function createLlm(): Promise<string> {
	return (await env.sdk.llm.create({ general_prompt: 'You answer questions about orders.' })).llm_id;
}

async function createChatAgent(agentName = 'Support Chat'): Promise<string> {
	const agent = await env.sdk.chatAgent.create({
		response_engine: { type: 'retell-llm', llm_id: await createLlm() },
		agent_name: agentName,
		auto_close_message: 'Bye for now.',
	});
	return agent.agent_id;
}

function sent(requests: ReturnType<ReturnType<typeof recordRequests>>) {
	return requests.map(({ method, path, query, body }) => ({ method, path, query, body }));
}

describe('Chat Agent → Create', () => {
	it('sends a snake_case body on a Retell LLM with only the fields that were set, JSON fields last', async () => {
		const llmId = await createLlm();
		const requests = recordRequests(env.emulator);

		const run = await env.run({
			operation: 'create',
			responseEngine: 'retellLlm',
			llmId: byId(llmId),
			additionalFields: {
				agentName: 'Order Help',
				autoCloseMessage: 'Thanks for chatting!',
				endChatAfterSilenceMs: 600000,
				language: 'de-DE',
				timezone: '  ',
				webhookUrl: 'https://n8n.example.com/webhook/chat',
				webhookEvents: ['chat_started', 'chat_analyzed'],
				postChatAnalysisData: '[{"type": "string", "name": "order_number", "description": "The order asked about"}]',
				additionalFieldsJson: '{"agent_name": "Order Help (JSON)", "opt_in_signed_url": true}',
			},
		});

		expect(sent(requests())).toEqual([
			{
				method: 'POST',
				path: '/create-chat-agent',
				query: {},
				body: {
					response_engine: { type: 'retell-llm', llm_id: llmId },
					agent_name: 'Order Help (JSON)',
					auto_close_message: 'Thanks for chatting!',
					end_chat_after_silence_ms: 600000,
					language: 'de-DE',
					webhook_url: 'https://n8n.example.com/webhook/chat',
					webhook_events: ['chat_started', 'chat_analyzed'],
					post_chat_analysis_data: [{ type: 'string', name: 'order_number', description: 'The order asked about' }],
					opt_in_signed_url: true,
				},
			},
		]);
		const [agent] = run.json();
		expect(agent).toMatchObject({
			agent_name: 'Order Help (JSON)',
			response_engine: { type: 'retell-llm', llm_id: llmId },
			version: 0,
			is_published: false,
		});
		expect(env.emulator.state.getChatAgent(String(agent.agent_id))?.webhook_events).toEqual(['chat_started', 'chat_analyzed']);
	});

	it('creates a chat agent on a conversation flow or a custom LLM, and sends no voice', async () => {
		const flow = await env.sdk.conversationFlow.create({
			model_choice: { type: 'cascading', model: 'gpt-4.1' },
			start_speaker: 'agent',
			nodes: [{ id: 'start', type: 'conversation', instruction: { type: 'prompt', text: 'Greet the user.' } }],
		});
		const requests = recordRequests(env.emulator);

		const onFlow = await env.run({ operation: 'create', responseEngine: 'conversationFlow', conversationFlowId: flow.conversation_flow_id });
		const onCustom = await env.run({ operation: 'create', responseEngine: 'customLlm', llmWebsocketUrl: 'wss://llm.example.com/chat' });

		expect(requests().map(({ body }) => body)).toEqual([
			{ response_engine: { type: 'conversation-flow', conversation_flow_id: flow.conversation_flow_id } },
			{ response_engine: { type: 'custom-llm', llm_websocket_url: 'wss://llm.example.com/chat' } },
		]);
		expect(onFlow.json()[0]).toMatchObject({ response_engine: { type: 'conversation-flow' } });
		expect(onCustom.json()[0]).toMatchObject({ response_engine: { type: 'custom-llm' } });
	});

	it("passes on Retell's 400 with its message, and sends nothing for JSON that does not parse", async () => {
		const llmId = await createLlm();
		const tooShort = await env.run({
			operation: 'create',
			llmId: byId(llmId),
			additionalFields: { additionalFieldsJson: '{"end_chat_after_silence_ms": 1000}' },
		});
		const requests = recordRequests(env.emulator);
		const badJson = await env.run({ operation: 'create', llmId: byId(llmId), additionalFields: { additionalFieldsJson: '{"agent_name": ' } });

		expect(runError(tooShort)).toMatchObject({
			message: expect.stringContaining('end_chat_after_silence_ms must be between 120000 and 259200000'),
			httpCode: '400',
			itemIndex: 0,
		});
		expect(runError(badJson)).toMatchObject({ message: 'Additional Fields (JSON) is not valid JSON', itemIndex: 0 });
		expect(requests()).toEqual([]);
	});
});

describe('Chat Agent → Get', () => {
	it('gets the latest version, or the one asked for', async () => {
		const agentId = await createChatAgent();
		await env.sdk.chatAgent.publish(agentId, { version: 0 });
		await env.sdk.chatAgent.update(agentId, { agent_name: 'Renamed' });
		const requests = recordRequests(env.emulator);

		const latest = await env.run({ operation: 'get', chatAgentId: byId(agentId) });
		const first = await env.run({ operation: 'get', chatAgentId: byId(agentId), options: { version: 0 } });

		expect(sent(requests())).toEqual([
			{ method: 'GET', path: `/get-chat-agent/${agentId}`, query: {}, body: undefined },
			{ method: 'GET', path: `/get-chat-agent/${agentId}`, query: { version: '0' }, body: undefined },
		]);
		expect(latest.json()[0]).toMatchObject({ agent_id: agentId, version: 1, agent_name: 'Renamed' });
		expect(first.json()[0]).toMatchObject({ agent_id: agentId, version: 0, agent_name: 'Support Chat', is_published: true });
	});

	it('reports an unknown chat agent as not found, with Retell\'s 422', async () => {
		const run = await env.run({ operation: 'get', chatAgentId: byId('agent_unknown') });
		expect(runError(run)).toMatchObject({ message: 'Chat agent not found', httpCode: '422', itemIndex: 0 });
	});
});

describe('Chat Agent → Get Many', () => {
	it('lists chat agents only (voice agents share the list), all of them, up to Limit, or matching Search', async () => {
		const chatIds = [await createChatAgent('Orders'), await createChatAgent('Returns'), await createChatAgent('Billing')];
		await env.sdk.agent.create({
			response_engine: { type: 'retell-llm', llm_id: await createLlm() },
			voice_id: '11labs-Jenny',
			agent_name: 'Phone Orders',
		});
		const requests = recordRequests(env.emulator);

		const all = await env.run({ operation: 'getAll', returnAll: true });
		const limited = await env.run({ operation: 'getAll', limit: 2 });
		const searched = await env.run({ operation: 'getAll', returnAll: true, filters: { query: 'orders' } });

		const chatOnly = { channel: { type: 'string', op: 'eq', value: 'chat' } };
		expect(sent(requests())).toEqual([
			{ method: 'POST', path: '/v2/list-agents', query: { limit: '1000' }, body: { filter_criteria: chatOnly } },
			{ method: 'POST', path: '/v2/list-agents', query: { limit: '2' }, body: { filter_criteria: chatOnly } },
			{ method: 'POST', path: '/v2/list-agents', query: { limit: '1000' }, body: { filter_criteria: { ...chatOnly, query: 'orders' } } },
		]);
		expect(all.json().map(({ agent_id, channel }) => ({ agent_id, channel }))).toEqual(
			[...chatIds].reverse().map((agent_id) => ({ agent_id, channel: 'chat' })),
		);
		expect(all.json()[0]).toEqual(expect.objectContaining({ agent_name: 'Billing', tags: {} }));
		expect(limited.json().map(({ agent_name }) => agent_name)).toEqual(['Billing', 'Returns']);
		expect(searched.json().map(({ agent_name }) => agent_name)).toEqual(['Orders']);
	});

	it('follows the pagination key for Return All, past pages of 1000', async () => {
		const stored = await env.sdk.chatAgent.retrieve(await createChatAgent('Template'));
		for (let n = 0; n < 1001; n++) env.emulator.state.putChatAgentVersion({ ...stored, agent_id: `agent_seeded${n}`, agent_name: `Seeded ${n}` });
		const requests = recordRequests(env.emulator);

		const run = await env.run({ operation: 'getAll', returnAll: true });

		expect(run.json()).toHaveLength(1002);
		expect(new Set(run.json().map(({ agent_id }) => agent_id)).size).toBe(1002);
		expect(requests().map(({ query }) => query)).toEqual([
			{ limit: '1000' },
			{ limit: '1000', pagination_key: expect.any(String) },
		]);
	});
});

describe('Chat Agent → Update', () => {
	it('sends only the fields that were set, null for cleared ones, and the version as a query parameter', async () => {
		const agentId = await createChatAgent();
		await env.sdk.chatAgent.update(agentId, { webhook_url: 'https://old.example.com/hook' });
		const otherLlmId = await createLlm();
		const requests = recordRequests(env.emulator);

		const run = await env.run({
			operation: 'update',
			chatAgentId: byId(agentId),
			updateFields: { agentName: 'After', llmId: byId(otherLlmId), clearFields: ['webhook_url', 'auto_close_message'] },
			options: { version: 0 },
		});

		expect(sent(requests())).toEqual([
			{
				method: 'PATCH',
				path: `/update-chat-agent/${agentId}`,
				query: { version: '0' },
				body: {
					response_engine: { type: 'retell-llm', llm_id: otherLlmId },
					agent_name: 'After',
					webhook_url: null,
					auto_close_message: null,
				},
			},
		]);
		expect(run.json()[0]).toMatchObject({ agent_id: agentId, agent_name: 'After', response_engine: { llm_id: otherLlmId } });
		const stored = env.emulator.state.getChatAgent(agentId);
		expect(stored?.webhook_url ?? null).toBeNull();
		expect(stored?.auto_close_message ?? null).toBeNull();
	});

	it('opens a new draft when the latest version is published, as Retell edits the latest draft', async () => {
		const agentId = await createChatAgent();
		await env.sdk.chatAgent.publish(agentId, { version: 0 });

		const run = await env.run({ operation: 'update', chatAgentId: byId(agentId), updateFields: { timezone: 'Europe/Berlin' } });

		expect(run.json()[0]).toMatchObject({ version: 1, base_version: 0, is_published: false, timezone: 'Europe/Berlin' });
		expect(env.emulator.state.getChatAgent(agentId, 0)?.timezone).toBeUndefined();
	});

	it('refuses an update without any field, with two response engines, or setting and clearing one field, before sending anything', async () => {
		const requests = recordRequests(env.emulator);
		const empty = await env.run({ operation: 'update', chatAgentId: byId('agent_abc123'), updateFields: {} });
		const twoEngines = await env.run({
			operation: 'update',
			chatAgentId: byId('agent_abc123'),
			updateFields: { conversationFlowId: 'conversation_flow_abc', llmWebsocketUrl: 'wss://llm.example.com' },
		});
		const setAndCleared = await env.run({
			operation: 'update',
			chatAgentId: byId('agent_abc123'),
			updateFields: { webhookUrl: 'https://new.example.com', clearFields: ['webhook_url'] },
		});

		expect(runError(empty)).toMatchObject({ message: 'Nothing to update', itemIndex: 0 });
		expect(runError(twoEngines)).toMatchObject({ message: 'Set only one response engine', itemIndex: 0 });
		expect(runError(setAndCleared)).toMatchObject({ message: 'Webhook URL: both set and cleared', itemIndex: 0 });
		expect(requests()).toEqual([]);
	});

	it("reports an unknown chat agent as not found, and passes on Retell's 400 for a published version", async () => {
		const agentId = await createChatAgent();
		await env.sdk.chatAgent.publish(agentId, { version: 0 });

		const unknown = await env.run({ operation: 'update', chatAgentId: byId('agent_unknown'), updateFields: { agentName: 'X' } });
		const published = await env.run({
			operation: 'update',
			chatAgentId: byId(agentId),
			updateFields: { agentName: 'X' },
			options: { version: 0 },
		});

		expect(runError(unknown)).toMatchObject({ message: 'Chat agent not found', httpCode: '422', itemIndex: 0 });
		expect(runError(published)).toMatchObject({
			message: expect.stringContaining('Version 0 is published and cannot be changed.'),
			httpCode: '400',
			itemIndex: 0,
		});
	});
});

describe('Chat Agent → Delete', () => {
	it('deletes the chat agent with all its versions and says so', async () => {
		const agentId = await createChatAgent();
		const requests = recordRequests(env.emulator);

		const run = await env.run({ operation: 'deleteChatAgent', chatAgentId: byId(agentId) });

		expect(run.json()).toEqual([{ deleted: true, agent_id: agentId }]);
		expect(sent(requests())).toEqual([{ method: 'DELETE', path: `/delete-chat-agent/${agentId}`, query: {}, body: undefined }]);
		expect(env.emulator.state.getChatAgent(agentId)).toBeUndefined();
		expect(env.emulator.state.chatAgentVersions.has(agentId)).toBe(false);
	});

	it('reports an unknown chat agent as not found, and a delete whose answer was lost as deleted', async () => {
		const agentId = await createChatAgent();
		env.emulator.failNext({ method: 'DELETE', path: `/delete-chat-agent/${agentId}` }, { status: 502, afterHandling: true });
		const requests = recordRequests(env.emulator);

		const lost = await env.run({ operation: 'deleteChatAgent', chatAgentId: byId(agentId) });
		const unknown = await env.run({ operation: 'deleteChatAgent', chatAgentId: byId(agentId) });

		expect(lost.json()).toEqual([{ deleted: true, agent_id: agentId, answer_lost: true }]);
		expect(runError(unknown)).toMatchObject({ message: 'Chat agent not found', httpCode: '422', itemIndex: 0 });
		expect(requests().map(({ method, path, status }) => `${method} ${path} ${status}`)).toEqual([
			`DELETE /delete-chat-agent/${agentId} 502`,
			`GET /get-chat-agent/${agentId} 422`,
			`DELETE /delete-chat-agent/${agentId} 422`,
		]);
	});
});
