import { Agent } from 'node:http';
import { isDeepStrictEqual } from 'node:util';

import { runLoad, sleep, RETELL_DELIVERY } from '../../bench/lib/load';
import type { PublicApi } from '../../scripts/n8n/api';
import { isRecord } from '../../scripts/n8n/json';
import { executeWorkflow } from '../../scripts/n8n/n8n';
import { eventually } from '../../scripts/n8n/requests';
import type { Stack } from '../../scripts/n8n/stack';
import { signRetellBody } from '../support/retell-emulator';
import { checkRows, prng, shuffledDeliveries, type RowCheck } from './calls';
import type { Fault, FaultTargets } from './faults';

/** Retell Trigger (Custom Function) → Code → Answer Retell: the caller waits for the answer. */
export const FUNCTION_WORKFLOW = 'RetellExample004';
/** Retell Trigger (acknowledge after the workflow) → Session → Log → lead on call_analyzed. */
export const LOG_WORKFLOW = 'RetellExample003';
/** Retell Trigger logging every event itself before answering; only call_analyzed runs the workflow (a lead). */
export const DOOR_LOG_WORKFLOW = 'RetellExample014';
/** The scheduled Reconcile, run once after the deliveries as its schedule would. */
export const RECONCILE_WORKFLOW = 'RetellExample006';
const AGENT_ID = 'agent_reliability000000000000001';

export interface ScenarioOptions {
	calls: number;
	/** Share of events Retell sends twice. */
	duplicateShare: number;
	/** Deliveries per second, as events arrive from live calls (below n8n's capacity, so a fault is what builds a backlog). */
	rate: number;
	seed: number;
	/** The workflow Retell's events go to (default: LOG_WORKFLOW). */
	workflow?: string;
}

export interface ScenarioResult {
	fault: string;
	label: string;
	faultsPlayed: number;
	calls: number;
	deliveries: number;
	attempts: number;
	/** Deliveries Retell gave up on after its retries. */
	gaveUp: number;
	/** Attempts answered 2xx. */
	acknowledged: number;
	executions: { success: number; error: number };
	/** Successful executions whose answer Retell no longer waited for: the workflow ran beside a retry. */
	late: number;
	/** Messages of the failed executions (host ports folded), and how many told the user Retell retries. */
	errorMessages: Record<string, number>;
	errorsSayingRetellRetries: number;
	/** Custom-function calls made meanwhile: the right answer, no answer in time or an error, or a wrong answer. */
	functionCalls: { right: number; failed: number; wrong: number };
	beforeReconcile: RowCheck;
	afterReconcile: RowCheck;
	reconcileStatus: string;
	wallMs: number;
}

export interface ReliabilityEnv {
	stack: Stack;
	targets: FaultTargets;
	log: (line: string) => void;
}

