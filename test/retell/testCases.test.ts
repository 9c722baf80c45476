import type { TestCaseDefinitionResponse } from 'retell-sdk/resources/tests';

import { byId, runError, useEmulator } from './helpers';

const env = useEmulator({ resource: 'test' });

/** A Retell LLM, an agent on it and a conversation flow, created as a user would in the dashboard. */
async function engines() {
	const llm = await env.sdk.llm.create({ general_prompt: 'You book dental appointments.' });
	const agent = await env.sdk.agent.create({ response_engine: { type: 'retell-llm', llm_id: llm.llm_id }, voice_id: '11labs-Jenny' });
	const flow = await env.sdk.conversationFlow.create({
		model_choice: { type: 'cascading', model: 'gpt-4.1' },
		start_speaker: 'agent',
		nodes: [{ id: 'start', type: 'conversation', instruction: { type: 'prompt', text: 'Greet the caller.' } }],
	});
	return { llmId: llm.llm_id, agentId: agent.agent_id, flowId: flow.conversation_flow_id };
}

async function savedTestCase(llmId: string, name = 'Reschedule'): Promise<TestCaseDefinitionResponse> {
	return await env.sdk.tests.createTestCaseDefinition({
		name,
		response_engine: { type: 'retell-llm', llm_id: llmId },
		user_prompt: 'You want to move your appointment to Friday.',
		metrics: ['The agent offers a Friday slot.'],
	});
}

const requiredFields = {
	name: 'Refund',
	userPrompt: '## Identity\nYour name is Mike.\n## Goal\nGet a refund.',
	metrics: 'The caller gets a refund.\n\n  The agent calls end_call.  \n',
};

