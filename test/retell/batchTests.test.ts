import type { IDataObject } from 'n8n-workflow';

import { runWorkflow } from '../support/harness';
import { retellCredentials } from '../support/retell-emulator/account';
import { FAILING_METRIC_MARKER, SIMULATION_ERROR_MARKER } from '../support/retell-emulator/testRunner';
import { byId, runError, useEmulator } from './helpers';

const env = useEmulator({ resource: 'test' });

afterEach(() => {
	env.emulator.setOptions({ timeScale: 1000 });
});

/**
 * An agent on a Retell LLM with three test cases: one the emulator grades pass, one fail (a metric carries the
 * emulator's failing marker) and one error (the prompt carries its error marker).
 */
async function agentWithTestCases() {
	const llm = await env.sdk.llm.create({ general_prompt: 'You book dental appointments.' });
	const agent = await env.sdk.agent.create({ response_engine: { type: 'retell-llm', llm_id: llm.llm_id }, voice_id: '11labs-Jenny' });
	const testCase = async (name: string, user_prompt: string, metrics: string[]) =>
		(
			await env.sdk.tests.createTestCaseDefinition({
				name,
				response_engine: { type: 'retell-llm', llm_id: llm.llm_id },
				user_prompt,
				metrics,
			})
		).test_case_definition_id;
	const passing = await testCase('Books a cleaning', 'You want a cleaning next week.', ['Offers a slot.']);
	const failing = await testCase('No appointment on file', 'You want to move an appointment you never made.', [
		'Looks the record up.',
		`Never makes up an appointment time. ${FAILING_METRIC_MARKER}`,
	]);
	const erroring = await testCase('Hangs up', `You hang up at once. ${SIMULATION_ERROR_MARKER}`, ['Says goodbye.']);
	return { llmId: llm.llm_id, agentId: agent.agent_id, passing, failing, erroring };
}

async function startedBatch(llmId: string, ids: string[]): Promise<string> {
	const batch = await env.sdk.tests.createBatchTest({ response_engine: { type: 'retell-llm', llm_id: llmId }, test_case_definition_ids: ids });
	return batch.test_case_batch_job_id;
}

async function until(condition: () => boolean): Promise<void> {
	while (!condition()) await new Promise((resolve) => setTimeout(resolve, 1));
}

