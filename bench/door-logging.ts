/**
 * 6. Log at the door — call events of live calls (call_started, transcript_updated per turn, call_ended,
 *    call_analyzed; signed, ~3 KB each, the calls interleaved) posted as Retell delivers them (10 s per attempt,
 *    then 3 retries) into one n8n process in regular mode, three workflows side by side, interleaved rounds:
 *
 * A. door:     Retell Trigger (Call Events, Log Events to Supabase for every event, Events: call_analyzed, Acknowledge
 *              Immediately) → No Operation: every event merged into retell_call_sessions before the answer, an
 *              execution only for call_analyzed
 * B. today:    Retell Trigger (Call Events, every event of the stream, Acknowledge After the Workflow Finishes, so
 *              the row is durable before the answer as in A) → Retell Supabase → Session → Log
 * C. ceiling:  Retell Trigger (Call Events, Events: Transfer Started, which the stream never sends): verified and
 *              acknowledged, no execution, nothing stored — n8n's bare webhook path
 *
 * At concurrency 1, 20 and 50 (closed loop), then the curve of A and C at 5, 10, 20 and 50 in flight, a CPU profile
 * of n8n's main process while it serves A at 50, and A in queue mode with 1 and 2 webhook processors. After every
 * run of A and B, every row of retell_call_sessions is compared with its call's final state (the table is emptied
 * before each run). n8n runs with the settings docker/docker-compose.yml ships.
 *
 * BENCH_DOOR_PARTS=main,curve,profile,queue runs only those parts (for working on one of them).
 */
import { mkdirSync } from 'node:fs';
import { Agent } from 'node:http';
import path from 'node:path';
import { Pool } from 'pg';
import { CREDENTIALS } from '../scripts/n8n/examples';
import { signRetellBody } from '../test/support/retell-emulator';
import { selectedByEnv, type Benchmark, type BenchContext } from './lib/context';
import { checkSessions, liveCallStream, type LiveCallStream, type TableCheck } from './lib/events';
import { interleave, RETELL_DELIVERY, runLoad, sleep, type LoadResult, type Reply } from './lib/load';
import { BenchN8n, n8nPostgresEnv, type RunSettings } from './lib/n8n';
import { analyzeProfile, findProfile, type ProfileBreakdown } from './lib/profile';
import type { BenchmarkResult, Headline, Json, Table } from './lib/report';
import { formatMs, formatRatio, ratio, round, summarize, type LatencySummary } from './lib/stats';
import { BenchSupabase } from './lib/supabase';
import { chain, RETELL_SUPABASE_TYPE, retellTrigger, webhookUuid, workflowId, type NodeSpec } from './lib/workflows';

const API_KEY = 'key_bench_door_logging_0123456789ab';

type Variant = 'door' | 'today' | 'ceiling';
const VARIANTS: Variant[] = ['door', 'today', 'ceiling'];

const LABELS: Record<Variant, string> = {
	door: 'A. door: Retell Trigger, Log Events to Supabase (every event), workflow for call_analyzed only (→ No Operation)',
	today: 'B. today: Retell Trigger (every event, Acknowledge After the Workflow Finishes) → Retell Supabase → Session → Log',
	ceiling: 'C. ceiling: Retell Trigger, no event of the stream selected (verified, acknowledged, no execution, nothing stored)',
};

const SHORT: Record<Variant, string> = { door: 'A door', today: 'B today', ceiling: 'C ceiling' };

const HOOKS: Record<Variant, string> = { door: webhookUuid(601), today: webhookUuid(602), ceiling: webhookUuid(603) };
const TAGS: Record<Variant, string> = { door: 'DoorA', today: 'DoorB', ceiling: 'DoorC' };

/** Every event kind of the stream: B starts its workflow for each of them. */
const STREAM_EVENTS = ['call_started', 'transcript_updated', 'call_ended', 'call_analyzed'];
/** transcript_updated events per call (one per turn change; the last one when the call ends). */
const TRANSCRIPT_UPDATES = 5;

