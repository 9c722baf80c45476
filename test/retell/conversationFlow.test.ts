import type { ConversationFlowCreateParams, ConversationFlowResponse } from 'retell-sdk/resources/conversation-flow';

import { publishConversationFlowVersion } from '../support/retell-emulator/routes/conversationFlows';
import { byId, runError, useEmulator } from './helpers';

const env = useEmulator({ resource: 'conversationFlow' });
const retell = env.run;
const requestsSince = env.requestsSince;

const greet = { id: 'start', type: 'conversation', instruction: { type: 'prompt', text: 'Greet the caller.' } } as const;
const goodbye = { id: 'goodbye', type: 'end' } as const;
const greetThenEnd = {
	...greet,
	edges: [{ id: 'done', transition_condition: { type: 'prompt', prompt: 'The caller is done' }, destination_node_id: 'goodbye' }],
} as const;
const lookupTool = {
	tool_id: 'lookup',
	type: 'custom',
	name: 'lookup_order',
	description: 'Find an order',
	url: 'https://n8n.example.com/webhook/retell',
} as const;

const minimalFlow: ConversationFlowCreateParams = {
	model_choice: { type: 'cascading', model: 'gpt-4.1' },
	start_speaker: 'agent',
	nodes: [greet],
};

async function createFlow(params: Partial<ConversationFlowCreateParams> = {}): Promise<ConversationFlowResponse> {
	return await env.sdk.conversationFlow.create({ ...minimalFlow, ...params });
}

function seedFlows(count: number): string[] {
	const ids: string[] = [];
	for (let index = 0; index < count; index++) {
		const flowId = `conversation_flow_seeded${String(index).padStart(6, '0')}`;
		env.emulator.state.conversationFlows.set(flowId, {
			...minimalFlow,
			conversation_flow_id: flowId,
			global_prompt: `Prompt ${index}`,
			version: 0,
			last_modification_timestamp: 1_700_000_000_000 + index,
		});
		env.emulator.state.registerCreated(flowId);
		ids.push(flowId);
	}
	return ids;
}