describe('Test → Run Batch Test', () => {
	it("runs every test case of the agent's LLM; the batch answers in progress and completes with the grades counted", async () => {
		const { llmId, agentId, passing, failing, erroring } = await agentWithTestCases();
		const mark = env.emulator.requests.length;

		const run = await env.run({ operation: 'runBatchTest', agentId: byId(agentId) });

		const requests = env.requestsSince(mark);
		expect(requests.slice(0, 2)).toEqual([
			{ method: 'GET', path: `/get-agent/${agentId}`, query: {}, body: undefined },
			{ method: 'GET', path: '/v2/list-test-case-definitions', query: { type: 'retell-llm', llm_id: llmId, limit: '1000' }, body: undefined },
		]);
		expect(requests[2]).toMatchObject({ method: 'POST', path: '/create-batch-test', query: {} });
		const body = requests[2]?.body as { response_engine: unknown; test_case_definition_ids: string[] };
		expect(body.response_engine).toEqual({ type: 'retell-llm', llm_id: llmId });
		expect([...body.test_case_definition_ids].sort()).toEqual([passing, failing, erroring].sort());
		expect(requests).toHaveLength(3);

		const [batch] = run.json();
		expect(batch).toMatchObject({ status: 'in_progress', total_count: 3, pass_count: 0, fail_count: 0, error_count: 0 });
		await env.emulator.idle();
		const done = await env.run({ operation: 'getBatchTest', batchTestId: String(batch?.test_case_batch_job_id) });
		expect(done.json()).toEqual([
			{ ...batch, status: 'complete', pass_count: 1, fail_count: 1, error_count: 1, user_modified_timestamp: expect.any(Number) },
		]);
	});

	it('runs only the selected test cases, listed with commas and lines or as a list, on a given LLM version', async () => {
		const { llmId, passing, failing } = await agentWithTestCases();
		const mark = env.emulator.requests.length;

		await env.run({ operation: 'runBatchTest', engineSource: 'retellLlm', llmId: byId(llmId), testCases: 'selected', testCaseIds: ` ${passing},\n${failing}, `, options: { version: 0 } });
		await env.run(
			{ operation: 'runBatchTest', engineSource: 'retellLlm', llmId: byId(llmId), testCases: 'selected', testCaseIds: '={{ $json.ids }}' },
			{ input: [{ ids: [failing] }] },
		);

		expect(env.requestsSince(mark)).toEqual([
			{
				method: 'POST',
				path: '/create-batch-test',
				query: {},
				body: { response_engine: { type: 'retell-llm', llm_id: llmId, version: 0 }, test_case_definition_ids: [passing, failing] },
			},
			{ method: 'POST', path: '/create-batch-test', query: {}, body: { response_engine: { type: 'retell-llm', llm_id: llmId }, test_case_definition_ids: [failing] } },
		]);
	});

	it('requires test case IDs when Selected, before any request', async () => {
		const run = await env.run({ operation: 'runBatchTest', agentId: byId('agent_x'), testCases: 'selected', testCaseIds: ' , ' });

		expect(runError(run)).toMatchObject({ message: 'Test Case IDs is required', itemIndex: 0 });
		expect(env.emulator.requests).toEqual([]);
	});

	it('refuses to start a batch for a response engine without test cases', async () => {
		const llm = await env.sdk.llm.create({ general_prompt: 'Hi' });
		const mark = env.emulator.requests.length;

		const run = await env.run({ operation: 'runBatchTest', engineSource: 'retellLlm', llmId: byId(llm.llm_id) });

		expect(runError(run)).toMatchObject({ message: 'The response engine has no test cases to run', itemIndex: 0 });
		expect(env.requestsSince(mark).map(({ path }) => path)).toEqual(['/v2/list-test-case-definitions']);
		expect(env.emulator.state.batchTests.size).toBe(0);
	});

	it("passes on Retell's 404 for a test case that does not exist, and starts nothing", async () => {
		const { llmId, passing } = await agentWithTestCases();

		const run = await env.run({ operation: 'runBatchTest', engineSource: 'retellLlm', llmId: byId(llmId), testCases: 'selected', testCaseIds: `${passing}, test_case_definition_gone` });

		expect(runError(run)).toMatchObject({ message: 'Retell: Test case definition test_case_definition_gone not found.', httpCode: '404', itemIndex: 0 });
		expect(env.emulator.state.batchTests.size).toBe(0);
	});
});

describe('Test → Get Batch Test', () => {
	it('shows a batch whose runs are not graded yet as in progress, with its runs pending', async () => {
		const { llmId, passing, failing } = await agentWithTestCases();
		env.emulator.setOptions({ timeScale: 0.01 });
		const batchTestId = await startedBatch(llmId, [passing, failing]);
		const mark = env.emulator.requests.length;

		const batch = await env.run({ operation: 'getBatchTest', batchTestId });
		const runs = await env.run({ operation: 'getAllTestRuns', batchTestId, returnAll: true });

		expect(env.requestsSince(mark)[0]).toEqual({ method: 'GET', path: `/get-batch-test/${batchTestId}`, query: {}, body: undefined });
		expect(batch.json()).toEqual([{ ...env.emulator.state.batchTests.get(batchTestId) }]);
		expect(batch.json()[0]).toMatchObject({ status: 'in_progress', total_count: 2, pass_count: 0, fail_count: 0, error_count: 0 });
		expect(runs.json().map(({ status }) => status)).toEqual(['pending', 'pending']);
	});

	it('says "Batch test not found" on Retell\'s 404, and requires an ID before any request', async () => {
		const missing = await env.run({ operation: 'getBatchTest', batchTestId: 'test_case_batch_job_gone' });
		expect(runError(missing)).toMatchObject({ message: 'Batch test not found', httpCode: '404', itemIndex: 0 });

		const mark = env.emulator.requests.length;
		const blank = await env.run({ operation: 'getBatchTest', batchTestId: '={{ "" }}' });
		expect(runError(blank)).toMatchObject({ message: 'Batch Test ID is required', itemIndex: 0 });
		expect(env.requestsSince(mark)).toEqual([]);
	});
});

