import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { INodeType, INodeTypeDescription } from 'n8n-workflow';

import { chain, functionResultNode, retellTrigger } from '../../bench/lib/workflows';
import type { ExecutionSummary, Owner, PublicApi } from '../../scripts/n8n/api';
import { executeWorkflow, randomKey, type CliRun } from '../../scripts/n8n/n8n';
import { REPO_ROOT } from '../../scripts/n8n/paths';
import { eventually, retellPost, supabaseSelect, type SignedRequestOptions } from '../../scripts/n8n/requests';
import { startStack, stopAndListSurvivors, type ExecutionMode, type Stack, type SupabaseTarget } from '../../scripts/n8n/stack';
import { isRecord } from '../../scripts/n8n/json';
import { mapWithConcurrency } from '../../nodes/shared/concurrency';
import { checkRows, lifecycleDeliveries } from '../reliability/calls';

export const E2E_OWNER: Owner = {
	email: 'e2e-owner@example.com',
	password: 'E2e-Owner-Passw0rd',
	firstName: 'E2E',
	lastName: 'Owner',
};

export const WORKFLOWS = {
	provision: 'RetellExample001',
	placeCalls: 'RetellExample002',
	callEvents: 'RetellExample003',
	customFunction: 'RetellExample004',
	inboundCall: 'RetellExample005',
	reconcile: 'RetellExample006',
	followUpOnce: 'RetellExample007',
	flowAgent: 'RetellExample008',
	smsFollowUp: 'RetellExample009',
	nightlyTests: 'RetellExample010',
	keepRecordings: 'RetellExample011',
	weeklyStats: 'RetellExample012',
	inboundWithinDeadline: 'RetellExample013',
	logAtTheDoor: 'RetellExample014',
} as const;

export interface E2eStack extends Stack {
	userFolder: string;
	/** Stops everything and deletes the user folder (kept with E2E_KEEP=1, for the logs). */
	teardown(): Promise<void>;
	/** The Retell emulator (the e2e stack always runs one). */
	retellEmulator(): NonNullable<Stack['emulator']>;
	/** The production URL of an example workflow's (first) webhook. */
	exampleWebhookUrl(workflowId: string): string;
}

export interface E2eStackOptions {
	/** The emulator's API key, and so the imported Retell credential's (default: the emulator's own). */
	retellApiKey?: string;
	/** A Supabase the caller runs (e.g. behind a gateway with its own keys) instead of a fresh local stack. */
	supabase?: SupabaseTarget;
	/** Extra environment for every n8n process (log level and output…). */
	n8nEnv?: Record<string, string>;
}

/**
 * A fresh n8n (own user folder, free ports) with emulator, local Supabase and all examples imported. Webhook
 * workflows are published; the scheduled reconcile is not (the test runs it once through the CLI instead).
 */