describe('Conversation Flow → Create', () => {
	it('sends the fields below as the flow, the additional fields over them, the JSON last', async () => {
		const kb = await env.sdk.knowledgeBase.create({ knowledge_base_name: 'FAQ', knowledge_base_urls: ['https://example.com/faq'] });
		const mark = env.emulator.requests.length;

		const run = await retell({
			operation: 'create',
			model: 'claude-4.5-sonnet',
			startSpeaker: 'user',
			globalPrompt: 'You are the receptionist of {{company}}.',
			nodes: JSON.stringify([greetThenEnd, goodbye]),
			startNodeId: ' start ',
			additionalFields: {
				beginAfterUserSilenceMs: 3000,
				defaultDynamicVariables: '{"company": "Acme"}',
				knowledgeBaseIds: [kb.knowledge_base_id],
				modelTemperature: 0.2,
				toolCallStrictMode: false,
				tools: JSON.stringify([lookupTool]),
				additionalFieldsJson: '{"model_temperature": 0.4, "model_choice": {"type": "cascading", "model": "gpt-5", "high_priority": true}}',
			},
		});

		expect(run.status).toBe('success');
		expect(requestsSince(mark)).toEqual([
			{
				method: 'POST',
				path: '/create-conversation-flow',
				query: {},
				body: {
					model_choice: { type: 'cascading', model: 'gpt-5', high_priority: true },
					start_speaker: 'user',
					global_prompt: 'You are the receptionist of {{company}}.',
					nodes: [greetThenEnd, goodbye],
					start_node_id: 'start',
					begin_after_user_silence_ms: 3000,
					default_dynamic_variables: { company: 'Acme' },
					knowledge_base_ids: [kb.knowledge_base_id],
					model_temperature: 0.4,
					tool_call_strict_mode: false,
					tools: [lookupTool],
				},
			},
		]);
		const [flow] = run.json();
		expect(flow.conversation_flow_id).toMatch(/^conversation_flow_/);
		expect(flow).toEqual({ ...env.emulator.state.conversationFlows.get(String(flow.conversation_flow_id)) });
		expect(flow).toMatchObject({ version: 0, start_speaker: 'user', nodes: [greetThenEnd, goodbye] });
	});

	it('creates a flow from the defaults: GPT-4.1, the agent speaks first, the example node', async () => {
		const run = await retell({ operation: 'create' });

		expect(requestsSince(0)).toEqual([
			{
				method: 'POST',
				path: '/create-conversation-flow',
				query: {},
				body: {
					model_choice: { type: 'cascading', model: 'gpt-4.1' },
					start_speaker: 'agent',
					nodes: [{ id: 'start', type: 'conversation', instruction: { type: 'prompt', text: 'Greet the caller and ask how you can help.' } }],
				},
			},
		]);
		expect(run.json()[0]).toMatchObject({ version: 0, model_choice: { model: 'gpt-4.1' } });
	});

	it('creates a flow from an agent exported by the dashboard, without its ID, version and timestamp', async () => {
		const exportedFlow = {
			conversation_flow_id: 'conversation_flow_from_another_account',
			version: 7,
			last_modification_timestamp: 1_700_000_000_000,
			global_prompt: 'You book appointments.',
			start_node_id: 'start',
			start_speaker: 'agent',
			model_choice: { type: 'cascading', model: 'gpt-4.1-mini' },
			tools: [lookupTool],
			nodes: [greetThenEnd, goodbye],
		};
		const exportedAgent = {
			agent_name: 'Booking',
			response_engine: { type: 'conversation-flow', conversation_flow_id: 'conversation_flow_from_another_account', version: 7 },
			conversationFlow: exportedFlow,
		};

		const run = await retell({
			operation: 'create',
			defineFlow: 'json',
			flowJson: JSON.stringify(exportedAgent),
			additionalFields: { defaultDynamicVariables: '{"clinic": "Main Street"}' },
		});

		const { conversation_flow_id: _id, version: _version, last_modification_timestamp: _modified, ...flowFields } = exportedFlow;
		expect(requestsSince(0)).toEqual([
			{
				method: 'POST',
				path: '/create-conversation-flow',
				query: {},
				body: { ...flowFields, default_dynamic_variables: { clinic: 'Main Street' } },
			},
		]);
		expect(run.json()[0].conversation_flow_id).not.toBe('conversation_flow_from_another_account');
		expect(run.json()[0]).toMatchObject({ version: 0, global_prompt: 'You book appointments.' });
	});

	it('takes a flow that Get returned, as an expression', async () => {
		const source = await createFlow({ global_prompt: 'Copy me.' });
		const mark = env.emulator.requests.length;

		const run = await retell(
			{ operation: 'create', defineFlow: 'json', flowJson: '={{ $json }}' },
			{ input: [{ ...source }] },
		);

		expect(requestsSince(mark)).toEqual([
			{ method: 'POST', path: '/create-conversation-flow', query: {}, body: { ...minimalFlow, global_prompt: 'Copy me.' } },
		]);
		expect(run.json()[0].conversation_flow_id).not.toBe(source.conversation_flow_id);
	});

	it.each([
		[{ flowJson: '{"model_choice": {"type": "cascading", "model": "gpt-4.1"}, "nodes": []}' }, 'Flow (JSON) needs "start_speaker"'],
		[{ flowJson: '{"start_speaker": "agent", "nodes": []}' }, 'Flow (JSON) needs "model_choice"'],
		[{ flowJson: '{"start_speaker": "agent", "model_choice": {"type": "cascading", "model": "gpt-4.1"}}' }, 'Flow (JSON) needs "nodes"'],
		[{ flowJson: '{"conversationFlow": {"nodes": {"id": "start"}}}' }, 'Flow (JSON) nodes must be a JSON array'],
		[
			{ flowJson: '{"start_speaker": "agent", "model_choice": {"type": "cascading", "model": "gpt-3"}, "nodes": []}' },
			'Flow (JSON): "model_choice" is not a model Retell offers flows',
		],
		[{ flowJson: '[]' }, 'Flow (JSON) must be a JSON object'],
	])('refuses the Flow (JSON) %p before sending anything', async (parameters, message) => {
		const run = await retell({ operation: 'create', defineFlow: 'json', ...parameters });

		expect(runError(run)).toMatchObject({ message, itemIndex: 0 });
		expect(env.emulator.requests).toEqual([]);
	});

	it.each([
		[{ nodes: '[]' }, 'Nodes (JSON) is required'],
		[{ nodes: '[{"id": "start", "type": "conversation"' }, 'Nodes (JSON) is not valid JSON'],
		[{ nodes: '[{"id": "start", "type": "greeting"}]' }, 'Nodes (JSON): node 1 needs an "id" and a known "type"'],
		[{ nodes: JSON.stringify([greet, { type: 'end' }]) }, 'Nodes (JSON): node 2 needs an "id" and a known "type"'],
		[{ nodes: JSON.stringify([greet]), startNodeId: 'begin' }, 'Start Node ID "begin" is not the ID of any node'],
		[{ additionalFields: { tools: '{"tool_id": "lookup"}' } }, 'Tools (JSON) must be a JSON array'],
	])('refuses the fields %p before sending anything', async (parameters, message) => {
		const run = await retell({ operation: 'create', ...parameters });

		expect(runError(run)).toMatchObject({ message, itemIndex: 0 });
		expect(env.emulator.requests).toEqual([]);
	});

	it('passes on Retell\'s answer to a knowledge base it does not know, for the item that sent it', async () => {
		const run = await retell(
			{ operation: 'create', additionalFields: { knowledgeBaseIds: '={{ $json.kb }}' } },
			{ input: [{ kb: 'knowledge_base_missing' }] },
		);

		// On a create, 422 may be a validation error, so it is not turned into "not found".
		expect(runError(run)).toMatchObject({
			message: 'Retell: Cannot find requested asset under given api key.',
			itemIndex: 0,
			httpCode: '422',
		});
		expect(requestsSince(0)).toHaveLength(1);
		expect(env.emulator.state.conversationFlows.size).toBe(0);
	});
});