describe('Test → Get Many Batch Tests', () => {
	it("lists the batch tests of the agent's LLM, of a version, or of a conversation flow", async () => {
		const { llmId, agentId, passing, failing } = await agentWithTestCases();
		const first = await startedBatch(llmId, [passing]);
		const second = await startedBatch(llmId, [failing]);
		const flow = await env.sdk.conversationFlow.create({
			model_choice: { type: 'cascading', model: 'gpt-4.1' },
			start_speaker: 'agent',
			nodes: [{ id: 'start', type: 'conversation', instruction: { type: 'prompt', text: 'Greet the caller.' } }],
		});
		const mark = env.emulator.requests.length;

		const all = await env.run({ operation: 'getAllBatchTests', agentId: byId(agentId), returnAll: true });
		const limited = await env.run({ operation: 'getAllBatchTests', engineSource: 'retellLlm', llmId: byId(llmId), limit: 1, options: { version: 0 } });
		const ofFlow = await env.run({ operation: 'getAllBatchTests', engineSource: 'conversationFlow', conversationFlowId: byId(flow.conversation_flow_id), returnAll: true });

		expect(env.requestsSince(mark).filter(({ path }) => path === '/v2/list-batch-tests').map(({ query }) => query)).toEqual([
			{ type: 'retell-llm', llm_id: llmId, limit: '1000' },
			{ type: 'retell-llm', llm_id: llmId, version: '0', limit: '1' },
			{ type: 'conversation-flow', conversation_flow_id: flow.conversation_flow_id, limit: '1000' },
		]);
		expect(all.json().map(({ test_case_batch_job_id: id }) => id).sort()).toEqual([first, second].sort());
		expect(all.json()[0]).toMatchObject({ response_engine: { type: 'retell-llm', llm_id: llmId, version: 0 }, total_count: 1 });
		expect(limited.json()).toHaveLength(1);
		expect(ofFlow.json()).toEqual([]);
	});
});

describe('Test → Get Test Run', () => {
	it('follows one run from in progress to its grade and reason', async () => {
		const { llmId, failing } = await agentWithTestCases();
		env.emulator.setOptions({ timeScale: 100 });
		const batchTestId = await startedBatch(llmId, [failing]);
		const [testRunId] = [...env.emulator.state.testRuns.keys()];
		const stored = () => env.emulator.state.testRuns.get(String(testRunId));
		await until(() => stored()?.status === 'in_progress');

		const running = await env.run({ operation: 'getTestRun', testRunId });
		await env.emulator.idle();
		const graded = await env.run({ operation: 'getTestRun', testRunId });

		expect(running.json()[0]).toMatchObject({ test_case_job_id: testRunId, status: 'in_progress', result_explanation: null });
		expect(graded.json()).toEqual([{ ...stored() }]);
		expect(graded.json()[0]).toMatchObject({
			status: 'fail',
			test_case_definition_id: failing,
			result_explanation: `Criterion not met: "Never makes up an appointment time. ${FAILING_METRIC_MARKER}".`,
			test_case_definition_snapshot: { name: 'No appointment on file' },
		});
		expect(env.emulator.state.batchTests.get(batchTestId)).toMatchObject({ status: 'complete', fail_count: 1 });
		expect(env.emulator.requests.filter(({ path }) => path.startsWith('/get-test-run/')).map(({ path }) => path)).toEqual([
			`/get-test-run/${testRunId}`,
			`/get-test-run/${testRunId}`,
		]);
	});

	it('says "Test run not found" on Retell\'s 404', async () => {
		const run = await env.run({ operation: 'getTestRun', testRunId: 'test_case_job_gone' });

		expect(runError(run)).toMatchObject({ message: 'Test run not found', httpCode: '404', itemIndex: 0 });
	});
});