function parsed(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

async function latestExecutionId(api: PublicApi, workflowId: string): Promise<number> {
	const [latest] = await api.executions({ workflowId, limit: 1 });
	return latest ? Number(latest.id) : 0;
}

/**
 * Plays the fault `times` times at random moments of the deliveries' span, one per equal slot, so that the
 * database is back in between (each fault is an outage of its own, not one long one).
 */
async function playFaults(fault: Fault, targets: FaultTargets, spanMs: number, random: () => number): Promise<void> {
	const started = Date.now();
	for (let slot = 0; slot < fault.times; slot++) {
		const at = ((slot + 0.1 + random() * 0.5) / fault.times) * spanMs;
		await sleep(started + at - Date.now());
		await fault.play(targets);
	}
}

function errorOf(data: unknown): { message: string; description: string } {
	const error = isRecord(data) && isRecord(data.resultData) && isRecord(data.resultData.error) ? data.resultData.error : {};
	return {
		message: typeof error.message === 'string' ? error.message : '(no message)',
		description: typeof error.description === 'string' ? error.description : '',
	};
}

/**
 * Calls the custom function twice a second while `running()`, each caller with its own name and slot, and checks
 * that each gets its own answer. Retell waits `timeout_ms` per attempt (default 120 s; retell-api.md §6); 10 s here.
 */
async function probeCustomFunction(
	stack: Stack,
	apiKey: string,
	running: () => boolean,
): Promise<ScenarioResult['functionCalls']> {
	const url = stack.webhookUrl(stack.example(FUNCTION_WORKFLOW).webhooks[0]);
	const counts = { right: 0, failed: 0, wrong: 0 };
	const calls: Array<Promise<void>> = [];
	for (let n = 0; running(); n++) {
		const time = `${String(9 + (n % 8)).padStart(2, '0')}:00`;
		const name = `Caller ${n}`;
		const bookingId = `BK-20300108-${time.replace(':', '')}`;
		const expected = { result: { booked: true, booking_id: bookingId, message: `Booked ${name} on 2030-01-08 at ${time}. Reference ${bookingId}.` } };
		const body = JSON.stringify({
			name: 'book_appointment',
			call: { call_id: `call_probe_${n}`, call_status: 'ongoing' },
			args: { date: '2030-01-08', time, name },
		});
		calls.push(
			(async () => {
				try {
					const response = await fetch(url, {
						method: 'POST',
						headers: { 'content-type': 'application/json', 'x-retell-signature': signRetellBody(body, apiKey, Date.now()) },
						body,
						signal: AbortSignal.timeout(10_000),
					});
					const text = await response.text();
					if (!response.ok) counts.failed++;
					else if (isDeepStrictEqual(parsed(text), expected)) counts.right++;
					else counts.wrong++;
				} catch {
					counts.failed++;
				}
			})(),
		);
		await sleep(500);
	}
	await Promise.all(calls);
	return counts;
}

export async function runScenario(env: ReliabilityEnv, fault: Fault, options: ScenarioOptions): Promise<ScenarioResult> {
	const { stack, targets } = env;
	const emulator = stack.emulator;
	if (!emulator) throw new Error('the reliability run needs the Retell emulator');
	const random = prng(options.seed);
	const workflow = options.workflow ?? LOG_WORKFLOW;
	const started = Date.now();

	emulator.reset();
	const calls = emulator.seedCalls(options.calls, { agent_id: AGENT_ID, start_timestamp: Date.now() - 3 * 3600_000 });
	const deliveries = shuffledDeliveries(calls, options.duplicateShare, random);
	const [webhook] = stack.example(workflow).webhooks;
	const url = stack.webhookUrl(webhook);
	const lastId = await latestExecutionId(stack.api, workflow);

	const intervalMs = 1000 / options.rate;
	// Retell does not cap its deliveries in flight: a stalled database holds every one sent meanwhile.
	const concurrency = Math.min(deliveries.length, 1000);
	const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
	const faults = playFaults(fault, targets, deliveries.length * intervalMs, random);
	let loading = true;
	const functionCalls = probeCustomFunction(stack, emulator.apiKey, () => loading);
	const load = await runLoad({
		count: deliveries.length,
		concurrency,
		intervalMs,
		retry: RETELL_DELIVERY,
		agent,
		request: (index) => {
			const { body } = deliveries[index];
			// Each attempt is signed anew, as Retell does: its timestamp must be within 5 minutes.
			const signature = signRetellBody(body, emulator.apiKey, Date.now());
			return { url, headers: { 'content-type': 'application/json', 'x-retell-signature': signature }, body };
		},
	});
	await faults;
	loading = false;
	agent.destroy();
	env.log(`${fault.key}: ${deliveries.length} deliveries, ${load.attempts} attempts, ${load.failed.length} given up`);

	await eventually(
		() => stack.api.executionsAfter(workflow, lastId, 'running'),
		(running) => running.length === 0,
		180_000,
		'no execution still running',
	);
	const executions = await stack.api.executionsAfter(workflow, lastId);
	const failed = executions.filter((execution) => execution.status === 'error');
	const errorMessages: Record<string, number> = {};
	let errorsSayingRetellRetries = 0;
	for (const execution of failed) {
		const { message, description } = errorOf((await stack.api.execution(execution.id, true))?.data);
		if (process.env.RELIABILITY_DEBUG) env.log(`${execution.id} ${execution.startedAt} → ${execution.stoppedAt}: ${message} | ${description}`);
		const folded = message.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT');
		errorMessages[folded] = (errorMessages[folded] ?? 0) + 1;
		if (description.includes('Retell send the event again')) errorsSayingRetellRetries++;
	}
	const success = executions.filter((execution) => execution.status === 'success').length;
	const acknowledged = Object.entries(load.statuses)
		.filter(([status]) => status.startsWith('2'))
		.reduce((sum, [, count]) => sum + count, 0);

	const beforeReconcile = await checkRows(targets.supabase.databaseUrl, calls);
	const reconcile = await executeWorkflow(stack.config, RECONCILE_WORKFLOW);
	const afterReconcile = await checkRows(targets.supabase.databaseUrl, calls);

	return {
		fault: fault.key,
		label: workflow === DOOR_LOG_WORKFLOW ? `${fault.label}; events logged by the trigger (examples/14)` : fault.label,
		faultsPlayed: fault.times,
		calls: calls.length,
		deliveries: deliveries.length,
		attempts: load.attempts,
		gaveUp: load.failed.length,
		acknowledged,
		executions: { success, error: failed.length },
		late: Math.max(0, success - acknowledged),
		errorMessages,
		errorsSayingRetellRetries,
		functionCalls: await functionCalls,
		beforeReconcile,
		afterReconcile,
		reconcileStatus: reconcile.status,
		wallMs: Date.now() - started,
	};
}