export async function startE2eStack(mode: ExecutionMode, options: E2eStackOptions = {}): Promise<E2eStack> {
	const userFolder = mkdtempSync(path.join(tmpdir(), `retell-e2e-${mode}-`));
	const started = Date.now();
	const verbose = process.env.E2E_VERBOSE === '1';
	let stack: Stack;
	try {
		stack = await startStack({
			mode,
			userFolder,
			encryptionKey: randomKey(),
			owner: E2E_OWNER,
			importExamples: 'always',
			// Only while nodes are still being written; CI always installs the complete package.
			allowMissingNodes: process.env.E2E_ALLOW_MISSING_NODES === '1',
			publish: (example) => example.webhooks.length > 0,
			echo: verbose,
			log: verbose ? (line) => process.stdout.write(`[e2e +${Date.now() - started}ms] ${line}\n`) : undefined,
			apiKeyLabel: `e2e-${mode}-${Date.now()}`,
			emulator: options.retellApiKey === undefined ? undefined : { apiKey: options.retellApiKey },
			supabase: options.supabase,
			n8nEnv: options.n8nEnv,
		});
	} catch (error) {
		if (process.env.E2E_KEEP !== '1') rmSync(userFolder, { recursive: true, force: true });
		throw error;
	}
	process.stdout.write(
		`[e2e] ${mode} stack up in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(stack.timings)}\n`,
	);
	return Object.assign(stack, {
		userFolder,
		retellEmulator(): NonNullable<Stack['emulator']> {
			if (!stack.emulator) throw new Error('the e2e stack always runs the emulator');
			return stack.emulator;
		},
		exampleWebhookUrl(workflowId: string): string {
			const [webhook] = stack.example(workflowId).webhooks;
			return stack.webhookUrl(webhook);
		},
		async teardown(): Promise<void> {
			const stopping = Date.now();
			const survivors = await stopAndListSurvivors(stack);
			process.stdout.write(`[e2e] ${mode} stack stopped in ${((Date.now() - stopping) / 1000).toFixed(1)} s\n`);
			if (survivors.length > 0) throw new Error(`still running after stop: ${JSON.stringify(survivors)}`);
			if (process.env.E2E_KEEP === '1') process.stdout.write(`[e2e] kept ${userFolder}\n`);
			else rmSync(userFolder, { recursive: true, force: true });
		},
	});
}

/** One stack per test file, started before its tests and torn down after them. */
export function useE2eStack(mode: ExecutionMode): () => E2eStack {
	let stack: E2eStack | undefined;
	// Longer than the start-up's own time limits, so a slow start fails with its reason instead of a jest timeout.
	beforeAll(async () => {
		stack = await startE2eStack(mode);
	}, 900_000);
	afterAll(async () => {
		await stack?.teardown();
	}, 120_000);
	return () => {
		if (stack === undefined) throw new Error('the e2e stack did not start (see beforeAll)');
		return stack;
	};
}

/** Runs a Manual/Schedule-trigger example once (n8n CLI) and returns the last node's items. */
export async function runExample(stack: Stack, workflowId: string): Promise<{ run: CliRun; output: unknown[] }> {
	const run = await executeWorkflow(stack.config, workflowId);
	if (run.status !== 'success') {
		throw new Error(`workflow ${workflowId} ended ${run.status}: ${JSON.stringify(run.run).slice(0, 3000)}`);
	}
	return { run, output: lastNodeOutput(run.run) };
}

/** `data.resultData.runData[lastNodeExecuted][0].data.main[0][*].json` of an n8n run. */
export function lastNodeOutput(run: unknown): unknown[] {
	if (!isRecord(run) || !isRecord(run.data) || !isRecord(run.data.resultData)) return [];
	const { runData, lastNodeExecuted } = run.data.resultData;
	if (!isRecord(runData) || typeof lastNodeExecuted !== 'string') return [];
	return nodeOutput(runData, lastNodeExecuted);
}

/** `data.resultData.runData` of an n8n run (as `n8n execute` prints it): each node's output by name. */
export function runDataOf(run: unknown): Record<string, unknown> {
	if (isRecord(run) && isRecord(run.data) && isRecord(run.data.resultData) && isRecord(run.data.resultData.runData)) return run.data.resultData.runData;
	return {};
}

export function nodeOutput(runData: Record<string, unknown>, node: string): unknown[] {
	const runs = runData[node];
	if (!Array.isArray(runs) || runs.length === 0) return [];
	const last: unknown = runs[runs.length - 1];
	if (!isRecord(last) || !isRecord(last.data) || !Array.isArray(last.data.main)) return [];
	const first: unknown = last.data.main[0];
	return Array.isArray(first) ? first.map((item: unknown) => (isRecord(item) ? item.json : undefined)) : [];
}

/** The run data of an execution read through the public API (`includeData=true`). */
export function executionRunData(execution: ExecutionSummary): Record<string, unknown> {
	const data = execution.data;
	if (isRecord(data) && isRecord(data.resultData) && isRecord(data.resultData.runData)) return data.resultData.runData;
	return {};
}