describe('Conversation Flow → Get', () => {
	it('gets the latest version, and an earlier one through the query', async () => {
		const flow = await createFlow({ global_prompt: 'First' });
		publishConversationFlowVersion(env.emulator.state, flow.conversation_flow_id);
		await env.sdk.conversationFlow.update(flow.conversation_flow_id, { global_prompt: 'Second' });
		const mark = env.emulator.requests.length;

		const latest = await retell({ operation: 'get', conversationFlowId: byId(flow.conversation_flow_id) });
		const first = await retell({ operation: 'get', conversationFlowId: byId(flow.conversation_flow_id), options: { version: 0 } });

		expect(requestsSince(mark)).toEqual([
			{ method: 'GET', path: `/get-conversation-flow/${flow.conversation_flow_id}`, query: {}, body: undefined },
			{ method: 'GET', path: `/get-conversation-flow/${flow.conversation_flow_id}`, query: { version: '0' }, body: undefined },
		]);
		expect(latest.json()).toEqual([{ ...env.emulator.state.conversationFlows.get(flow.conversation_flow_id) }]);
		expect(latest.json()[0]).toMatchObject({ version: 1, global_prompt: 'Second' });
		expect(first.json()).toEqual([{ ...flow }]);
	});

	it('answers "Conversation flow not found" with Retell\'s 404', async () => {
		const run = await retell({ operation: 'get', conversationFlowId: byId('conversation_flow_missing') });

		expect(runError(run)).toEqual({
			message: 'Conversation flow not found',
			description: 'Retell answered 404: The requested resource was not found.',
			itemIndex: 0,
			httpCode: '404',
		});
	});
});

