import { AsyncLocalStorage } from 'node:async_hooks';

import type { IExecuteFunctions } from 'n8n-workflow';

import { webhookResponseMode } from '../../retell/webhook';
import { upstreamRetellTrigger } from '../../upstreamTrigger';

/**
 * Retell waits 10 s for a webhook answer and then sends the event again
 * (https://docs.retellai.com/features/webhook). A request that hangs longer would finish beside that repeat and
 * run the rest of the workflow twice; failing at 8 s lets the repeat be the only one.
 */
const DEFAULT_REQUEST_TIMEOUT_SECONDS = 8;
const MAX_REQUEST_TIMEOUT_SECONDS = 300;

export function readRequestTimeoutMs(value: unknown): number {
	const seconds = typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : DEFAULT_REQUEST_TIMEOUT_SECONDS;
	return Math.min(seconds, MAX_REQUEST_TIMEOUT_SECONDS) * 1000;
}

/** When the request being run (with its retries) must be over, in epoch ms. */
export const requestDeadline = new AsyncLocalStorage<number>();

/**
 * Named AbortError so that postgrest-js neither retries it (it re-sends GETs after network errors) nor
 * mistakes it for a network failure: its result then carries the hint "Request was aborted".
 */
class RequestTimeout extends Error {
	override name = 'AbortError';
}

/**
 * supabase-js's fetch, bounded by the deadline of the request it serves (supabase-js runs it inside that
 * request's context), so every request of every operation is bounded without each building a signal.
 */
export function fetchWithinDeadline(timeoutMs: number): typeof fetch {
	return async (input, init) => {
		const deadline = requestDeadline.getStore() ?? Date.now() + timeoutMs;
		const controller = new AbortController();
		const timer = setTimeout(() => controller.abort(new RequestTimeout('Supabase did not answer in time')), Math.max(1, deadline - Date.now()));
		// The body is read after fetch resolves, so the timer stays armed; unref keeps it from holding the process.
		timer.unref();
		const signal = init?.signal ? AbortSignal.any([init.signal, controller.signal]) : controller.signal;
		return await fetch(input, { ...init, signal });
	};
}

/** Whether a Retell Trigger upstream holds Retell's request open until the workflow answers. */
export function retellWaitsFor(context: IExecuteFunctions): boolean {
	return upstreamRetellTrigger(context, (parameters) => webhookResponseMode(parameters) !== 'onReceived') !== undefined;
}

/**
 * Retell waits 10 s for the whole workflow, not for one request: a Log that took 7 s followed by a Create Lead that
 * took 7 s would finish after Retell had sent the event again. So every Supabase request of an execution Retell waits
 * for shares one Request Timeout, counted from the execution's first. Executions run in one process, regular or queue
 * mode, so a map in memory holds them; entries a minute past their deadline are dropped.
 */
const executionDeadlines = new Map<string, number>();

export function sharedDeadline(executionId: string, timeoutMs: number): number {
	const now = Date.now();
	for (const [id, deadline] of executionDeadlines) {
		if (deadline > now - 60_000) break;
		executionDeadlines.delete(id);
	}
	const known = executionDeadlines.get(executionId);
	if (known !== undefined) return known;
	executionDeadlines.set(executionId, now + timeoutMs);
	return now + timeoutMs;
}
