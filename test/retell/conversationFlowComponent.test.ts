import type { ConversationFlowComponentResponse } from 'retell-sdk/resources/conversation-flow-component';

import { byId, runError, useEmulator } from './helpers';

const env = useEmulator({ resource: 'conversationFlowComponent' });
const retell = env.run;
const requestsSince = env.requestsSince;

const askEmail = { id: 'ask_email', type: 'conversation', instruction: { type: 'prompt', text: 'Ask for the caller\'s email.' } } as const;
const thanks = { id: 'thanks', type: 'conversation', instruction: { type: 'static_text', text: 'Thank you!' } } as const;
const lookupTool = {
	tool_id: 'lookup',
	type: 'custom',
	name: 'lookup_contact',
	description: 'Find a contact',
	url: 'https://n8n.example.com/webhook/retell',
} as const;

async function createComponent(name = 'Collect email'): Promise<ConversationFlowComponentResponse> {
	return await env.sdk.conversationFlowComponent.create({ name, nodes: [askEmail] });
}

/** A flow whose node runs the shared component. */
async function createFlowUsing(componentId: string) {
	return await env.sdk.conversationFlow.create({
		model_choice: { type: 'cascading', model: 'gpt-4.1' },
		start_speaker: 'agent',
		start_node_id: 'collect',
		nodes: [
			{
				id: 'collect',
				type: 'component',
				component_type: 'shared',
				component_id: componentId,
				else_edge: { id: 'after', transition_condition: { type: 'prompt', prompt: 'Else' } },
			},
		],
	});
}

describe('Conversation Flow Component → Create', () => {
	it('sends the name, the nodes and the set fields, the JSON last', async () => {
		const run = await retell({
			operation: 'create',
			name: ' Collect email ',
			nodes: JSON.stringify([askEmail, thanks]),
			additionalFields: {
				startNodeId: 'ask_email',
				tools: JSON.stringify([lookupTool]),
				additionalFieldsJson: '{"begin_tag_display_position": {"x": 10, "y": 20}}',
			},
		});

		expect(requestsSince(0)).toEqual([
			{
				method: 'POST',
				path: '/create-conversation-flow-component',
				query: {},
				body: {
					name: 'Collect email',
					nodes: [askEmail, thanks],
					start_node_id: 'ask_email',
					tools: [lookupTool],
					begin_tag_display_position: { x: 10, y: 20 },
				},
			},
		]);
		const [component] = run.json();
		expect(component.conversation_flow_component_id).toMatch(/^conversation_flow_component_/);
		expect(component).toMatchObject({ name: 'Collect email', nodes: [askEmail, thanks], linked_conversation_flow_ids: [] });
		expect(env.emulator.state.conversationFlowComponents.has(String(component.conversation_flow_component_id))).toBe(true);
	});

	it.each([
		[{ name: '  ' }, 'Name is required'],
		[{ name: 'Collect email', nodes: '[]' }, 'Nodes (JSON) is required'],
		[{ name: 'Collect email', nodes: '{"id": "ask_email"}' }, 'Nodes (JSON) must be a JSON array'],
		[{ name: 'Collect email', nodes: '[{"id": "ask_email", "type": "prompt"}]' }, 'Nodes (JSON): node 1 needs an "id" and a known "type"'],
		[
			{ name: 'Collect email', nodes: JSON.stringify([askEmail]), additionalFields: { startNodeId: 'thanks' } },
			'Start Node ID "thanks" is not the ID of any node',
		],
	])('refuses %p before sending anything', async (parameters, message) => {
		const run = await retell({ operation: 'create', ...parameters });

		expect(runError(run)).toMatchObject({ message, itemIndex: 0 });
		expect(env.emulator.requests).toEqual([]);
	});

	it('passes on Retell\'s 400 for two nodes with one ID, for the item that sent it', async () => {
		const run = await retell(
			{ operation: 'create', name: 'Collect email', nodes: '={{ JSON.stringify($json.nodes) }}' },
			{ input: [{ nodes: [askEmail, { ...thanks, id: 'ask_email' }] }] },
		);

		expect(runError(run)).toMatchObject({
			message: 'Retell: Invalid request format, please check API reference. nodes[1].id ask_email is used by another node.',
			itemIndex: 0,
			httpCode: '400',
		});
		expect(requestsSince(0)).toHaveLength(1);
		expect(env.emulator.state.conversationFlowComponents.size).toBe(0);
	});
});