describe('Conversation Flow → Get Many', () => {
	it('follows pagination_key through every page with Return All', async () => {
		const ids = seedFlows(1100);

		const run = await retell({ operation: 'getAll', returnAll: true });

		expect(requestsSince(0).map(({ method, path, query }) => ({ method, path, limit: query.limit, more: 'pagination_key' in query }))).toEqual([
			{ method: 'GET', path: '/v2/list-conversation-flows', limit: '1000', more: false },
			{ method: 'GET', path: '/v2/list-conversation-flows', limit: '1000', more: true },
		]);
		expect(run.json()).toHaveLength(1100);
		expect(new Set(run.json().map((flow) => flow.conversation_flow_id))).toEqual(new Set(ids));
		expect(run.json()[0]).toEqual({ ...env.emulator.state.conversationFlows.get(ids[1099]!) });
	});

	it('stops at Limit and passes the Sort Order', async () => {
		const ids = seedFlows(5);

		const run = await retell({ operation: 'getAll', limit: 2, options: { sortOrder: 'ascending' } });

		expect(requestsSince(0)).toEqual([
			{ method: 'GET', path: '/v2/list-conversation-flows', query: { limit: '2', sort_order: 'ascending' }, body: undefined },
		]);
		expect(run.json().map((flow) => flow.conversation_flow_id)).toEqual(ids.slice(0, 2));
	});
});

describe('Conversation Flow → Update', () => {
	it('sends only the fields that were set, to the version named, and keeps the others', async () => {
		const flow = await createFlow({ global_prompt: 'Old', tools: [lookupTool] });
		const mark = env.emulator.requests.length;

		const run = await retell({
			operation: 'update',
			conversationFlowId: byId(flow.conversation_flow_id),
			updateFields: {
				globalPrompt: 'New',
				model: 'gpt-5-mini',
				nodes: JSON.stringify([greetThenEnd, goodbye]),
				startNodeId: 'start',
				startSpeaker: 'user',
				modelTemperature: 0.1,
			},
			options: { version: 0 },
		});

		expect(requestsSince(mark)).toEqual([
			{
				method: 'PATCH',
				path: `/update-conversation-flow/${flow.conversation_flow_id}`,
				query: { version: '0' },
				body: {
					global_prompt: 'New',
					model_choice: { type: 'cascading', model: 'gpt-5-mini' },
					nodes: [greetThenEnd, goodbye],
					start_node_id: 'start',
					start_speaker: 'user',
					model_temperature: 0.1,
				},
			},
		]);
		expect(run.json()[0]).toMatchObject({ global_prompt: 'New', tools: [lookupTool], version: 0, nodes: [greetThenEnd, goodbye] });
	});

	it('sends null for Clear Fields and applies a Flow (JSON) before the fields', async () => {
		const flow = await createFlow({ global_prompt: 'Old', tools: [lookupTool], start_node_id: 'start' });
		const { conversation_flow_id: _id, version: _version, last_modification_timestamp: _modified, ...exported } = await createFlow({
			global_prompt: 'From the dashboard',
			model_choice: { type: 'cascading', model: 'gemini-3.0-flash' },
		});
		const mark = env.emulator.requests.length;

		const run = await retell({
			operation: 'update',
			conversationFlowId: byId(flow.conversation_flow_id),
			updateFields: {
				flowJson: JSON.stringify({ ...exported, conversation_flow_id: 'ignored', version: 3 }),
				globalPrompt: 'Set over the JSON',
				clearFields: ['tools', 'start_node_id'],
			},
		});

		expect(requestsSince(mark)).toEqual([
			{
				method: 'PATCH',
				path: `/update-conversation-flow/${flow.conversation_flow_id}`,
				query: {},
				body: { ...exported, global_prompt: 'Set over the JSON', tools: null, start_node_id: null },
			},
		]);
		expect(run.json()[0]).toMatchObject({ global_prompt: 'Set over the JSON', model_choice: { model: 'gemini-3.0-flash' }, tools: null });
	});

	it('passes on Retell\'s refusal to change a published version', async () => {
		const flow = await createFlow();
		publishConversationFlowVersion(env.emulator.state, flow.conversation_flow_id);

		const run = await retell({
			operation: 'update',
			conversationFlowId: byId(flow.conversation_flow_id),
			updateFields: { globalPrompt: 'Too late' },
			options: { version: 0 },
		});

		expect(runError(run)).toMatchObject({
			message: 'Retell: Invalid request format, please check API reference. Version 0 of this conversation flow is published and cannot be changed.',
			itemIndex: 0,
			httpCode: '400',
		});
		expect(env.emulator.state.conversationFlowVersions.get(flow.conversation_flow_id)?.[0]?.global_prompt).toBeUndefined();
	});

	it('answers "Conversation flow not found" with Retell\'s 404', async () => {
		const run = await retell({ operation: 'update', conversationFlowId: byId('conversation_flow_missing'), updateFields: { globalPrompt: 'Hi' } });

		expect(runError(run)).toMatchObject({ message: 'Conversation flow not found', itemIndex: 0, httpCode: '404' });
	});

	it.each([
		[{}, 'Nothing to update'],
		[{ globalPrompt: 'New', clearFields: ['global_prompt'] }, 'Global Prompt: both set and cleared'],
		[{ nodes: '[{"id": "start"}]' }, 'Nodes (JSON): node 1 needs an "id" and a known "type"'],
		[{ nodes: JSON.stringify([greet]), startNodeId: 'begin' }, 'Start Node ID "begin" is not the ID of any node'],
		[{ flowJson: JSON.stringify({ nodes: [greet], start_node_id: 'begin' }) }, 'Flow (JSON) start_node_id "begin" is not the ID of any node'],
	])('refuses the Update Fields %p before sending anything', async (updateFields, message) => {
		const run = await retell({ operation: 'update', conversationFlowId: byId('conversation_flow_abc123'), updateFields });

		expect(runError(run)).toMatchObject({ message, itemIndex: 0 });
		expect(env.emulator.requests).toEqual([]);
	});
});