/** What docker/docker-compose.yml sets for every n8n container (n8n's own data in PostgreSQL, like it). */
const DOCKER_ENV: Record<string, string> = {
	N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true',
	N8N_EXPRESSION_ENGINE_POOL_SIZE: '4',
	N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED: '1000',
	EXECUTIONS_DATA_PRUNE: 'true',
	EXECUTIONS_DATA_MAX_AGE: '336',
	N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
	N8N_LOG_LEVEL: 'info',
};
/** Added in queue mode, as docker/docker-compose.yml does (the worker health check is set by the launcher). */
const DOCKER_QUEUE_ENV: Record<string, string> = { OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true' };

const MAIN_CONCURRENCY = [1, 20, 50];
const CURVE_CONCURRENCY = [5, 10, 20, 50];
const QUEUE_CONCURRENCY = 50;
const QUEUE_PROCESSORS = [1, 2];
const PROFILE_CONCURRENCY = 50;
/** How many of the hottest functions and modules the profile table lists. */
const PROFILE_TOP = 8;

interface Counts {
	/** Events per variant and concurrency, over all rounds (each round sends a whole stream of its own calls). */
	events: number;
	rounds: number;
	curveEvents: number;
	queueEvents: number;
	profileEvents: number;
	warmup: number;
}

function counts(quick: boolean): Counts {
	return quick
		? { events: 1000, rounds: 2, curveEvents: 200, queueEvents: 500, profileEvents: 400, warmup: 80 }
		: { events: 10_000, rounds: 2, curveEvents: 2000, queueEvents: 5000, profileEvents: 3000, warmup: 400 };
}

const PARTS = selectedByEnv(
	[{ key: 'main' }, { key: 'curve' }, { key: 'profile' }, { key: 'queue' }],
	'BENCH_DOOR_PARTS',
).map((part) => part.key);

function triggerFor(variant: Variant): NodeSpec {
	const base = { mode: 'callEvents', registration: 'none' };
	if (variant === 'door') {
		const node = retellTrigger(HOOKS.door, {
			...base,
			events: ['call_analyzed'],
			acknowledge: 'immediately',
			logEvents: true,
			// Every event of the stream (the node's default is every call event): stated, so the bench measures it.
			loggedEvents: STREAM_EVENTS,
		});
		return { ...node, credentials: { retellApi: { ...CREDENTIALS.retellApi }, retellSupabaseApi: { ...CREDENTIALS.retellSupabaseApi } } };
	}
	if (variant === 'today') return retellTrigger(HOOKS.today, { ...base, events: STREAM_EVENTS, acknowledge: 'afterWorkflow' });
	return retellTrigger(HOOKS.ceiling, { ...base, events: ['transfer_started'], acknowledge: 'immediately' });
}

function workflowFor(variant: Variant) {
	const rest: NodeSpec[] =
		variant === 'door'
			? [{ name: 'No Operation', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} }]
			: variant === 'today'
				? [
						{
							name: 'Log session',
							type: RETELL_SUPABASE_TYPE,
							typeVersion: 1,
							parameters: { resource: 'session', operation: 'log', options: {} },
							credentials: { retellSupabaseApi: { ...CREDENTIALS.retellSupabaseApi } },
						},
					]
				: [];
	// Executions are saved (n8n's default, as in docker/): what each execution costs includes storing it.
	return chain(TAGS[variant], `Bench: log at the door, ${SHORT[variant]}`, [triggerFor(variant), ...rest]);
}

/** One load run: a whole stream of its own calls into one variant. */
interface RunOutcome {
	variant: Variant;
	concurrency: number;
	events: number;
	calls: number;
	wallMs: number;
	/** Acknowledged events per second of wall time. */
	perSecond: number;
	/** From the first send to the accepted answer (retries included); acknowledged events only. */
	ack: LatencySummary;
	firstAttempt: LatencySummary;
	attempts: number;
	retried: number;
	/** Never acknowledged after Retell's retries. */
	failed: number;
	statuses: Record<string, number>;
	errors: Record<string, number>;
	/** The answers, by status and the fields that say what happened (received / started / logged / message). */
	answers: Record<string, number>;
	/** Door and today: the table compared with each call's final state. */
	check?: TableCheck;
	/** Ceiling: rows of this run's calls in the table (nothing may be stored). */
	storedRows?: number;
	/** Executions of the variant's workflow that this run started, by status. */
	executions: Record<string, number>;
	/** Every acknowledgement latency, for pooling rounds (left out of the raw results). */
	ackSamples: number[];
	/** First-attempt latency per event kind (left out of the raw results; summarised in `byEvent`). */
	kindSamples: Record<string, number[]>;
	byEvent: Record<string, LatencySummary>;
}

/** What an answer says happened (the fields received / started / logged / message), not what varies per event. */
function answerKind(reply: Reply): string {
	if (reply.status === 0) return `no answer (${reply.error ?? 'error'})`;
	const status = reply.status === 200 ? '' : `${reply.status} `;
	if (reply.body === '') return `${status}empty body`;
	try {
		const parsed: unknown = JSON.parse(reply.body);
		if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return `${status}JSON ${Array.isArray(parsed) ? 'array' : typeof parsed}`;
		const fields = parsed as Record<string, unknown>;
		if (typeof fields.logged === 'string') return `${status}logged ${fields.logged}${fields.started === true ? ', started' : ''}`;
		if (fields.started === false) return `${status}not started`;
		if (typeof fields.message === 'string') return `${status}message "${fields.message.slice(0, 120)}"`;
		return `${status}{${Object.keys(fields).slice(0, 4).join(', ')}}`;
	} catch {
		return `${status}${reply.body.slice(0, 120)}`;
	}
}

/** n8n's own database (PostgreSQL, as docker/ ships): executions per workflow, to count what a run started. */
class ExecutionCounter {
	constructor(private readonly pool: Pool) {}

	async lastId(): Promise<number> {
		const rows = await this.pool.query<{ id: string | null }>('select max(id)::text as id from execution_entity');
		return Number(rows.rows[0]?.id ?? 0);
	}

	async since(variant: Variant, afterId: number): Promise<Record<string, number>> {
		const rows = await this.pool.query<{ status: string; count: string }>(
			'select status, count(*)::text as count from execution_entity where "workflowId" = $1 and id > $2 group by status',
			[workflowId(TAGS[variant]), afterId],
		);
		return Object.fromEntries(rows.rows.map((row) => [row.status, Number(row.count)]));
	}