// Shared with `npm run dev -- --smoke`.
export { eventually, retellPost, supabaseSelect, type SignedRequestOptions };

export function inList(values: string[]): string {
	return `in.(${values.map((value) => `"${value}"`).join(',')})`;
}

/**
 * Retell Trigger (Custom Function, Respond: Using Webhook Response Node) → Answer Retell → a node that always fails,
 * created and published through the public API. Returns the trigger's production URL once n8n serves it.
 */
export async function deployAnswerThenFail(stack: Stack): Promise<{ workflowId: string; url: string }> {
	const webhookId = randomUUID();
	const { name, nodes, connections, settings } = chain('E2eAnswer', `e2e: answer, then fail (${stack.mode})`, [
		retellTrigger(webhookId, { mode: 'customFunction', httpMethod: 'POST', respond: 'responseNode' }),
		functionResultNode('=Booked {{ $json.args.name }}'),
		{ name: 'Log Booking', type: 'n8n-nodes-base.stopAndError', typeVersion: 1, parameters: { errorMessage: 'The booking log is down' } },
	]);
	// The public API takes only these fields (no id, active or pinData).
	const workflowId = await stack.api.createWorkflow({ name, nodes, connections, settings });
	await stack.api.publish(workflowId);
	const url = `${stack.webhookOrigin}/webhook/${webhookId}/function`;
	// Live once the trigger itself answers: 401 for an unsigned request (404 while n8n registers the webhook).
	await eventually(
		async () => (await fetch(url, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } })).status,
		(status) => status === 401,
		30_000,
		`webhook of ${workflowId} live`,
	);
	return { workflowId, url };
}

/**
 * The caller hears the answer even though the workflow fails after it: n8n sent it mid-run (regular mode: main
 * process; queue mode: worker → Redis → webhook processor), and the failure is still recorded as the execution's.
 */
export async function checkAnswerBeforeLaterFailure(stack: Stack): Promise<void> {
	const { workflowId, url } = await deployAnswerThenFail(stack);
	const body = JSON.stringify({
		name: 'book_appointment',
		call: { call_id: `call_e2e_answer_first_${stack.mode}`, call_status: 'ongoing' },
		args: { name: 'Ada Lovelace' },
	});
	const reply = await retellPost(url, body, stack.retell.apiKey);
	expect(reply.status).toBe(200);
	expect(reply.json).toEqual({ result: 'Booked Ada Lovelace' });

	const [execution] = await stack.api.waitForExecutions(workflowId, (list) => list.some((e) => e.finished || e.status === 'error'));
	expect(execution.status).toBe('error');
	expect(Object.keys(executionRunData(execution))).toEqual(['Retell Trigger', 'Answer Retell', 'Log Booking']);
	expect(JSON.stringify(execution.data)).toContain('The booking log is down');
}

/**
 * Every execution started so far, once none is still running. Answers sent mid-run (Respond: Using Webhook Response
 * Node) reach the test before n8n has finished and saved the execution, so "no new execution" checks start here.
 */
export async function settledExecutions(stack: { api: PublicApi }): Promise<ExecutionSummary[]> {
	// The public API leaves running executions out unless asked for them by status.
	await eventually(() => stack.api.executions({ status: 'running' }), (running) => running.length === 0, 30_000, 'no execution still running');
	return await stack.api.executions();
}

/**
 * The executions `refused` started, proven without a fixed wait: a signed inbound call sent after it is a barrier.
 * n8n takes webhook requests in the order they arrive and each refused request was answered before the barrier was
 * sent, so once the barrier's execution has finished, any execution a refused request had started is listed too.
 */