describe('Conversation Flow Component → Get', () => {
	it('gets a component with the flows that use it', async () => {
		const component = await createComponent();
		const flow = await createFlowUsing(component.conversation_flow_component_id);
		const mark = env.emulator.requests.length;

		const run = await retell({ operation: 'get', componentId: byId(component.conversation_flow_component_id) });

		expect(requestsSince(mark)).toEqual([
			{ method: 'GET', path: `/get-conversation-flow-component/${component.conversation_flow_component_id}`, query: {}, body: undefined },
		]);
		expect(run.json()).toEqual([{ ...component, linked_conversation_flow_ids: [flow.conversation_flow_id] }]);
	});

	it('answers "Conversation flow component not found" with Retell\'s 404', async () => {
		const run = await retell({ operation: 'get', componentId: byId('conversation_flow_component_missing') });

		expect(runError(run)).toEqual({
			message: 'Conversation flow component not found',
			description: 'Retell answered 404: The requested resource was not found.',
			itemIndex: 0,
			httpCode: '404',
		});
	});
});

describe('Conversation Flow Component → Get Many', () => {
	it('follows pagination_key with Return All, and stops at Limit in the Sort Order asked', async () => {
		const names = ['First', 'Second', 'Third'];
		const ids: string[] = [];
		for (const name of names) ids.push((await createComponent(name)).conversation_flow_component_id);
		const mark = env.emulator.requests.length;

		const all = await retell({ operation: 'getAll', returnAll: true });
		const oldest = await retell({ operation: 'getAll', limit: 2, options: { sortOrder: 'ascending' } });

		expect(requestsSince(mark)).toEqual([
			{ method: 'GET', path: '/v2/list-conversation-flow-components', query: { limit: '1000' }, body: undefined },
			{ method: 'GET', path: '/v2/list-conversation-flow-components', query: { limit: '2', sort_order: 'ascending' }, body: undefined },
		]);
		expect(all.json().map(({ name }) => name)).toEqual(['Third', 'Second', 'First']);
		expect(oldest.json().map(({ conversation_flow_component_id }) => conversation_flow_component_id)).toEqual(ids.slice(0, 2));
	});

	it('asks page after page while Retell has more', async () => {
		for (let index = 0; index < 1002; index++) {
			const id = `conversation_flow_component_seeded${String(index).padStart(5, '0')}`;
			env.emulator.state.conversationFlowComponents.set(id, {
				conversation_flow_component_id: id,
				name: `Component ${index}`,
				nodes: [askEmail],
				user_modified_timestamp: 1_700_000_000_000 + index,
			});
			env.emulator.state.registerCreated(id);
		}

		const run = await retell({ operation: 'getAll', returnAll: true });

		expect(requestsSince(0).map(({ query }) => ({ limit: query.limit, more: 'pagination_key' in query }))).toEqual([
			{ limit: '1000', more: false },
			{ limit: '1000', more: true },
		]);
		expect(run.json()).toHaveLength(1002);
		expect(run.json()[0]).toMatchObject({ name: 'Component 1001', linked_conversation_flow_ids: [] });
	});
});

