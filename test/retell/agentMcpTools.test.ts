import type { AgentResponse } from 'retell-sdk/resources/agent';
import type { LlmResponse } from 'retell-sdk/resources/llm';

import { byId, fromList, runError, useEmulator } from './helpers';

const env = useEmulator({ resource: 'agent' });

const ORDERS = { name: 'orders', url: 'https://mcp.example.com/orders' };
const CRM = { name: 'crm', url: 'https://mcp.example.com/crm', headers: { Authorization: 'Bearer crm-token' } };

/** The two tools every emulated MCP server offers (the emulator reaches no real server). */
function toolsOf(server: string) {
	return [
		{ name: 'search_records', description: `Search the records of ${server}`, inputSchema: expect.objectContaining({ required: ['query'] }) },
		{ name: 'get_record', description: `Get one record of ${server} by its ID`, inputSchema: expect.objectContaining({ required: ['id'] }) },
	];
}

async function agentWithMcpServers(): Promise<{ agent: AgentResponse; llm: LlmResponse }> {
	const llm = await env.sdk.llm.create({ general_prompt: 'You look up orders.', mcps: [ORDERS, CRM] });
	const agent = await env.sdk.agent.create({ response_engine: { type: 'retell-llm', llm_id: llm.llm_id }, voice_id: '11labs-Jenny' });
	return { agent, llm };
}

describe('Agent → Get MCP Tools', () => {
	it("lists the tools of one of the agent's MCP servers, one item per tool", async () => {
		const { agent } = await agentWithMcpServers();
		const mark = env.emulator.requests.length;

		const run = await env.run({ operation: 'getMcpTools', agentId: fromList(agent.agent_id), mcpId: 'crm', returnAll: true });

		expect(env.requestsSince(mark)).toEqual([{ method: 'GET', path: `/get-mcp-tools/${agent.agent_id}`, query: { mcp_id: 'crm' }, body: undefined }]);
		expect(run.json()).toEqual(toolsOf('crm'));
	});

	it('asks about a given agent version and keeps to Limit', async () => {
		const { agent } = await agentWithMcpServers();
		await env.sdk.agent.publish(agent.agent_id, { version: 0 });
		const mark = env.emulator.requests.length;

		const run = await env.run({ operation: 'getMcpTools', agentId: byId(agent.agent_id), mcpId: 'orders', limit: 1, options: { version: 0 } });

		expect(env.requestsSince(mark)).toEqual([
			{ method: 'GET', path: `/get-mcp-tools/${agent.agent_id}`, query: { mcp_id: 'orders', version: '0' }, body: undefined },
		]);
		expect(run.json()).toEqual(toolsOf('orders').slice(0, 1));
	});

	it('finds a server by the id its entry carries', async () => {
		const { agent, llm } = await agentWithMcpServers();
		// Not in retell-sdk's `Mcp` type: an id stored beside name and url, which MCP tools may name in mcp_id.
		const entry = { id: 'mcp-server-1', name: 'Order desk', url: 'https://mcp.example.com/desk' };
		env.emulator.state.putLlmVersion({ ...llm, mcps: [entry] });

		const run = await env.run({ operation: 'getMcpTools', agentId: byId(agent.agent_id), mcpId: 'mcp-server-1', returnAll: true });

		expect(run.json()).toEqual(toolsOf('Order desk'));
	});

	it('asks about a server configured in a shared component of a conversation flow agent', async () => {
		const component = await env.sdk.conversationFlowComponent.create({
			name: 'Billing',
			mcps: [{ name: 'billing', url: 'https://mcp.example.com/billing' }],
			nodes: [{ id: 'explain', type: 'conversation', instruction: { type: 'prompt', text: 'Explain the bill.' } }],
		});
		const flow = await env.sdk.conversationFlow.create({
			model_choice: { type: 'cascading', model: 'gpt-4.1' },
			start_speaker: 'agent',
			nodes: [
				{
					id: 'billing',
					type: 'component',
					component_id: component.conversation_flow_component_id,
					component_type: 'shared',
					else_edge: { id: 'billing_else', destination_node_id: 'billing', transition_condition: { type: 'prompt', prompt: 'Else' } },
				},
			],
		});
		const agent = await env.sdk.agent.create({ response_engine: { type: 'conversation-flow', conversation_flow_id: flow.conversation_flow_id }, voice_id: '11labs-Jenny' });
		const mark = env.emulator.requests.length;

		const run = await env.run({
			operation: 'getMcpTools',
			agentId: byId(agent.agent_id),
			mcpId: 'billing',
			returnAll: true,
			options: { componentId: byId(component.conversation_flow_component_id) },
		});

		expect(env.requestsSince(mark)).toEqual([
			{
				method: 'GET',
				path: `/get-mcp-tools/${agent.agent_id}`,
				query: { mcp_id: 'billing', component_id: component.conversation_flow_component_id },
				body: undefined,
			},
		]);
		expect(run.json()).toEqual(toolsOf('billing'));
	});

	it("passes on Retell's 400 for an MCP server the agent does not have, with the item index", async () => {
		const { agent } = await agentWithMcpServers();

		const run = await env.run({ operation: 'getMcpTools', agentId: byId(agent.agent_id), mcpId: 'billing', returnAll: true });

		expect(runError(run)).toMatchObject({ message: expect.stringContaining('mcp_id billing is not an MCP server configured on this agent'), httpCode: '400', itemIndex: 0 });
	});

	it('reports an unknown agent as not found', async () => {
		const run = await env.run({ operation: 'getMcpTools', agentId: byId('agent_missing'), mcpId: 'orders', returnAll: true });

		expect(runError(run)).toMatchObject({ message: 'Agent not found', httpCode: '422', itemIndex: 0 });
	});

	it('requires an MCP server ID before sending anything', async () => {
		const mark = env.emulator.requests.length;

		const run = await env.run({ operation: 'getMcpTools', agentId: byId('agent_x'), mcpId: '={{ " " }}', returnAll: true });

		expect(runError(run)).toMatchObject({ message: 'MCP Server ID is required', itemIndex: 0 });
		expect(env.requestsSince(mark)).toEqual([]);
	});
});