describe('Test → Create Test Case', () => {
	it("creates the test case on the agent's Retell LLM, with every field in Retell's names", async () => {
		const { llmId, agentId } = await engines();
		const mark = env.emulator.requests.length;

		const run = await env.run({
			operation: 'createTestCase',
			agentId: byId(agentId),
			...requiredFields,
			additionalFields: {
				dynamicVariables: '{"customer_name": "Mike", "balance": 42}',
				llmModel: 'claude-4.5-haiku',
				toolMocks: JSON.stringify([
					{ tool_name: 'lookup_order', input_match_rule: { type: 'any' }, output: { status: 'delivered' } },
					{ tool_name: 'refund', input_match_rule: { type: 'partial_match', args: { order: '7891273' } }, output: '{"ok": true}' },
				]),
				additionalFieldsJson: '{"llm_model": "gpt-5"}',
			},
		});

		const body = {
			name: 'Refund',
			response_engine: { type: 'retell-llm', llm_id: llmId },
			user_prompt: '## Identity\nYour name is Mike.\n## Goal\nGet a refund.',
			metrics: ['The caller gets a refund.', 'The agent calls end_call.'],
			dynamic_variables: { customer_name: 'Mike', balance: '42' },
			llm_model: 'gpt-5',
			tool_mocks: [
				{ tool_name: 'lookup_order', input_match_rule: { type: 'any' }, output: '{"status":"delivered"}' },
				{ tool_name: 'refund', input_match_rule: { type: 'partial_match', args: { order: '7891273' } }, output: '{"ok": true}' },
			],
		};
		expect(env.requestsSince(mark)).toEqual([
			{ method: 'GET', path: `/get-agent/${agentId}`, query: {}, body: undefined },
			{ method: 'POST', path: '/create-test-case-definition', query: {}, body },
		]);
		const [testCase] = run.json();
		expect(testCase).toEqual({ ...env.emulator.state.testCases.get(String(testCase?.test_case_definition_id)) });
		expect(testCase).toMatchObject({ ...body, type: 'simulation' });
	});

	it('creates the test case on a Retell LLM version or a conversation flow picked directly', async () => {
		const { llmId, flowId } = await engines();
		const mark = env.emulator.requests.length;

		await env.run({ operation: 'createTestCase', engineSource: 'retellLlm', llmId: byId(llmId), ...requiredFields, additionalFields: { version: 0 } });
		await env.run({ operation: 'createTestCase', engineSource: 'conversationFlow', conversationFlowId: byId(flowId), ...requiredFields });

		expect(env.requestsSince(mark).map(({ method, path, body }) => [method, path, (body as { response_engine: unknown }).response_engine])).toEqual([
			['POST', '/create-test-case-definition', { type: 'retell-llm', llm_id: llmId, version: 0 }],
			['POST', '/create-test-case-definition', { type: 'conversation-flow', conversation_flow_id: flowId }],
		]);
	});

	it("uses the LLM version a published agent version is pinned to, read from that agent version", async () => {
		const { llmId, agentId } = await engines();
		await env.sdk.agent.publish(agentId, { version: 0 });
		const mark = env.emulator.requests.length;

		const run = await env.run({ operation: 'createTestCase', agentId: byId(agentId), ...requiredFields, additionalFields: { version: 0 } });

		expect(env.requestsSince(mark)[0]).toMatchObject({ method: 'GET', path: `/get-agent/${agentId}`, query: { version: '0' } });
		expect(run.json()[0]).toMatchObject({ response_engine: { type: 'retell-llm', llm_id: llmId, version: 0 } });
	});

	it.each([
		['blank metrics', { metrics: ' \n \n' }, 'Metrics is required'],
		['an empty name', { name: '={{ "" }}' }, 'Name is required'],
		['a tool mock without output', { additionalFields: { toolMocks: '[{"tool_name": "refund"}]' } }, 'Tool Mocks (JSON): mock 1 needs tool_name, input_match_rule and output'],
		['an unknown model', { additionalFields: { llmModel: 'gpt-2' } }, 'Simulation Model must be one of'],
		['dynamic variables that do not parse', { additionalFields: { dynamicVariables: '{"a": ' } }, 'Dynamic Variables (JSON) is not valid JSON'],
	])('refuses %s before any request', async (_case, change, message) => {
		const run = await env.run({ operation: 'createTestCase', agentId: byId('agent_x'), ...requiredFields, ...change });

		expect(runError(run)).toMatchObject({ message: expect.stringContaining(message), itemIndex: 0 });
		expect(env.emulator.requests).toEqual([]);
	});

	it('refuses an agent on a custom LLM after reading it, without creating anything', async () => {
		const agent = await env.sdk.agent.create({
			response_engine: { type: 'custom-llm', llm_websocket_url: 'wss://llm.example.com/socket' },
			voice_id: '11labs-Jenny',
		});
		const mark = env.emulator.requests.length;

		const run = await env.run({ operation: 'createTestCase', agentId: byId(agent.agent_id), ...requiredFields });

		expect(runError(run)).toMatchObject({ message: 'The agent runs on a custom LLM, which simulation tests do not support', itemIndex: 0 });
		expect(env.requestsSince(mark).map(({ path }) => path)).toEqual([`/get-agent/${agent.agent_id}`]);
	});

	it('says "Agent not found" when Retell does not know the agent', async () => {
		const run = await env.run({ operation: 'createTestCase', agentId: byId('agent_unknown'), ...requiredFields });

		expect(runError(run)).toMatchObject({ message: 'Agent not found', httpCode: '422', itemIndex: 0 });
		expect(env.emulator.requests.map(({ path }) => path)).toEqual(['/get-agent/agent_unknown']);
	});

	it("passes on Retell's 404 for an LLM that does not exist", async () => {
		const run = await env.run({ operation: 'createTestCase', engineSource: 'retellLlm', llmId: byId('llm_gone'), ...requiredFields });

		expect(runError(run)).toMatchObject({ message: 'Retell: Response engine llm_gone not found.', httpCode: '404', itemIndex: 0 });
	});
});

