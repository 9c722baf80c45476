import type { BatchTestResponse, TestCaseDefinitionResponse, TestCaseJobResponse } from 'retell-sdk/resources/tests';

import type { EmulatorCore } from './http';
import { newId } from './ids';

/**
 * Runs a batch test's simulations (https://docs.retellai.com/test/run-tests: "every test case you select runs against
 * one version of your agent … and each run is graded. Results stream in as they finish"). Each run goes
 * `pending` → `in_progress` → `pass` | `fail` | `error` (SDK 5.66.1 `TestCaseJobResponse.status`), the batch counts
 * each result as it comes in and turns `complete` after the last one (`BatchTestResponse.status`).
 *
 * Retell grades a run with an LLM; the emulator decides it from the test case instead, so a test can choose it:
 * - a `user_prompt` containing SIMULATION_ERROR_MARKER breaks the simulation off: `error`;
 * - else a metric containing FAILING_METRIC_MARKER is not met: `fail`, and `result_explanation` quotes it;
 * - else every metric is met: `pass`.
 * ⚠ The timings and the wording of `result_explanation` and `transcript_snapshot` are the emulator's.
 */
export const FAILING_METRIC_MARKER = '[emulator:fail]';
export const SIMULATION_ERROR_MARKER = '[emulator:error]';

/** Simulated time from queueing to a worker picking the run up, and then to its grade; divided by `timeScale`. */
const QUEUED_MS = 2_000;
const SIMULATION_MS = 20_000;

/** Run ids of each batch test, in creation order: a run object does not name its batch (SDK `TestCaseJobResponse`). */
const runsOfBatch = new WeakMap<BatchTestResponse, string[]>();

export function runIdsOf(batch: BatchTestResponse): string[] {
	return runsOfBatch.get(batch) ?? [];
}

type Verdict = Pick<TestCaseJobResponse, 'status' | 'result_explanation'>;

function grade(testCase: TestCaseDefinitionResponse): Verdict {
	if (testCase.user_prompt.includes(SIMULATION_ERROR_MARKER)) {
		return { status: 'error', result_explanation: 'The simulation stopped before the conversation ended.' };
	}
	const unmet = testCase.metrics.find((metric) => metric.includes(FAILING_METRIC_MARKER));
	if (unmet !== undefined) return { status: 'fail', result_explanation: `Criterion not met: "${unmet}".` };
	return { status: 'pass', result_explanation: `All ${testCase.metrics.length} criteria met.` };
}

/** A short two-turn conversation: the simulated user's opening line, then the agent's answer. */
function transcriptOf(testCase: TestCaseDefinitionResponse): { transcript: Array<{ role: 'user' | 'agent'; content: string }> } {
	const opening = testCase.user_prompt.split('\n').find((line) => line.trim() !== '')?.trim() ?? '';
	return { transcript: [{ role: 'user', content: opening }, { role: 'agent', content: 'Thanks for calling, how can I help you today?' }] };
}

/** Creates the batch's runs (all `pending`) and starts them; answers at once, as create-batch-test does. */
export function startBatchTest(core: EmulatorCore, batch: BatchTestResponse, testCases: TestCaseDefinitionResponse[]): void {
	const now = Date.now();
	const runIds = testCases.map((testCase) => {
		const run: TestCaseJobResponse = {
			test_case_job_id: newId('test_case_job_'),
			status: 'pending',
			test_case_definition_id: testCase.test_case_definition_id,
			test_case_definition_snapshot: structuredClone(testCase),
			creation_timestamp: now,
			user_modified_timestamp: now,
			result_explanation: null,
			transcript_snapshot: null,
		};
		core.state.testRuns.set(run.test_case_job_id, run);
		core.state.registerCreated(run.test_case_job_id);
		return run.test_case_job_id;
	});
	runsOfBatch.set(batch, runIds);
	runIds.forEach((runId, index) => {
		core.scheduler.track(simulate(core, batch, runId, index), (error) => core.log(`test run ${runId} failed: ${String(error)}`));
	});
}

/** One run; later runs of a batch take a little longer, so results arrive one by one. */
async function simulate(core: EmulatorCore, batch: BatchTestResponse, runId: string, index: number): Promise<void> {
	const generation = core.scheduler.generation;
	const still = () => generation === core.scheduler.generation && core.state.batchTests.get(batch.test_case_batch_job_id) === batch;
	const wait = async (simulatedMs: number) => (await core.scheduler.sleep(simulatedMs / core.options.timeScale)) && still();

	if (!(await wait(QUEUED_MS))) return;
	const run = core.state.testRuns.get(runId);
	if (!run) return;
	run.status = 'in_progress';
	run.user_modified_timestamp = Date.now();

	if (!(await wait(SIMULATION_MS + index * 1_000))) return;
	const verdict = grade(run.test_case_definition_snapshot);
	Object.assign(run, verdict, { transcript_snapshot: transcriptOf(run.test_case_definition_snapshot), user_modified_timestamp: Date.now() });
	if (verdict.status === 'pass') batch.pass_count++;
	else if (verdict.status === 'fail') batch.fail_count++;
	else batch.error_count++;
	batch.user_modified_timestamp = Date.now();
	if (batch.pass_count + batch.fail_count + batch.error_count === batch.total_count) batch.status = 'complete';
}