describe('Conversation Flow Component → Update', () => {
	it('sends only the fields that were set and keeps the others', async () => {
		const component = await env.sdk.conversationFlowComponent.create({ name: 'Collect email', nodes: [askEmail], tools: [lookupTool] });
		const mark = env.emulator.requests.length;

		const run = await retell({
			operation: 'update',
			componentId: byId(component.conversation_flow_component_id),
			updateFields: { name: 'Collect email and thank', nodes: JSON.stringify([askEmail, thanks]), startNodeId: 'ask_email' },
		});

		expect(requestsSince(mark)).toEqual([
			{
				method: 'PATCH',
				path: `/update-conversation-flow-component/${component.conversation_flow_component_id}`,
				query: {},
				body: { name: 'Collect email and thank', nodes: [askEmail, thanks], start_node_id: 'ask_email' },
			},
		]);
		expect(run.json()[0]).toMatchObject({ name: 'Collect email and thank', nodes: [askEmail, thanks], tools: [lookupTool] });
	});

	it('sends null for Clear Fields', async () => {
		const component = await env.sdk.conversationFlowComponent.create({ name: 'Collect email', nodes: [askEmail], tools: [lookupTool] });
		const mark = env.emulator.requests.length;

		const run = await retell({
			operation: 'update',
			componentId: byId(component.conversation_flow_component_id),
			updateFields: { clearFields: ['tools'] },
		});

		expect(requestsSince(mark).map(({ body }) => body)).toEqual([{ tools: null }]);
		expect(run.json()[0]).toMatchObject({ name: 'Collect email', tools: null });
	});

	it.each([
		[{}, 'Nothing to update'],
		[{ name: '   ' }, 'Nothing to update'],
		[{ tools: JSON.stringify([lookupTool]), clearFields: ['tools'] }, 'Tools (JSON): both set and cleared'],
		[{ nodes: JSON.stringify([askEmail]), startNodeId: 'thanks' }, 'Start Node ID "thanks" is not the ID of any node'],
	])('refuses the Update Fields %p before sending anything', async (updateFields, message) => {
		const run = await retell({ operation: 'update', componentId: byId('conversation_flow_component_abc'), updateFields });

		expect(runError(run)).toMatchObject({ message, itemIndex: 0 });
		expect(env.emulator.requests).toEqual([]);
	});

	it('answers "Conversation flow component not found" with Retell\'s 404', async () => {
		const run = await retell({
			operation: 'update',
			componentId: byId('conversation_flow_component_missing'),
			updateFields: { name: 'Renamed' },
		});

		expect(runError(run)).toMatchObject({ message: 'Conversation flow component not found', itemIndex: 0, httpCode: '404' });
	});
});

describe('Conversation Flow Component → Delete', () => {
	it('deletes the component and says so; the flows that used it keep a local copy', async () => {
		const component = await createComponent();
		const flow = await createFlowUsing(component.conversation_flow_component_id);
		const mark = env.emulator.requests.length;

		const run = await retell({ operation: 'deleteConversationFlowComponent', componentId: byId(component.conversation_flow_component_id) });

		expect(run.json()).toEqual([{ deleted: true, conversation_flow_component_id: component.conversation_flow_component_id }]);
		expect(requestsSince(mark)).toEqual([
			{
				method: 'DELETE',
				path: `/delete-conversation-flow-component/${component.conversation_flow_component_id}`,
				query: {},
				body: undefined,
			},
		]);
		expect(env.emulator.state.conversationFlowComponents.has(component.conversation_flow_component_id)).toBe(false);
		const after = await env.sdk.conversationFlow.retrieve(flow.conversation_flow_id);
		expect(after.components).toEqual([{ name: 'Collect email', nodes: [askEmail] }]);
		expect(after.nodes?.[0]).toMatchObject({ type: 'component', component_type: 'local' });
	});

	it('answers "Conversation flow component not found" with Retell\'s 404', async () => {
		const run = await retell({ operation: 'deleteConversationFlowComponent', componentId: byId('conversation_flow_component_missing') });

		expect(runError(run)).toMatchObject({ message: 'Conversation flow component not found', itemIndex: 0, httpCode: '404' });
	});
});
