/**
 * The stories of the wider Retell API, each through its example workflow as shipped in examples/, in a real n8n
 * (regular mode) with the package installed as a community package and the Retell emulator: a conversation-flow
 * agent (08), an SMS after a good call (09), nightly simulation tests whose failures reach the team (10).
 */
import { nodeOutput, retellPost, runDataOf, runExample, settledExecutions, useE2eStack, WORKFLOWS } from './helpers';

const stack = useE2eStack('regular');

const emulator = () => stack().retellEmulator();

describe('provision a conversation-flow agent (examples/08)', () => {
	it('creates the flow from its JSON, a voice agent on it and a number bound to that agent', async () => {
		const flowsBefore = new Set(emulator().state.conversationFlows.keys());
		const { output } = await runExample(stack(), WORKFLOWS.flowAgent);

		const flows = [...emulator().state.conversationFlows.values()].filter((flow) => !flowsBefore.has(flow.conversation_flow_id));
		expect(flows).toHaveLength(1);
		expect(flows[0]).toMatchObject({ start_node_id: 'greet', start_speaker: 'agent' });
		expect(flows[0].nodes?.map((node) => node.id)).toEqual(['greet', 'book', 'goodbye']);

		const agent = [...emulator().state.agents.values()].find(
			(candidate) => candidate.response_engine.type === 'conversation-flow' && candidate.response_engine.conversation_flow_id === flows[0].conversation_flow_id,
		);
		expect(agent).toMatchObject({ agent_name: 'Harbor Dental booking flow', voice_id: '11labs-Jenny' });
		expect(output).toEqual([
			expect.objectContaining({
				phone_number: expect.stringMatching(/^\+1415\d{7}$/),
				inbound_agents: [expect.objectContaining({ agent_id: agent?.agent_id, weight: 1 })],
				outbound_agents: [expect.objectContaining({ agent_id: agent?.agent_id, weight: 1 })],
			}),
		]);
	});
});

describe('text the caller after a good call (examples/09)', () => {
	it('starts an SMS chat from the number the call used, with the summary, for successful calls only', async () => {
		// seedCalls: outbound calls at even indexes, every fourth call (index 3) unsuccessful.
		const [good, , , failed] = emulator().seedCalls(4, { agent_id: stack().demo?.agentId });
		expect(good).toMatchObject({ direction: 'outbound', call_analysis: { call_successful: true } });
		expect(failed).toMatchObject({ call_analysis: { call_successful: false } });
		const chatsBefore = new Set(emulator().state.chats.keys());
		const before = new Set((await settledExecutions(stack())).map((execution) => execution.id));

		for (const call of [good, failed]) {
			const reply = await retellPost(stack().exampleWebhookUrl(WORKFLOWS.smsFollowUp), JSON.stringify({ event: 'call_analyzed', call }), stack().retell.apiKey);
			expect(reply.status).toBe(200);
		}
		const executions = await stack().api.waitForExecutions(
			WORKFLOWS.smsFollowUp,
			(list) => list.filter((execution) => !before.has(execution.id) && execution.finished).length === 2,
		);
		expect(executions.filter((execution) => !before.has(execution.id)).every((execution) => execution.status === 'success')).toBe(true);

		const chats = [...emulator().state.chats.values()].filter((chat) => !chatsBefore.has(chat.chat_id));
		expect(chats).toHaveLength(1);
		expect(chats[0]).toMatchObject({
			chat_type: 'sms_chat',
			agent_id: stack().demo?.chatAgentId,
			retell_llm_dynamic_variables: { call_summary: 'Seeded call.' },
			metadata: { follow_up_of_call: good.call_id },
		});
		const sms = emulator().requests.filter((request) => request.path === '/create-sms-chat');
		expect(sms.at(-1)).toMatchObject({ status: 200, body: expect.objectContaining({ from_number: good.from_number, to_number: good.to_number }) });
	});
});

describe('nightly simulation tests, failures to the team (examples/10)', () => {
	it('runs every test case of the agent, waits for the batch, and turns the failed run into one message', async () => {
		const { run, output } = await runExample(stack(), WORKFLOWS.nightlyTests);

		const runData = runDataOf(run.run);
		const [batch] = nodeOutput(runData, 'Done?');
		expect(batch).toMatchObject({ status: 'complete', total_count: 2, pass_count: 1, fail_count: 1, error_count: 0 });
		expect(nodeOutput(runData, 'Failed runs')).toEqual([
			expect.objectContaining({ status: 'fail', test_case_definition_snapshot: expect.objectContaining({ name: 'Refuses medical advice' }) }),
		]);
		expect(output).toEqual([
			{
				text: expect.stringMatching(/^Retell simulation tests: 1 of 2 failed\.\n• Refuses medical advice: fail, \S/),
				batch_test_id: (batch as { test_case_batch_job_id: string }).test_case_batch_job_id,
			},
		]);
	});
});