describe('Test → Get Test Case', () => {
	it('gets a test case by ID', async () => {
		const { llmId } = await engines();
		const testCase = await savedTestCase(llmId);
		const mark = env.emulator.requests.length;

		const run = await env.run({ operation: 'getTestCase', testCaseId: ` ${testCase.test_case_definition_id} ` });

		expect(env.requestsSince(mark)).toEqual([
			{ method: 'GET', path: `/get-test-case-definition/${testCase.test_case_definition_id}`, query: {}, body: undefined },
		]);
		expect(run.json()).toEqual([{ ...testCase }]);
	});

	it('says "Test case not found" on Retell\'s 404, and requires an ID before any request', async () => {
		const missing = await env.run({ operation: 'getTestCase', testCaseId: 'test_case_definition_gone' });
		expect(runError(missing)).toMatchObject({ message: 'Test case not found', httpCode: '404', itemIndex: 0 });

		const mark = env.emulator.requests.length;
		const blank = await env.run({ operation: 'getTestCase', testCaseId: '={{ $json.id }}' }, { input: [{ id: ' ' }] });
		expect(runError(blank)).toMatchObject({ message: 'Test Case ID is required', itemIndex: 0 });
		expect(env.requestsSince(mark)).toEqual([]);
	});
});

describe('Test → Get Many Test Cases', () => {
	it("lists the test cases of the agent's LLM only, up to the Limit", async () => {
		const { llmId, agentId, flowId } = await engines();
		const [first, second] = [await savedTestCase(llmId, 'First'), await savedTestCase(llmId, 'Second')];
		await env.sdk.tests.createTestCaseDefinition({
			name: 'On the flow',
			response_engine: { type: 'conversation-flow', conversation_flow_id: flowId },
			user_prompt: 'Hi',
			metrics: ['Greets'],
		});
		const mark = env.emulator.requests.length;

		const all = await env.run({ operation: 'getAllTestCases', agentId: byId(agentId), returnAll: true });
		const limited = await env.run({ operation: 'getAllTestCases', engineSource: 'retellLlm', llmId: byId(llmId), limit: 1 });

		expect(env.requestsSince(mark)).toEqual([
			{ method: 'GET', path: `/get-agent/${agentId}`, query: {}, body: undefined },
			{ method: 'GET', path: '/v2/list-test-case-definitions', query: { type: 'retell-llm', llm_id: llmId, limit: '1000' }, body: undefined },
			{ method: 'GET', path: '/v2/list-test-case-definitions', query: { type: 'retell-llm', llm_id: llmId, limit: '1' }, body: undefined },
		]);
		expect(all.json().map(({ name }) => name).sort()).toEqual(['First', 'Second']);
		expect(all.json()).toEqual(expect.arrayContaining([{ ...first }, { ...second }]));
		expect(limited.json()).toHaveLength(1);
	});

	it("lists a conversation flow's test cases, following pagination_key past 1000", async () => {
		const { flowId } = await engines();
		for (let index = 0; index < 1002; index++) {
			const id = `test_case_definition_seeded${index}`;
			env.emulator.state.testCases.set(id, {
				test_case_definition_id: id,
				name: `Seeded ${index}`,
				response_engine: { type: 'conversation-flow', conversation_flow_id: flowId },
				user_prompt: 'Hi',
				metrics: ['Greets'],
				dynamic_variables: {},
				tool_mocks: [],
				llm_model: 'gpt-4.1',
				type: 'simulation',
				creation_timestamp: 1,
				user_modified_timestamp: 1,
			});
			env.emulator.state.registerCreated(id);
		}
		const mark = env.emulator.requests.length;

		const run = await env.run({ operation: 'getAllTestCases', engineSource: 'conversationFlow', conversationFlowId: byId(flowId), returnAll: true });

		const requests = env.requestsSince(mark);
		expect(requests.map(({ query }) => ({ ...query, pagination_key: query.pagination_key ? 'key' : undefined }))).toEqual([
			{ type: 'conversation-flow', conversation_flow_id: flowId, limit: '1000', pagination_key: undefined },
			{ type: 'conversation-flow', conversation_flow_id: flowId, limit: '1000', pagination_key: 'key' },
		]);
		expect(new Set(run.json().map(({ test_case_definition_id: id }) => id)).size).toBe(1002);
	});
});