export async function executionsStartedBy(stack: E2eStack, refused: () => Promise<void>): Promise<ExecutionSummary[]> {
	const before = new Set((await settledExecutions(stack)).map((execution) => execution.id));
	await refused();
	const body = JSON.stringify({ event: 'call_inbound', call_inbound: { from_number: '+14155550177', to_number: '+14155550100' } });
	const barrier = await retellPost(stack.exampleWebhookUrl(WORKFLOWS.inboundCall), body, stack.retell.apiKey);
	if (barrier.status !== 200) throw new Error(`the barrier request was answered ${barrier.status}`);
	await stack.api.waitForExecutions(WORKFLOWS.inboundCall, (list) =>
		list.some((execution) => !before.has(execution.id) && (execution.finished || execution.status === 'error')),
	);
	const fresh = (await settledExecutions(stack)).filter((execution) => !before.has(execution.id));
	// The API lists newest first: the barrier's execution is the first new one of its workflow.
	const barrierExecution = fresh.find((execution) => execution.workflowId === WORKFLOWS.inboundCall);
	return fresh.filter((execution) => execution !== barrierExecution);
}

/** Where each node of this package is built. */
export const NODE_FILES: Record<string, string> = {
	'n8n-nodes-retell.retell': 'dist/nodes/Retell/Retell.node.js',
	'n8n-nodes-retell.retellTrigger': 'dist/nodes/RetellTrigger/RetellTrigger.node.js',
	'n8n-nodes-retell.retellSupabase': 'dist/nodes/RetellSupabase/RetellSupabase.node.js',
};

/** A node type's description as n8n loads it: from dist/, the build the e2e stack installs. */
export function nodeDescription(type: string): INodeTypeDescription {
	const file = NODE_FILES[type];
	if (!file) throw new Error(`${type} is not a node of this package`);
	// eslint-disable-next-line @typescript-eslint/no-var-requires -- node files are loaded by path, as n8n loads them
	const loaded: unknown = require(path.join(REPO_ROOT, file));
	if (!isRecord(loaded)) throw new Error(`${file} exports nothing`);
	for (const value of Object.values(loaded)) {
		if (typeof value !== 'function') continue;
		const instance: unknown = Reflect.construct(value, []);
		if (isRecord(instance) && isRecord(instance.description)) return (instance as unknown as INodeType).description;
	}
	throw new Error(`${file} exports no node class`);
}

/** What a log of the process that receives webhooks says: main in regular mode, the webhook processor in queue mode. */
function webhookProcessLog(stack: Stack): string {
	return readFileSync(path.join(stack.logDir, stack.mode === 'queue' ? 'n8n-webhook.log' : 'n8n-main.log'), 'utf8');
}

/**
 * examples/13 (Answer Within 8 s, fallback: the number's own agent with customer_name "there"): a returning caller
 * whose history Retell answers at once gets the workflow's own answer; while Retell's list-calls stalls for 11 s,
 * the caller gets the fallback before the workflow has finished, the workflow still finishes, and n8n's own late
 * answer is dropped without "Cannot set headers" in the log.
 */