	/** Waits (bounded) until no execution the run started is still queued or running. */
	async settle(variant: Variant, afterId: number, limitMs = 120_000): Promise<Record<string, number>> {
		const deadline = Date.now() + limitMs;
		let byStatus = await this.since(variant, afterId);
		while ((byStatus.new ?? 0) + (byStatus.running ?? 0) > 0 && Date.now() < deadline) {
			await sleep(250);
			byStatus = await this.since(variant, afterId);
		}
		return byStatus;
	}
}

export const doorLogging: Benchmark = {
	name: 'door-logging',
	title: '6. Log at the door',
	estimate: '40 min',
	async run(context: BenchContext): Promise<BenchmarkResult> {
		const started = Date.now();
		const n = counts(context.quick);
		const workDir = path.join(context.workDir, 'door-logging');
		mkdirSync(workDir, { recursive: true });
		const supabase = await BenchSupabase.start(path.join(workDir, 'supabase.log'));
		context.defer(() => supabase.stop());
		await supabase.query('create database n8n_bench_door');
		const n8nDb = new URL(supabase.connection.databaseUrl);
		n8nDb.pathname = '/n8n_bench_door';
		const n8nPool = new Pool({ connectionString: n8nDb.toString(), max: 1 });
		context.defer(() => n8nPool.end());
		const executions = new ExecutionCounter(n8nPool);

		const n8n = await BenchN8n.create({
			name: 'door-logging',
			withPackage: true,
			workflows: VARIANTS.map(workflowFor),
			credentials: {
				retell: { apiKey: API_KEY, baseUrl: 'http://127.0.0.1:9' },
				supabase: { host: supabase.connection.url, serviceRole: supabase.connection.serviceRoleKey },
			},
			env: n8nPostgresEnv(supabase.connection.databaseUrl, 'n8n_bench_door'),
			probes: (origin) => VARIANTS.map((variant) => ({ url: `${origin}/webhook/${HOOKS[variant]}/events`, method: 'POST' })),
			log: context.log,
		});
		context.defer(() => n8n.dispose());

		let streamSeed = 0;
		let lastStream: LiveCallStream | undefined;
		/** One run: a fresh stream of `events` events (its own call ids) into `variant`, then the table checked. */
		const runOnce = async (variant: Variant, concurrency: number, events: number, label: string): Promise<RunOutcome> => {
			const seed = ++streamSeed;
			const prefix = `d${seed}${variant[0]}`;
			const stream = liveCallStream({ total: events, transcriptUpdates: TRANSCRIPT_UPDATES, seed: 20_000 + seed, prefix });
			lastStream = stream;
			const bodies = stream.events.map((event) => JSON.stringify(event));
			const origins = n8n.webhookOrigins;
			await supabase.truncateSessions();
			const beforeId = await executions.lastId();
			const answers: Record<string, number> = {};
			const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
			let result: LoadResult;
			try {
				result = await runLoad({
					count: bodies.length,
					concurrency,
					retry: RETELL_DELIVERY,
					agent,
					// Spread over the webhook processors (queue mode), round-robin by event.
					request: (index) => ({
						url: `${origins[index % origins.length]}/webhook/${HOOKS[variant]}/events`,
						headers: {
							'content-type': 'application/json',
							'user-agent': 'axios/1.7.7',
							'x-retell-signature': signRetellBody(bodies[index], API_KEY, Date.now()),
						},
						body: bodies[index],
					}),
					accept: (reply) => {
						const kind = answerKind(reply);
						answers[kind] = (answers[kind] ?? 0) + 1;
						return reply.status >= 200 && reply.status < 300;
					},
				});
			} finally {
				agent.destroy();
			}
			// A's call_analyzed executions run after the answer: let them finish before the table and the next run.
			const byStatus = await executions.settle(variant, beforeId);
			const outcome: RunOutcome = {
				variant,
				concurrency,
				events: bodies.length,
				calls: stream.calls,
				wallMs: round(result.wallMs, 0),
				perSecond: round(result.perSecond, 1),
				ack: summarize(result.ackMs),
				firstAttempt: summarize(result.firstAttemptMs.filter((value) => value !== undefined)),
				attempts: result.attempts,
				retried: result.attempts - bodies.length,
				failed: result.failed.length,
				statuses: result.statuses,
				errors: result.errors,
				answers,
				executions: byStatus,
				ackSamples: result.ackMs,
				kindSamples: {},
				byEvent: {},
			};
			stream.events.forEach((event, index) => {
				const ms = result.firstAttemptMs[index];
				if (ms !== undefined) (outcome.kindSamples[event.event] ??= []).push(ms);
			});
			for (const [kind, samples] of Object.entries(outcome.kindSamples)) outcome.byEvent[kind] = summarize(samples);
			if (variant === 'ceiling') {
				const rows = await supabase.query<{ count: string }>('select count(*)::text as count from public.retell_call_sessions where call_id like $1', [`${prefix}\\_%`]);
				outcome.storedRows = Number(rows[0]?.count ?? 0);
			} else {
				outcome.check = await checkSessions(supabase, stream, prefix);
			}
			context.log(
				`  ${label} c=${String(concurrency).padEnd(2)} ${SHORT[variant].padEnd(9)} ${String(outcome.perSecond).padStart(7)} events/s  ack p50 ${formatMs(outcome.ack.p50)}  ` +
					`p99 ${formatMs(outcome.ack.p99)}  retried ${outcome.retried}  failed ${outcome.failed}  ` +
					(outcome.check
						? `rows ${outcome.check.rows}/${outcome.check.expectedRows} wrong ${outcome.check.differing + outcome.check.missing}  `
						: `rows stored ${outcome.storedRows}  `) +
					`executions ${JSON.stringify(outcome.executions)}  ${JSON.stringify(outcome.answers)}`,
			);
			return outcome;
		};

		const main: Record<string, RunOutcome[]> = {};
		const curve: Record<string, RunOutcome> = {};
		const queue: Record<string, RunOutcome> = {};
		let profile: Profiled | undefined;
		const regular: RunSettings = { mode: 'regular', env: DOCKER_ENV };

		if (PARTS.includes('main') || PARTS.includes('curve')) {
			context.log(`door-logging: regular mode, ${describeEnv(DOCKER_ENV)}`);
			await n8n.start(regular);
			try {
				for (const variant of VARIANTS) await runOnce(variant, 20, n.warmup, 'warm-up');
				if (PARTS.includes('main')) {
					for (const concurrency of MAIN_CONCURRENCY) {
						const results = await interleave(
							n.rounds,
							VARIANTS.map((variant) => ({
								name: variant,
								run: (roundIndex: number) => runOnce(variant, concurrency, n.events / n.rounds, `round ${roundIndex + 1}`),
							})),
						);
						for (const [variant, list] of results) main[`${variant}|${concurrency}`] = list;
					}
				}
				if (PARTS.includes('curve')) {
					for (const [step, concurrency] of CURVE_CONCURRENCY.entries()) {
						const order: Variant[] = step % 2 === 0 ? ['door', 'ceiling'] : ['ceiling', 'door'];
						for (const variant of order) curve[`${variant}|${concurrency}`] = await runOnce(variant, concurrency, n.curveEvents, 'curve');
					}
				}
			} finally {
				await n8n.stop();
			}
		}

		if (PARTS.includes('profile')) {
			const profileDir = path.join(workDir, 'cpu-profiles');
			mkdirSync(profileDir, { recursive: true });
			context.log(`door-logging: CPU profile of n8n's main process (node --cpu-prof), A then C at concurrency ${PROFILE_CONCURRENCY}`);
			const spawnedAt = Date.now();
			await n8n.start({ ...regular, env: { ...DOCKER_ENV, NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` } });
			const pid = n8n.mainPid;
			const windows: Array<{ variant: Variant; fromMs: number; toMs: number; outcome: RunOutcome }> = [];
			try {
				for (const variant of ['door', 'ceiling'] as const) await runOnce(variant, PROFILE_CONCURRENCY, n.warmup, 'warm-up');
				for (const variant of ['door', 'ceiling'] as const) {
					// An idle pause between the windows, so neither takes in the other's tail (A's last executions).
					await sleep(1_000);
					const fromMs = Date.now() - spawnedAt;
					const outcome = await runOnce(variant, PROFILE_CONCURRENCY, n.profileEvents, 'profiled');
					windows.push({ variant, fromMs, toMs: Date.now() - spawnedAt, outcome });
				}
			} finally {
				// The profile is written when the process exits normally (n8n exits on SIGTERM after its shutdown).
				await n8n.stop();
			}
			const file = pid === undefined ? undefined : findProfile(profileDir, pid);
			const door = windows.find((entry) => entry.variant === 'door');
			const ceiling = windows.find((entry) => entry.variant === 'ceiling');
			if (file && door && ceiling) {
				// Every function (not only the top ones), so A's hottest can be looked up in C's window too.
				const analyze = (entry: typeof door): ProfileBreakdown => analyzeProfile(file, { fromMs: entry.fromMs, toMs: entry.toMs, requests: entry.outcome.events }, 100_000);
				profile = { door: analyze(door), ceiling: analyze(ceiling), doorOutcome: door.outcome, ceilingOutcome: ceiling.outcome };
			} else {
				context.log(`  no CPU profile of pid ${pid ?? '?'} in ${profileDir}`);
			}
		}

		if (PARTS.includes('queue')) {
			for (const processors of QUEUE_PROCESSORS) {
				context.log(`door-logging: queue mode, 1 worker (concurrency 10), ${processors} webhook processor(s) receiving the load`);
				await n8n.start({ mode: 'queue', workers: 1, workerConcurrency: 10, webhookProcessors: processors, env: { ...DOCKER_ENV, ...DOCKER_QUEUE_ENV } });
				try {
					await runOnce('door', QUEUE_CONCURRENCY, n.warmup, 'warm-up');
					queue[`door|${processors}`] = await runOnce('door', QUEUE_CONCURRENCY, n.queueEvents, `queue, ${processors} webhook processor(s)`);
				} finally {
					await n8n.stop();
				}
			}
		}

		return report(context, n, { main, curve, queue, profile, stream: lastStream }, Date.now() - started);
	},
};

function describeEnv(env: Record<string, string>): string {
	return Object.entries(env)
		.map(([key, value]) => `${key}=${value}`)
		.join(', ');
}

/** The main thread's time while serving A and C in one profiled n8n start. */
interface Profiled {
	door: ProfileBreakdown;
	ceiling: ProfileBreakdown;
	doorOutcome: RunOutcome;
	ceilingOutcome: RunOutcome;
}

interface Measured {
	main: Record<string, RunOutcome[]>;
	curve: Record<string, RunOutcome>;
	queue: Record<string, RunOutcome>;
	profile?: Profiled;
	stream?: LiveCallStream;
}

/** Several runs of one variant at one concurrency, pooled. */
interface PooledRuns {
	events: number;
	perSecond: number;
	ack: LatencySummary;
	retried: number;
	failed: number;
	/** Acknowledged but not in the table: rows missing or not in their final state. */
	lost: number;
	checks: TableCheck[];
	storedRows: number;
	executions: Record<string, number>;
	answers: Record<string, number>;
}

function pooled(runs: readonly RunOutcome[]): PooledRuns | undefined {
	if (runs.length === 0) return undefined;
	const samples = runs.flatMap((run) => run.ackSamples);
	const acked = runs.reduce((sum, run) => sum + run.ack.count, 0);
	const wallMs = runs.reduce((sum, run) => sum + run.wallMs, 0);
	const add = (into: Record<string, number>, from: Record<string, number>): Record<string, number> => {
		for (const [key, value] of Object.entries(from)) into[key] = (into[key] ?? 0) + value;
		return into;
	};
	const checks = runs.map((run) => run.check).filter((check): check is TableCheck => check !== undefined);
	return {
		events: runs.reduce((sum, run) => sum + run.events, 0),
		perSecond: round(acked / (wallMs / 1000), 1),
		ack: summarize(samples),
		retried: runs.reduce((sum, run) => sum + run.retried, 0),
		failed: runs.reduce((sum, run) => sum + run.failed, 0),
		lost: checks.reduce((sum, check) => sum + check.missing + check.differing, 0),
		checks,
		storedRows: runs.reduce((sum, run) => sum + (run.storedRows ?? 0), 0),
		executions: runs.reduce((into, run) => add(into, run.executions), {} as Record<string, number>),
		answers: runs.reduce((into, run) => add(into, run.answers), {} as Record<string, number>),
	};
}

function executionsText(byStatus: Record<string, number>): string {
	const entries = Object.entries(byStatus);
	return entries.length === 0 ? '0' : entries.map(([status, count]) => `${count} ${status}`).join(', ');
}

function rowsText(result: PooledRuns, variant: Variant): string {
	if (variant === 'ceiling') return `${result.storedRows} stored (none expected)`;
	return result.checks.map((check) => (check.equal ? `${check.rows}/${check.expectedRows} exact` : `${check.differing + check.missing} of ${check.expectedRows} wrong`)).join('; ');
}

function answersText(answers: Record<string, number>): string {
	return Object.entries(answers)
		.sort((a, b) => b[1] - a[1])
		.map(([kind, count]) => `${kind}: ${count}`)
		.join('; ');
}

function report(context: BenchContext, n: Counts, measured: Measured, durationMs: number): BenchmarkResult {
	const at = (variant: Variant, concurrency: number): PooledRuns | undefined => pooled(measured.main[`${variant}|${concurrency}`] ?? []);
	const tables: Table[] = [];
	const headline: Headline[] = [];
	const perRound = n.events / n.rounds;

	if (Object.keys(measured.main).length > 0) {
		tables.push({
			title: `${n.events.toLocaleString('en-US')} signed events per variant and concurrency (${n.rounds} interleaved rounds of ${perRound.toLocaleString('en-US')}, A B C then C B A), one n8n process in regular mode, Retell's delivery policy`,
			columns: ['Concurrency', 'Variant', 'Events/s', 'Ack p50', 'Ack p95', 'Ack p99', 'Retries', 'Never acknowledged', 'Rows (per round)', 'Executions', 'Answers'],
			rows: MAIN_CONCURRENCY.flatMap((concurrency) =>
				VARIANTS.flatMap((variant) => {
					const result = at(variant, concurrency);
					if (!result) return [];
					return [
						[
							concurrency,
							LABELS[variant],
							result.perSecond,
							formatMs(result.ack.p50),
							formatMs(result.ack.p95),
							formatMs(result.ack.p99),
							result.retried,
							result.failed,
							rowsText(result, variant),
							executionsText(result.executions),
							answersText(result.answers),
						],
					];
				}),
			),
		});
		tables.push({
			title: 'Side by side: events/s per concurrency',
			columns: ['Concurrency', 'A. door', 'B. today', 'C. ceiling', 'A ÷ B (goal ≥ 4×)', 'A ÷ C (goal ≥ 0.8)', 'A ack p99 / B ack p99'],
			rows: MAIN_CONCURRENCY.flatMap((concurrency) => {
				const door = at('door', concurrency);
				const today = at('today', concurrency);
				const ceiling = at('ceiling', concurrency);
				if (!door || !today || !ceiling) return [];
				return [
					[
						concurrency,
						door.perSecond,
						today.perSecond,
						ceiling.perSecond,
						formatRatio(ratio(door.perSecond, today.perSecond)),
						formatRatio(ratio(door.perSecond, ceiling.perSecond)),
						`${formatMs(door.ack.p99)} / ${formatMs(today.ack.p99)}`,
					],
				];
			}),
		});
		tables.push({
			title: "A. door: first-attempt latency by event kind (call_analyzed also starts an execution; the others are only logged)",
			columns: ['Concurrency', 'Event', 'Events', 'p50', 'p95', 'p99', 'max'],
			rows: MAIN_CONCURRENCY.flatMap((concurrency) => {
				const runs = measured.main[`door|${concurrency}`] ?? [];
				const kinds = [...new Set(runs.flatMap((run) => Object.keys(run.kindSamples)))].sort(
					(x, y) => STREAM_EVENTS.indexOf(x) - STREAM_EVENTS.indexOf(y),
				);
				return kinds.map((kind) => {
					const latency = summarize(runs.flatMap((run) => run.kindSamples[kind] ?? []));
					return [concurrency, kind, latency.count, formatMs(latency.p50), formatMs(latency.p95), formatMs(latency.p99), formatMs(latency.max)];
				});
			}),
		});
		for (const concurrency of MAIN_CONCURRENCY) {
			const door = at('door', concurrency);
			const today = at('today', concurrency);
			if (!door || !today) continue;
			const value = ratio(door.perSecond, today.perSecond);
			headline.push({
				metric: `events/s at concurrency ${concurrency}: door (A) vs today's Trigger → Session → Log (B)`,
				ours: String(door.perSecond),
				baseline: String(today.perSecond),
				ratio: formatRatio(value),
				goal: '≥ 4×',
				met: value >= 4,
			});
		}
		for (const concurrency of MAIN_CONCURRENCY) {
			const door = at('door', concurrency);
			const ceiling = at('ceiling', concurrency);
			if (!door || !ceiling) continue;
			const value = ratio(door.perSecond, ceiling.perSecond);
			headline.push({
				metric: `events/s at concurrency ${concurrency}: door (A) vs n8n's bare no-execution path (C)`,
				ours: String(door.perSecond),
				baseline: `${ceiling.perSecond} (ceiling)`,
				ratio: `${formatRatio(value)} (${Math.round(value * 100)}%)`,
				goal: '≥ 80% of the ceiling',
				met: value >= 0.8,
			});
		}
		const door50 = at('door', 50);
		const today50 = at('today', 50);
		if (door50) {
			headline.push({
				metric: 'acknowledgement p99 at concurrency 50 (door)',
				ours: formatMs(door50.ack.p99),
				baseline: today50 ? formatMs(today50.ack.p99) : '—',
				ratio: today50 ? formatRatio(ratio(today50.ack.p99, door50.ack.p99)) : '—',
				goal: '< 500 ms',
				met: door50.ack.p99 < 500,
			});
		}
		const doorRuns = MAIN_CONCURRENCY.map((concurrency) => at('door', concurrency)).filter((result): result is PooledRuns => result !== undefined);
		const todayRuns = MAIN_CONCURRENCY.map((concurrency) => at('today', concurrency)).filter((result): result is PooledRuns => result !== undefined);
		const lost = (list: PooledRuns[]): number => list.reduce((sum, result) => sum + result.failed + result.lost, 0);
		headline.push({
			metric: 'events lost (never acknowledged, or acknowledged and missing from the row), all concurrencies',
			ours: String(lost(doorRuns)),
			baseline: String(lost(todayRuns)),
			ratio: '—',
			goal: '0',
			met: lost(doorRuns) === 0,
		});
		const checksOf = (list: PooledRuns[]): TableCheck[] => list.flatMap((result) => result.checks);
		const exact = (list: TableCheck[]): string =>
			list.length === 0 ? '—' : list.every((check) => check.equal) ? `all (${list.length} runs)` : `${list.filter((check) => !check.equal).length} of ${list.length} runs with wrong rows`;
		headline.push({
			metric: "rows equal to each call's final state after every run",
			ours: exact(checksOf(doorRuns)),
			baseline: exact(checksOf(todayRuns)),
			ratio: '—',
			goal: 'every row exact',
			met: checksOf(doorRuns).length > 0 && checksOf(doorRuns).every((check) => check.equal),
		});
	}

	if (Object.keys(measured.curve).length > 0) {
		const value = (variant: Variant, concurrency: number, pick: (outcome: RunOutcome) => number): number => {
			const outcome = measured.curve[`${variant}|${concurrency}`];
			return outcome ? pick(outcome) : Number.NaN;
		};
		const first = CURVE_CONCURRENCY[0];
		const last = CURVE_CONCURRENCY[CURVE_CONCURRENCY.length - 1];
		const lines: Array<{ label: string; get: (outcome: RunOutcome) => number; format: (value: number) => string; variant: Variant }> = [];
		for (const variant of ['door', 'ceiling'] as const) {
			lines.push(
				{ label: `${SHORT[variant]}: events/s`, get: (outcome) => outcome.perSecond, format: String, variant },
				{ label: `${SHORT[variant]}: ack p50`, get: (outcome) => outcome.ack.p50, format: formatMs, variant },
				{ label: `${SHORT[variant]}: ack p99`, get: (outcome) => outcome.ack.p99, format: formatMs, variant },
			);
		}
		tables.push({
			title: `Curve: 1× to ${last / first}× load (${n.curveEvents.toLocaleString('en-US')} events per point, A and C alternating)`,
			columns: ['Variant', ...CURVE_CONCURRENCY.map((concurrency) => `${concurrency} in flight`), `${last / first}× load: growth`],
			rows: [
				...lines.map((line) => [
					line.label,
					...CURVE_CONCURRENCY.map((concurrency) => line.format(value(line.variant, concurrency, line.get))),
					`${(value(line.variant, last, line.get) / value(line.variant, first, line.get)).toFixed(2)}×`,
				]),
				[
					'A ÷ C events/s',
					...CURVE_CONCURRENCY.map((concurrency) =>
						formatRatio(ratio(value('door', concurrency, (outcome) => outcome.perSecond), value('ceiling', concurrency, (outcome) => outcome.perSecond))),
					),
					'—',
				],
				[
					'A: rows exact / lost',
					...CURVE_CONCURRENCY.map((concurrency) => {
						const outcome = measured.curve[`door|${concurrency}`];
						if (!outcome?.check) return '—';
						return `${outcome.check.equal ? 'exact' : `${outcome.check.differing + outcome.check.missing} wrong`} / ${outcome.failed + outcome.check.differing + outcome.check.missing}`;
					}),
					'—',
				],
			],
		});
	}

	const queueRuns = QUEUE_PROCESSORS.map((processors) => ({ processors, outcome: measured.queue[`door|${processors}`] })).filter(
		(entry): entry is { processors: number; outcome: RunOutcome } => entry.outcome !== undefined,
	);
	if (queueRuns.length > 0) {
		tables.push({
			title: `Queue mode: A (door) at concurrency ${QUEUE_CONCURRENCY}, ${n.queueEvents.toLocaleString('en-US')} events spread round-robin over the webhook processors; 1 worker (concurrency 10) runs the call_analyzed executions`,
			columns: ['Webhook processors', 'Events/s', 'Ack p50', 'Ack p95', 'Ack p99', 'Retries', 'Never acknowledged', 'Rows', 'Executions', 'Answers'],
			rows: queueRuns.map(({ processors, outcome }) => [
				processors,
				outcome.perSecond,
				formatMs(outcome.ack.p50),
				formatMs(outcome.ack.p95),
				formatMs(outcome.ack.p99),
				outcome.retried,
				outcome.failed,
				outcome.check ? (outcome.check.equal ? `${outcome.check.rows}/${outcome.check.expectedRows} exact` : `${outcome.check.differing + outcome.check.missing} of ${outcome.check.expectedRows} wrong`) : '—',
				executionsText(outcome.executions),
				answersText(outcome.answers),
			]),
		});
		const one = measured.queue['door|1'];
		const two = measured.queue['door|2'];
		if (one && two) {
			headline.push({
				metric: `queue mode, door at concurrency ${QUEUE_CONCURRENCY}: 2 webhook processors vs 1 (events/s, ack p99)`,
				ours: `${two.perSecond}/s, ${formatMs(two.ack.p99)}`,
				baseline: `${one.perSecond}/s, ${formatMs(one.ack.p99)} (1 processor)`,
				ratio: formatRatio(ratio(two.perSecond, one.perSecond)),
				goal: 'reported',
				met: null,
			});
		}
	}

	if (measured.profile) {
		tables.push(profileTable(measured.profile));
	}

	const stream = measured.stream;
	const notes = [
		`Stream: per call call_started, ${TRANSCRIPT_UPDATES} transcript_updated (the transcript so far; the last one whole), call_ended and call_analyzed = ${3 + TRANSCRIPT_UPDATES} events; ` +
			`calls overlap (each call's events in order, ~60 calls interleaved at any point), no duplicates; bodies ${stream ? `${stream.bytes.mean} bytes on average (${stream.bytes.min}–${stream.bytes.max})` : '~3 KB'}, signed per attempt like Retell's. Every run posts a stream of its own calls; the table is emptied before each run.`,
		"Load: closed loop (N senders, keep-alive), Retell's delivery policy (10 s per attempt, then retries after 1, 2 and 4 s). Events/s counts acknowledged events over the run's wall time; latencies are from the first send to the accepted answer (retries included).",
		'Lost = never acknowledged after the retries, plus acknowledged events whose call row is missing or not in its final state (every row is compared with the call\'s final state after each run of A and B, and C must store nothing).',
		`n8n settings (docker/docker-compose.yml): ${describeEnv(DOCKER_ENV)}; n8n's data in PostgreSQL (a database of the local Supabase cluster); execution saving on (n8n's default); queue mode adds ${describeEnv(DOCKER_QUEUE_ENV)}, Redis, 1 worker (--concurrency=10) and the webhook processors (load only to them).`,
		'A acknowledges after its row is merged (retell_merge_call_sessions through PostgREST, concurrent events sharing merge calls) and starts an execution only for call_analyzed; B runs one execution per event (Retell Trigger → Session → Log) and answers when it finishes; C answers after the signature check.',
	];
	if (measured.profile) {
		notes.push(
			`CPU profile: a separate n8n start with NODE_OPTIONS=--cpu-prof; self time of the main thread within the load window, divided by the events posted (profiling slows everything down a little). Modules: where the code lives (package or Node.js core).`,
		);
	}
	if (context.quick) {
		notes.push(
			`Quick run (harness check, not comparable): ${n.events} events per variant and concurrency, ${n.curveEvents} per curve point, ${n.queueEvents} in queue mode, ${n.profileEvents} profiled.`,
		);
	}
	if (PARTS.length < 4) notes.push(`Only these parts ran (BENCH_DOOR_PARTS): ${PARTS.join(', ')}.`);

	const strip = (outcome: RunOutcome): Json => JSON.parse(JSON.stringify({ ...outcome, ackSamples: undefined, kindSamples: undefined })) as Json;
	return {
		name: 'door-logging',
		title: doorLogging.title,
		machine: context.machine,
		durationMs,
		parameters: {
			eventsPerVariantAndConcurrency: n.events,
			rounds: n.rounds,
			concurrency: MAIN_CONCURRENCY,
			curveConcurrency: CURVE_CONCURRENCY,
			curveEventsPerPoint: n.curveEvents,
			queueEvents: n.queueEvents,
			queueWebhookProcessors: QUEUE_PROCESSORS,
			profileEvents: n.profileEvents,
			warmupEventsPerVariant: n.warmup,
			transcriptUpdatesPerCall: TRANSCRIPT_UPDATES,
			meanBodyBytes: stream?.bytes.mean ?? null,
			n8nEnv: describeEnv(DOCKER_ENV),
			n8nQueueEnv: describeEnv(DOCKER_QUEUE_ENV),
			n8nDatabase: 'postgresdb',
			timeoutMs: RETELL_DELIVERY.timeoutMs,
			retryDelaysMs: RETELL_DELIVERY.delaysMs,
			parts: PARTS,
			// What is left (A's main thread, self time per event; C's in brackets): also in the profile table.
			profileTopModules: measured.profile ? profileTop(measured.profile, 'categories') : [],
			profileTopFunctions: measured.profile ? profileTop(measured.profile, 'topFunctions') : [],
		},
		headline,
		tables,
		notes,
		raw: {
			main: Object.fromEntries(Object.entries(measured.main).map(([key, list]) => [key, list.map(strip)])),
			curve: Object.fromEntries(Object.entries(measured.curve).map(([key, outcome]) => [key, strip(outcome)])),
			queue: Object.fromEntries(Object.entries(measured.queue).map(([key, outcome]) => [key, strip(outcome)])),
			profile: measured.profile
				? (JSON.parse(
						JSON.stringify({
							door: { ...measured.profile.door, topFunctions: measured.profile.door.topFunctions.slice(0, 40) },
							ceiling: { ...measured.profile.ceiling, topFunctions: measured.profile.ceiling.topFunctions.slice(0, 40) },
						}),
					) as Json)
				: null,
		},
	};
}

type ProfileEntry = { name: string; msPerRequest: number; share: number };

function entries(breakdown: ProfileBreakdown, kind: 'categories' | 'topFunctions'): ProfileEntry[] {
	return kind === 'categories'
		? breakdown.categories.map((entry) => ({ name: entry.category, msPerRequest: entry.msPerRequest, share: entry.share }))
		: breakdown.topFunctions.map((entry) => ({ name: entry.fn, msPerRequest: entry.msPerRequest, share: entry.share }));
}

/** A's hottest modules or functions (self time per event), with C's figure for the same one. */
function profileTop(profile: Profiled, kind: 'categories' | 'topFunctions'): string[] {
	const ceiling = new Map(entries(profile.ceiling, kind).map((entry) => [entry.name, entry.msPerRequest]));
	return entries(profile.door, kind)
		.slice(0, PROFILE_TOP)
		.map((entry) => `${entry.name}: ${entry.msPerRequest} ms/event, ${entry.share}% of A's busy time (C: ${ceiling.get(entry.name) ?? 0} ms/event)`);
}

function profileTable(profile: Profiled): Table {
	const rows: Array<Array<string | number>> = [];
	const line = (label: string, door: number, ceiling: number, share: string): void => {
		rows.push([label, door.toFixed(3), ceiling.toFixed(3), (door - ceiling).toFixed(3), share]);
	};
	line('round trip p50 while profiled (ms)', profile.doorOutcome.ack.p50, profile.ceilingOutcome.ack.p50, '—');
	line('main thread busy (CPU)', profile.door.busyMsPerRequest, profile.ceiling.busyMsPerRequest, '100%');
	line('main thread idle (waiting: database, PostgREST, network)', profile.door.idleMsPerRequest, profile.ceiling.idleMsPerRequest, '—');
	for (const kind of ['categories', 'topFunctions'] as const) {
		const ceiling = new Map(entries(profile.ceiling, kind).map((entry) => [entry.name, entry.msPerRequest]));
		for (const entry of entries(profile.door, kind).slice(0, PROFILE_TOP)) {
			line(`${kind === 'categories' ? 'module' : 'function'}: ${entry.name}`, entry.msPerRequest, ceiling.get(entry.name) ?? 0, `${entry.share}%`);
		}
	}
	return {
		title:
			`What is left: n8n's main process at concurrency ${PROFILE_CONCURRENCY}, A then C in one start under node --cpu-prof ` +
			`(${profile.doorOutcome.events.toLocaleString('en-US')} events each; A ${profile.doorOutcome.perSecond} events/s, C ${profile.ceilingOutcome.perSecond} events/s while profiled); ` +
			`self time in ms per event, A's top ${PROFILE_TOP} modules then functions`,
		columns: ['Where', 'A. door', 'C. ceiling', 'A − C', "share of A's busy time"],
		rows,
	};
}