describe('Conversation Flow → Delete', () => {
	it('deletes the flow with all its versions and says so', async () => {
		const flow = await createFlow();
		publishConversationFlowVersion(env.emulator.state, flow.conversation_flow_id);
		const mark = env.emulator.requests.length;

		const run = await retell({ operation: 'deleteConversationFlow', conversationFlowId: byId(flow.conversation_flow_id) });

		expect(run.json()).toEqual([{ deleted: true, conversation_flow_id: flow.conversation_flow_id }]);
		expect(requestsSince(mark)).toEqual([
			{ method: 'DELETE', path: `/delete-conversation-flow/${flow.conversation_flow_id}`, query: {}, body: undefined },
		]);
		expect(env.emulator.state.conversationFlows.has(flow.conversation_flow_id)).toBe(false);
		expect(env.emulator.state.conversationFlowVersions.has(flow.conversation_flow_id)).toBe(false);
	});

	it('passes Force Delete as force_delete for a flow an agent runs on', async () => {
		const flow = await createFlow();
		await env.sdk.agent.create({
			response_engine: { type: 'conversation-flow', conversation_flow_id: flow.conversation_flow_id },
			voice_id: '11labs-Jenny',
		});

		const refused = await retell({ operation: 'deleteConversationFlow', conversationFlowId: byId(flow.conversation_flow_id) });
		const forced = await retell({
			operation: 'deleteConversationFlow',
			conversationFlowId: byId(flow.conversation_flow_id),
			options: { forceDelete: true },
		});

		expect(runError(refused)).toMatchObject({
			message: 'Retell: Invalid request format, please check API reference. This conversation flow is used by an agent; pass force_delete=true to delete it anyway.',
			itemIndex: 0,
			httpCode: '400',
		});
		expect(forced.json()).toEqual([{ deleted: true, conversation_flow_id: flow.conversation_flow_id }]);
		expect(env.emulator.requests.at(-1)).toMatchObject({
			method: 'DELETE',
			path: `/delete-conversation-flow/${flow.conversation_flow_id}`,
			query: { force_delete: 'true' },
		});
		expect(env.emulator.state.conversationFlows.has(flow.conversation_flow_id)).toBe(false);
	});

	it('answers "Conversation flow not found" with Retell\'s 404', async () => {
		const run = await retell({ operation: 'deleteConversationFlow', conversationFlowId: byId('conversation_flow_missing') });

		expect(runError(run)).toMatchObject({ message: 'Conversation flow not found', itemIndex: 0, httpCode: '404' });
	});
});
