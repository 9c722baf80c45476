import type { AgentResponse } from 'retell-sdk/resources/agent';

import { byId, fromList, runError, useEmulator } from './helpers';

const env = useEmulator({ resource: 'agent' });

/** A receptionist on a Retell LLM with two states, a booking tool and a greeting that uses a dynamic variable. */
async function receptionist(): Promise<AgentResponse> {
	const llm = await env.sdk.llm.create({
		general_prompt: 'You are the receptionist of a dental practice.',
		begin_message: 'Hello {{customer_name}}, this is the practice. How can I help?',
		default_dynamic_variables: { customer_name: 'there' },
		general_tools: [{ type: 'end_call', name: 'end_call', description: 'End the call when the caller says goodbye.' }],
		states: [
			{ name: 'greeting', state_prompt: 'Find out what the caller needs.' },
			{
				name: 'booking',
				state_prompt: 'Book an appointment.',
				tools: [{ type: 'custom', name: 'check_availability', url: 'https://tools.example.com/availability', description: 'Free slots of a day.' }],
			},
		],
		starting_state: 'greeting',
	});
	return await env.sdk.agent.create({ response_engine: { type: 'retell-llm', llm_id: llm.llm_id }, voice_id: '11labs-Jenny', agent_name: 'Reception' });
}

const generated = { message_id: expect.any(String), created_timestamp: expect.any(Number) };