describe('Test → Update Test Case', () => {
	it('sends only the fields added, with PUT, and the rest of the test case stays', async () => {
		const { llmId, flowId } = await engines();
		const testCase = await savedTestCase(llmId);
		const mark = env.emulator.requests.length;

		const run = await env.run({
			operation: 'updateTestCase',
			testCaseId: testCase.test_case_definition_id,
			updateFields: { metrics: 'Offers Friday.\nConfirms the time.', conversationFlowId: byId(flowId), name: '' },
		});

		expect(env.requestsSince(mark)).toEqual([
			{
				method: 'PUT',
				path: `/update-test-case-definition/${testCase.test_case_definition_id}`,
				query: {},
				body: {
					metrics: ['Offers Friday.', 'Confirms the time.'],
					response_engine: { type: 'conversation-flow', conversation_flow_id: flowId },
				},
			},
		]);
		expect(run.json()[0]).toMatchObject({
			name: 'Reschedule',
			user_prompt: testCase.user_prompt,
			metrics: ['Offers Friday.', 'Confirms the time.'],
			response_engine: { type: 'conversation-flow', conversation_flow_id: flowId },
		});
	});

	it.each([
		['no field', {}, 'Nothing to update: add at least one field under Update Fields'],
		['two response engines', { llmId: byId('llm_a'), conversationFlowId: byId('conversation_flow_b') }, 'Set either Retell LLM or Conversation Flow, not both'],
	])('refuses %s before any request', async (_case, updateFields, message) => {
		const run = await env.run({ operation: 'updateTestCase', testCaseId: 'test_case_definition_x', updateFields });

		expect(runError(run)).toMatchObject({ message, itemIndex: 0 });
		expect(env.emulator.requests).toEqual([]);
	});

	it('says "Test case not found" for an unknown ID', async () => {
		const run = await env.run({ operation: 'updateTestCase', testCaseId: 'test_case_definition_gone', updateFields: { name: 'New' } });

		expect(runError(run)).toMatchObject({ message: 'Test case not found', httpCode: '404', itemIndex: 0 });
	});
});

describe('Test → Delete Test Case', () => {
	it('deletes the test case and confirms it', async () => {
		const { llmId } = await engines();
		const testCase = await savedTestCase(llmId);
		const mark = env.emulator.requests.length;

		const run = await env.run({ operation: 'deleteTestCase', testCaseId: testCase.test_case_definition_id });

		expect(run.json()).toEqual([{ deleted: true, test_case_definition_id: testCase.test_case_definition_id }]);
		expect(env.requestsSince(mark)).toEqual([
			{ method: 'DELETE', path: `/delete-test-case-definition/${testCase.test_case_definition_id}`, query: {}, body: undefined },
		]);
		expect(env.emulator.state.testCases.has(testCase.test_case_definition_id)).toBe(false);
	});

	it('reports a delete whose answer was lost as deleted, after checking', async () => {
		const { llmId } = await engines();
		const testCase = await savedTestCase(llmId);
		const path = `/delete-test-case-definition/${testCase.test_case_definition_id}`;
		env.emulator.failNext({ method: 'DELETE', path }, { status: 502, afterHandling: true });

		const run = await env.run({ operation: 'deleteTestCase', testCaseId: testCase.test_case_definition_id });

		expect(run.json()).toEqual([{ deleted: true, test_case_definition_id: testCase.test_case_definition_id, answer_lost: true }]);
	});

	it('says "Test case not found" for an unknown ID', async () => {
		const run = await env.run({ operation: 'deleteTestCase', testCaseId: 'test_case_definition_gone' });

		expect(runError(run)).toMatchObject({ message: 'Test case not found', httpCode: '404', itemIndex: 0 });
	});
});
