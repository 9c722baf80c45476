import { agentFixtures } from './agentHelpers';
import { byId, useEmulator } from './helpers';

const env = useEmulator({ resource: 'agent' });
const retell = env.run;
const requestsSince = env.requestsSince;
const { createLlm } = agentFixtures(env);

describe('Agent → Create', () => {
	it('sends a snake_case body on a Retell LLM with only the fields that were set, JSON fields last', async () => {
		const llmId = await createLlm();
		const mark = env.emulator.requests.length;

		const run = await retell({
			operation: 'create',
			responseEngine: 'retellLlm',
			llmId: byId(llmId),
			additionalFields: {
				agentName: 'Front Desk',
				timezone: '   ',
				language: 'de-DE',
				webhookUrl: 'https://n8n.example.com/webhook/retell',
				webhookEvents: ['call_started', 'call_ended'],
				voiceSpeed: 1.2,
				boostedKeywords: 'Acme, Ada Lovelace,',
				enableBackchannel: true,
				postCallAnalysisData: '[{"type": "string", "name": "customer_name", "description": "The caller\'s name"}]',
				additionalFieldsJson: '{"voice_speed": 1.5, "opt_in_signed_url": true}',
			},
		});

		expect(run.status).toBe('success');
		expect(requestsSince(mark)).toEqual([
			{
				method: 'POST',
				path: '/create-agent',
				query: {},
				body: {
					response_engine: { type: 'retell-llm', llm_id: llmId },
					voice_id: '11labs-Jenny',
					agent_name: 'Front Desk',
					language: 'de-DE',
					webhook_url: 'https://n8n.example.com/webhook/retell',
					webhook_events: ['call_started', 'call_ended'],
					voice_speed: 1.5,
					boosted_keywords: ['Acme', 'Ada Lovelace'],
					enable_backchannel: true,
					post_call_analysis_data: [{ type: 'string', name: 'customer_name', description: "The caller's name" }],
					opt_in_signed_url: true,
				},
			},
		]);
		const [agent] = run.json();
		expect(agent.agent_id).toMatch(/^agent_/);
		expect(agent).toMatchObject({
			agent_name: 'Front Desk',
			voice_id: '11labs-Jenny',
			voice_speed: 1.5,
			response_engine: { type: 'retell-llm', llm_id: llmId },
		});
		expect(env.emulator.state.agents.get(String(agent.agent_id))?.agent_name).toBe('Front Desk');
	});

	it('creates an agent on a custom LLM with a chosen voice', async () => {
		const run = await retell({
			operation: 'create',
			responseEngine: 'customLlm',
			llmWebsocketUrl: 'wss://llm.example.com/socket',
			voiceId: byId('openai-Alloy'),
		});

		expect(run.status).toBe('success');
		expect(env.emulator.requests.at(-1)).toMatchObject({
			method: 'POST',
			path: '/create-agent',
			body: { response_engine: { type: 'custom-llm', llm_websocket_url: 'wss://llm.example.com/socket' }, voice_id: 'openai-Alloy' },
		});
		expect(Object.keys(Object(env.emulator.requests.at(-1)?.body)).sort()).toEqual(['response_engine', 'voice_id']);
	});

	it('sends a conversation flow as the response engine and passes on Retell\'s answer when it has no such flow', async () => {
		const run = await retell({
			operation: 'create',
			responseEngine: 'conversationFlow',
			conversationFlowId: 'conversation_flow_abc123',
		});

		expect(env.emulator.requests.map(({ method, path, body }) => ({ method, path, body }))).toEqual([
			{
				method: 'POST',
				path: '/create-agent',
				body: {
					response_engine: { type: 'conversation-flow', conversation_flow_id: 'conversation_flow_abc123' },
					voice_id: '11labs-Jenny',
				},
			},
		]);
		// On a create, 422 may be a validation error, so it is not turned into "not found".
		expect(run.error?.message).toBe('Retell: Cannot find requested asset under given api key.');
		expect(run.error).toMatchObject({ httpCode: '422' });
	});

	it('creates an agent on a conversation flow picked by ID, and still reads the plain text ID older workflows saved', async () => {
		const flow = await env.sdk.conversationFlow.create({
			model_choice: { type: 'cascading', model: 'gpt-4.1' },
			start_speaker: 'agent',
			nodes: [{ id: 'start', type: 'conversation', instruction: { type: 'prompt', text: 'Greet the caller.' } }],
		});
		const engine = { type: 'conversation-flow', conversation_flow_id: flow.conversation_flow_id };
		const picked = await retell({ operation: 'create', responseEngine: 'conversationFlow', conversationFlowId: byId(flow.conversation_flow_id) });
		const saved = await retell({ operation: 'create', responseEngine: 'conversationFlow', conversationFlowId: flow.conversation_flow_id });
		expect(picked.json()[0]).toMatchObject({ response_engine: engine });
		expect(saved.json()[0]).toMatchObject({ response_engine: engine });
	});

	it('rejects JSON that does not parse before sending anything', async () => {
		const llmId = await createLlm();
		const mark = env.emulator.requests.length;

		const run = await retell({
			operation: 'create',
			llmId: byId(llmId),
			additionalFields: { additionalFieldsJson: '{"voice_speed": ' },
		});

		expect(run.status).toBe('error');
		expect(run.error?.message).toBe('Additional Fields (JSON) is not valid JSON');
		expect(run.error?.context.itemIndex).toBe(0);
		expect(env.emulator.requests.length).toBe(mark);
	});
});