describe('Test → Get Many Test Runs', () => {
	it('lists the runs of a batch, each with the batch ID, up to the Limit', async () => {
		const { llmId, passing, failing, erroring } = await agentWithTestCases();
		const batchTestId = await startedBatch(llmId, [passing, failing, erroring]);
		await env.emulator.idle();
		const mark = env.emulator.requests.length;

		const all = await env.run({ operation: 'getAllTestRuns', batchTestId, returnAll: true });
		const limited = await env.run({ operation: 'getAllTestRuns', batchTestId, limit: 2 });

		expect(env.requestsSince(mark)).toEqual([
			{ method: 'GET', path: `/v2/list-test-runs/${batchTestId}`, query: { limit: '1000' }, body: undefined },
			{ method: 'GET', path: `/v2/list-test-runs/${batchTestId}`, query: { limit: '2' }, body: undefined },
		]);
		const stored = [...env.emulator.state.testRuns.values()].map((run) => ({ test_case_batch_job_id: batchTestId, ...run }));
		expect(all.json()).toEqual(expect.arrayContaining(stored));
		expect(all.json()).toHaveLength(3);
		expect(limited.json()).toHaveLength(2);
	});

	it('filters by status: with a filter it reads every run and the Limit counts the matching ones', async () => {
		const { llmId, passing, failing, erroring } = await agentWithTestCases();
		const batchTestId = await startedBatch(llmId, [passing, failing, erroring]);
		await env.emulator.idle();
		const mark = env.emulator.requests.length;

		const run = await env.run({ operation: 'getAllTestRuns', batchTestId, limit: 1, filters: { status: ['pass'] } });

		expect(env.requestsSince(mark).map(({ query }) => query)).toEqual([{ limit: '1000' }]);
		expect(run.json()).toEqual([expect.objectContaining({ status: 'pass', test_case_definition_id: passing })]);
	});

	it('says "Batch test not found" for an unknown batch', async () => {
		const run = await env.run({ operation: 'getAllTestRuns', batchTestId: 'test_case_batch_job_gone', returnAll: true });

		expect(runError(run)).toMatchObject({ message: 'Batch test not found', httpCode: '404', itemIndex: 0 });
	});
});

describe('Test → the nightly regression check', () => {
	it('runs the batch, and once it is complete hands on each failed run with its test case and reason', async () => {
		const { agentId } = await agentWithTestCases();
		const started = await env.run({ operation: 'runBatchTest', agentId: byId(agentId) });
		await env.emulator.idle();

		const report = await runWorkflow({
			credentials: retellCredentials(env.emulator),
			input: started.json(),
			nodes: [
				{ name: 'Get Batch Test', type: 'retell', parameters: { resource: 'test', operation: 'getBatchTest', batchTestId: '={{ $json.test_case_batch_job_id }}' } },
				{
					name: 'Failed Runs',
					type: 'retell',
					parameters: {
						resource: 'test',
						operation: 'getAllTestRuns',
						batchTestId: '={{ $json.test_case_batch_job_id }}',
						returnAll: true,
						filters: { status: ['fail', 'error'] },
					},
				},
			],
		});

		expect(report.json('Get Batch Test')).toEqual([expect.objectContaining({ status: 'complete', total_count: 3, pass_count: 1, fail_count: 1, error_count: 1 })]);
		const failures = report.json('Failed Runs').map((run) => ({
			testCase: (run.test_case_definition_snapshot as IDataObject).name,
			status: run.status,
			reason: run.result_explanation,
		}));
		expect(failures.sort((a, b) => String(a.testCase).localeCompare(String(b.testCase)))).toEqual([
			{ testCase: 'Hangs up', status: 'error', reason: 'The simulation stopped before the conversation ended.' },
			{ testCase: 'No appointment on file', status: 'fail', reason: `Criterion not met: "Never makes up an appointment time. ${FAILING_METRIC_MARKER}".` },
		]);
	});
});