describe('Agent → Test Reply', () => {
	it("sends one user message and outputs the agent's reply, without a call or chat", async () => {
		const agent = await receptionist();
		const mark = env.emulator.requests.length;

		const run = await env.run({ operation: 'testReply', agentId: fromList(agent.agent_id), userMessage: 'Do you have time on Friday?' });

		expect(env.requestsSince(mark)).toEqual([
			{
				method: 'POST',
				path: `/agent-playground-completion/${agent.agent_id}`,
				query: {},
				body: { messages: [{ role: 'user', content: 'Do you have time on Friday?' }] },
			},
		]);
		expect(run.json()).toEqual([
			{
				messages: [{ role: 'agent', content: 'Thanks for your message: "Do you have time on Friday?". How else can I help?', ...generated }],
				current_state: 'greeting',
				dynamic_variables: { customer_name: 'there' },
				call_ended: false,
			},
		]);
		expect(env.emulator.state.calls.size + env.emulator.state.chats.size).toBe(0);
	});

	it('sends the whole conversation with variables, tool mocks, a state and a version, and outputs the tool turns', async () => {
		const agent = await receptionist();
		const conversation = [
			{ role: 'agent', content: 'Hello Ada, this is the practice. How can I help?' },
			{ role: 'user', content: 'Please check_availability for Friday.' },
		];
		const mock = { tool_name: 'check_availability', input_match_rule: { type: 'any' }, output: { slots: ['09:00', '14:30'] } };
		const mark = env.emulator.requests.length;

		const run = await env.run({
			operation: 'testReply',
			agentId: byId(agent.agent_id),
			conversationInput: 'json',
			messages: JSON.stringify(conversation),
			dynamicVariables: { variable: [{ name: 'customer_name', value: 'Ada' }] },
			options: { version: 0, currentState: 'booking', toolMocks: JSON.stringify([mock]) },
		});

		expect(env.requestsSince(mark)).toEqual([
			{
				method: 'POST',
				path: `/agent-playground-completion/${agent.agent_id}`,
				query: { version: '0' },
				body: {
					messages: conversation,
					dynamic_variables: { customer_name: 'Ada' },
					tool_mocks: [{ ...mock, output: '{"slots":["09:00","14:30"]}' }],
					current_state: 'booking',
				},
			},
		]);
		const [reply] = run.json();
		expect(reply).toEqual({
			messages: [
				{ role: 'tool_call_invocation', tool_call_id: expect.any(String), name: 'check_availability', arguments: '{}', ...generated },
				{ role: 'tool_call_result', tool_call_id: expect.any(String), content: '{"slots":["09:00","14:30"]}', successful: true, ...generated },
				{ role: 'agent', content: 'Thanks for your message: "Please check_availability for Friday.". How else can I help?', ...generated },
			],
			current_state: 'booking',
			dynamic_variables: { customer_name: 'Ada' },
			call_ended: false,
		});
	});

	it('asks for the opening message with an empty conversation, the variables given as JSON', async () => {
		const agent = await receptionist();

		const run = await env.run({
			operation: 'testReply',
			agentId: byId(agent.agent_id),
			conversationInput: 'json',
			messages: '[]',
			dynamicVariablesInput: 'json',
			dynamicVariablesJson: '{"customer_name": "Ada", "visits": 3}',
		});

		expect(env.emulator.requests.at(-1)?.body).toEqual({ messages: [], dynamic_variables: { customer_name: 'Ada', visits: '3' } });
		expect(run.json()).toEqual([
			expect.objectContaining({ messages: [{ role: 'agent', content: 'Hello Ada, this is the practice. How can I help?', ...generated }] }),
		]);
	});

	it('continues a conversation flow agent from the node in Current Node ID', async () => {
		const flow = await env.sdk.conversationFlow.create({
			model_choice: { type: 'cascading', model: 'gpt-4.1' },
			start_speaker: 'agent',
			start_node_id: 'greet',
			nodes: [
				{ id: 'greet', type: 'conversation', instruction: { type: 'prompt', text: 'Greet the caller.' } },
				{ id: 'collect_date', type: 'conversation', instruction: { type: 'prompt', text: 'Ask for the preferred date.' } },
			],
		});
		const agent = await env.sdk.agent.create({ response_engine: { type: 'conversation-flow', conversation_flow_id: flow.conversation_flow_id }, voice_id: '11labs-Jenny' });

		const run = await env.run({ operation: 'testReply', agentId: byId(agent.agent_id), userMessage: 'Next Tuesday', options: { currentNodeId: 'collect_date' } });

		expect(env.emulator.requests.at(-1)?.body).toEqual({ messages: [{ role: 'user', content: 'Next Tuesday' }], current_node_id: 'collect_date' });
		expect(run.json()).toEqual([expect.objectContaining({ current_node_id: 'collect_date', call_ended: false })]);
	});

	it('outputs call_ended when the agent ends the conversation', async () => {
		const agent = await receptionist();

		const run = await env.run({ operation: 'testReply', agentId: byId(agent.agent_id), userMessage: 'Thanks, bye. end_call' });

		expect(run.json()).toEqual([expect.objectContaining({ messages: [expect.objectContaining({ role: 'tool_call_invocation', name: 'end_call' })], call_ended: true })]);
	});

	it("sends Retell's 5xx answer on as an error and does not send the billed request again", async () => {
		const agent = await receptionist();
		env.emulator.failNext({ method: 'POST', path: `/agent-playground-completion/${agent.agent_id}` }, { status: 503 });
		const mark = env.emulator.requests.length;

		const run = await env.run({ operation: 'testReply', agentId: byId(agent.agent_id), userMessage: 'Hello?' });

		expect(runError(run)).toMatchObject({ httpCode: '503', itemIndex: 0, description: expect.stringContaining('not sent again') });
		expect(env.requestsSince(mark)).toHaveLength(1);
	});

	it('reports an unknown agent as not found', async () => {
		const run = await env.run({ operation: 'testReply', agentId: byId('agent_missing'), userMessage: 'Hello?' });

		expect(runError(run)).toMatchObject({ message: 'Agent not found', httpCode: '422', itemIndex: 0 });
	});

	it("passes on Retell's 400 for a state the agent does not have", async () => {
		const agent = await receptionist();

		const run = await env.run({ operation: 'testReply', agentId: byId(agent.agent_id), userMessage: 'Hi', options: { currentState: 'billing' } });

		expect(runError(run)).toMatchObject({ message: expect.stringContaining('current_state billing is not a state'), httpCode: '400', itemIndex: 0 });
	});

	it.each([
		['a blank user message', { userMessage: '={{ " " }}' }, 'User Message is required'],
		['messages that are no JSON array', { conversationInput: 'json', messages: '{"role": "user"}' }, 'Messages (JSON) must be a JSON array'],
		['a message without a known role', { conversationInput: 'json', messages: '[{"role": "caller", "content": "Hi"}]' }, 'message 1 needs a role'],
		['a user message without content', { conversationInput: 'json', messages: '[{"role": "agent", "content": "Hi"}, {"role": "user"}]' }, 'message 2 (user) needs content as text'],
		['a tool mock without output', { userMessage: 'Hi', options: { toolMocks: '[{"tool_name": "x", "input_match_rule": {"type": "any"}}]' } }, 'mock 1 needs tool_name, input_match_rule and output'],
		['a component without a current node', { userMessage: 'Hi', options: { componentId: byId('conversation_flow_component_1') } }, 'Current Node ID is required with Component'],
	])('refuses %s before sending anything', async (_case, parameters, message) => {
		const mark = env.emulator.requests.length;

		const run = await env.run({ operation: 'testReply', agentId: byId('agent_x'), ...parameters });

		expect(runError(run)).toMatchObject({ message: expect.stringContaining(message), itemIndex: 0 });
		expect(env.requestsSince(mark)).toEqual([]);
	});
});
