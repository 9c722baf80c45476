import type { BatchCallCreateBatchCallParams, BatchCallResponse } from 'retell-sdk/resources/batch-call';
import type { PhoneCallResponse } from 'retell-sdk/resources/call';
import { badRequest } from '../errors';
import { created, type EmulatorCore, type Reply, type Route, type RouteContext } from '../http';
import { newId } from '../ids';
import { bodyObject, isRecord, optionalInteger, optionalString, rejectCamelCase, requireString } from '../validate';
import { preparePhoneCall, registerCall } from './calls';

/**
 * Every task is checked when the batch is created (one bad task fails the whole batch with 400/422); the calls
 * are placed at `trigger_timestamp` (now when absent), with the time scaled like the call simulator.
 * `call_time_window` and `reserved_concurrency` are stored and echoed, not enforced; batch calls bypass
 * `callConcurrencyLimit` (Retell queues them instead of refusing).
 */
function createBatchCall({ body, core }: RouteContext): Reply<BatchCallResponse> {
	const input = bodyObject(body);
	rejectCamelCase(input);
	const from = requireString(input, 'from_number');
	const tasks = input.tasks;
	if (!Array.isArray(tasks) || tasks.length === 0) throw badRequest('tasks is required and must be a non-empty list.');
	const name = optionalString(input, 'name');
	const trigger = optionalInteger(input, 'trigger_timestamp');
	optionalInteger(input, 'reserved_concurrency');
	const params = input as unknown as BatchCallCreateBatchCallParams;

	const calls: PhoneCallResponse[] = tasks.map((task: unknown, index) => {
		if (!isRecord(task)) throw badRequest(`tasks[${index}] must be an object.`);
		return preparePhoneCall(core, { ...task, from_number: from });
	});
	const now = Date.now();
	const batch: BatchCallResponse = {
		batch_call_id: newId('batch_call_'),
		name: name ?? 'Untitled batch',
		from_number: from,
		scheduled_timestamp: trigger ?? now,
		total_task_count: calls.length,
	};
	if (params.call_time_window) batch.call_time_window = params.call_time_window;
	core.state.batchCalls.set(batch.batch_call_id, batch);
	core.state.registerCreated(batch.batch_call_id);
	core.scheduler.track(dispatch(core, batch, calls, Math.max(0, (trigger ?? now) - now)), (error) => core.log(`batch ${batch.batch_call_id} failed: ${String(error)}`));
	return created(batch);
}

async function dispatch(core: EmulatorCore, batch: BatchCallResponse, calls: PhoneCallResponse[], delayMs: number): Promise<void> {
	const generation = core.scheduler.generation;
	if (delayMs > 0 && !(await core.scheduler.sleep(delayMs / core.options.timeScale))) return;
	if (generation !== core.scheduler.generation || !core.state.batchCalls.has(batch.batch_call_id)) return;
	for (const call of calls) registerCall(core, call, batch.batch_call_id);
}

export const batchCallRoutes: Route[] = [{ method: 'POST', path: '/create-batch-call', handler: createBatchCall }];