export async function checkInboundAnswerWithinDeadline(stack: E2eStack): Promise<void> {
	const emulator = stack.retellEmulator();
	const url = stack.exampleWebhookUrl(WORKFLOWS.inboundWithinDeadline);
	const caller = stack.mode === 'queue' ? '+14155550162' : '+14155550161';
	emulator.seedCalls(1, { agent_id: stack.demo?.agentId, direction: 'inbound', from_number: caller });
	const ring = async () => {
		const body = JSON.stringify({ event: 'call_inbound', call_inbound: { from_number: caller, to_number: stack.demo?.phoneNumber } });
		const started = Date.now();
		const reply = await retellPost(url, body, stack.retell.apiKey);
		return { ...reply, seconds: (Date.now() - started) / 1000 };
	};
	const finished = async (count: number) =>
		await stack.api.waitForExecutions(WORKFLOWS.inboundWithinDeadline, (list) => list.filter((execution) => execution.finished).length >= count);

	const fast = await ring();
	expect(fast.status).toBe(200);
	expect(fast.json).toEqual({
		call_inbound: { dynamic_variables: { customer_name: 'there', returning_caller: 'yes', last_call_summary: 'Seeded call.' } },
	});
	await finished(1);

	emulator.failNext({ method: 'POST', path: '/v3/list-calls' }, { stallMs: 11_000 });
	const slow = await ring();
	const runningWhenAnswered = await stack.api.executions({ status: 'running' });
	process.stdout.write(`[e2e] ${stack.mode}: fallback after ${slow.seconds.toFixed(2)} s (own answer ${fast.seconds.toFixed(2)} s)\n`);
	expect(slow.status).toBe(200);
	expect(slow.json).toEqual({ call_inbound: { dynamic_variables: { customer_name: 'there', returning_caller: 'unknown' } } });
	expect(runningWhenAnswered.filter((execution) => execution.workflowId === WORKFLOWS.inboundWithinDeadline)).toHaveLength(1);

	const [latest] = await finished(2);
	expect(latest.status).toBe('success');
	// The workflow's own answer was built, then dropped.
	expect(nodeOutput(executionRunData(latest), 'Answer Retell')).toEqual([
		{ call_inbound: { dynamic_variables: { customer_name: 'there', returning_caller: 'yes', last_call_summary: 'Seeded call.' } } },
	]);
	const log = webhookProcessLog(stack);
	expect(log).toContain('sent its fallback answer after 8 s');
	expect(log).not.toContain('Cannot set headers');
}

/**
 * examples/14 (Log Events to Supabase, only call_analyzed starts the workflow): every event of six calls, a
 * transcript_updated per turn among them, sent 12 at a time to the process that takes webhooks (the webhook processor
 * in queue mode). Each is answered 200 only once stored; the rows end exact; executions ran only for call_analyzed,
 * each making its call's lead.
 */
export async function checkLogAtTheDoor(stack: E2eStack): Promise<void> {
	const supabase = stack.supabaseStack;
	if (!supabase) throw new Error('the e2e stack runs the local Supabase stack');
	const calls = stack.retellEmulator().seedCalls(6, { agent_id: stack.demo?.agentId, start_timestamp: Date.now() - 3_600_000 });
	const bodies = calls.flatMap((call) => {
		const [started, ...rest] = lifecycleDeliveries(call).map((delivery) => delivery.body);
		const turn = (index: number) => started.replace('"event":"call_started"', '"event":"transcript_updated"').replace('"call":{', `"call":{"transcript":"Agent: turn ${index}",`);
		return [started, turn(1), turn(2), turn(3), ...rest];
	});
	const url = stack.exampleWebhookUrl(WORKFLOWS.logAtTheDoor);
	const before = (await stack.api.executions({ workflowId: WORKFLOWS.logAtTheDoor })).length;

	const statuses = new Array<number>(bodies.length);
	const answers = new Array<unknown>(bodies.length);
	await mapWithConcurrency(bodies.length, 12, async (index) => {
		const reply = await retellPost(url, bodies[index], stack.retell.apiKey);
		statuses[index] = reply.status;
		answers[index] = reply.json;
	});
	expect(statuses).toEqual(bodies.map(() => 200));
	// Stored when answered: the rows are final before any execution is waited for.
	expect(await checkRows(supabase.databaseUrl, calls)).toEqual({ calls: 6, missing: 0, wrong: 0, wrongColumns: {} });
	expect(answers.filter((answer) => isRecord(answer) && answer.started === false && typeof answer.logged === 'string')).toHaveLength(bodies.length - 6);

	const executions = await stack.api.waitForExecutions(
		WORKFLOWS.logAtTheDoor,
		(list) => list.filter((execution) => execution.finished).length >= before + 6,
	);
	expect((await settledExecutions(stack)).filter((execution) => execution.workflowId === WORKFLOWS.logAtTheDoor)).toHaveLength(before + 6);
	expect(executions.every((execution) => execution.status === 'success')).toBe(true);
	const leads = await supabaseSelect(stack, 'leads', `call_id=${inList(calls.map((call) => call.call_id))}&select=call_id`);
	expect(leads).toHaveLength(6);
}
