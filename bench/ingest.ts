/**
 * 4. Ingest under load — signed call events posted at concurrency 50, as Retell delivers them (10 s timeout per
 *    attempt, up to 3 retries after 1, 2 and 4 s), into Retell Trigger (Call Events) → Retell Supabase → Session →
 *    Log, in regular mode and in queue mode with 1 and 2 workers. Most modes acknowledge after the workflow (the
 *    strict setting: Retell retries a failed run); the last ones use the node's default, Acknowledge Immediately,
 *    where the queue absorbs the burst and the table catches up after the last acknowledgement.
 *    n8n keeps its own data in PostgreSQL (a database of the same local cluster), as queue mode requires.
 *    After each mode the table must hold one row per call, in its final state.
 */
import { Agent } from 'node:http';
import path from 'node:path';
import { CREDENTIALS } from '../scripts/n8n/examples';
import { signRetellBody } from '../test/support/retell-emulator';
import { selectedByEnv, type Benchmark, type BenchContext } from './lib/context';
import { callEventStream, checkSessions, type TableCheck } from './lib/events';
import { RETELL_DELIVERY, runLoad, sleep, type LoadResult } from './lib/load';
import { BenchN8n, n8nPostgresEnv, type RunSettings } from './lib/n8n';
import type { BenchmarkResult, Headline, Json, Table } from './lib/report';
import { formatMs, round, summarize, type LatencySummary } from './lib/stats';
import { BenchSupabase } from './lib/supabase';
import { chain, RETELL_SUPABASE_TYPE, retellTrigger, webhookUuid } from './lib/workflows';

const API_KEY = 'key_bench_ingest_0123456789abcdef';
const CONCURRENCY = 50;
/** One workflow per Acknowledge setting, both active in every mode; a mode posts to one of them. */
const HOOKS = { afterWorkflow: webhookUuid(401), immediately: webhookUuid(402) } as const;
type Acknowledge = keyof typeof HOOKS;
/** With Acknowledge Immediately the workers drain the queue after the burst; how long the bench waits for that. */
const SETTLE_LIMIT_MS: Record<Acknowledge, number> = { afterWorkflow: 30_000, immediately: 15 * 60_000 };

interface Mode {
	key: string;
	label: string;
	acknowledge: Acknowledge;
	settings: RunSettings;
}

const ALL_MODES: Mode[] = [
	{ key: 'regular', label: 'regular mode', acknowledge: 'afterWorkflow', settings: { mode: 'regular' } },
	{ key: 'queue-1', label: 'queue mode, 1 worker (concurrency 10)', acknowledge: 'afterWorkflow', settings: { mode: 'queue', workers: 1, workerConcurrency: 10 } },
	{ key: 'queue-2', label: 'queue mode, 2 workers (concurrency 10 each)', acknowledge: 'afterWorkflow', settings: { mode: 'queue', workers: 2, workerConcurrency: 10 } },
	{
		key: 'queue-2-tuned',
		label: 'queue mode, 2 workers, tuned (N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true, N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED=1000)',
		acknowledge: 'afterWorkflow',
		settings: {
			mode: 'queue',
			workers: 2,
			workerConcurrency: 10,
			env: { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true', N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED: '1000' },
		},
	},
	{
		key: 'queue-1-now',
		label: 'queue mode, 1 worker, Acknowledge: Immediately (node default)',
		acknowledge: 'immediately',
		settings: { mode: 'queue', workers: 1, workerConcurrency: 10 },
	},
	{
		key: 'queue-2-now',
		label: 'queue mode, 2 workers, Acknowledge: Immediately (node default)',
		acknowledge: 'immediately',
		settings: { mode: 'queue', workers: 2, workerConcurrency: 10 },
	},
];

/** BENCH_INGEST_MODES=key,key runs only those modes (for working on one of them). */
const MODES = selectedByEnv(ALL_MODES, 'BENCH_INGEST_MODES');

interface ModeOutcome {
	events: number;
	calls: number;
	wallMs: number;
	/** Acknowledged events per second of posting time. */
	perSecond: number;
	/** Events per second until the table held every call in its final state (posting plus settling). */
	storedPerSecond: number;
	firstAttempt: LatencySummary;
	ack: LatencySummary;
	attempts: number;
	retried: number;
	unacknowledged: number;
	statuses: Record<string, number>;
	errors: Record<string, number>;
	check: TableCheck;
	/** How long after the last acknowledgement the table reached its final state. */
	settleMs: number;
}

export const ingest: Benchmark = {
	name: 'ingest',
	title: '4. Ingest under load',
	estimate: '35 min',
	async run(context: BenchContext): Promise<BenchmarkResult> {
		const started = Date.now();
		const events = context.quick ? 200 : 5000;
		// The scale check: the same mode at a tenth of the load first.
		const scales = [events / 10, events];
		const supabase = await BenchSupabase.start(path.join(context.workDir, 'ingest-supabase.log'));
		context.defer(() => supabase.stop());
		await supabase.query('create database n8n_bench');

		const n8n = await BenchN8n.create({
			name: 'ingest',
			withPackage: true,
			workflows: [
				ingestWorkflow('Ingest', 'afterWorkflow'),
				ingestWorkflow('IngestNow', 'immediately'),
			],
			credentials: {
				retell: { apiKey: API_KEY, baseUrl: 'http://127.0.0.1:9' },
				supabase: { host: supabase.connection.url, serviceRole: supabase.connection.serviceRoleKey },
			},
			env: n8nPostgresEnv(supabase.connection.databaseUrl, 'n8n_bench'),
			probes: (origin) => Object.values(HOOKS).map((hook) => ({ url: `${origin}/webhook/${hook}/events`, method: 'POST' })),
			log: context.log,
		});
		context.defer(() => n8n.dispose());

		const outcomes: Record<string, ModeOutcome> = {};
		for (const [modeIndex, mode] of MODES.entries()) {
			context.log(`ingest: ${mode.label}, ${scales.join(' then ')} events at concurrency ${CONCURRENCY}`);
			await supabase.truncateSessions();
			await n8n.start(mode.settings);
			try {
				const url = `${n8n.origin}/webhook/${HOOKS[mode.acknowledge]}/events`;
				const post = async (bodies: string[]): Promise<LoadResult> => {
					const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
					try {
						return await runLoad({
						count: bodies.length,
						concurrency: CONCURRENCY,
						retry: RETELL_DELIVERY,
						agent,
						request: (index) => ({
							url,
							headers: {
								'content-type': 'application/json',
								'user-agent': 'axios/1.7.7',
								'x-retell-signature': signRetellBody(bodies[index], API_KEY, Date.now()),
							},
							body: bodies[index],
						}),
						});
					} finally {
						agent.destroy();
					}
				};
				const warmup = callEventStream({ total: 60, duplicateShare: 0, seed: 7, prefix: `w${modeIndex}` });
				await post(warmup.events.map((event) => JSON.stringify(event)));

				for (const total of scales) {
					const prefix = `i${modeIndex}x${total}`;
					const stream = callEventStream({ total, duplicateShare: 0.2, seed: 4242, prefix });
					const result = await post(stream.events.map((event) => JSON.stringify(event)));
					const done = Date.now();
					// Retries, or with Acknowledge Immediately the queued executions, may still be landing: wait (bounded)
					// until the table holds every call in its final state.
					let check = await checkSessions(supabase, stream, prefix);
					while (!check.equal && Date.now() - done < SETTLE_LIMIT_MS[mode.acknowledge]) {
						await sleep(500);
						check = await checkSessions(supabase, stream, prefix);
					}
					const settleMs = check.equal ? Date.now() - done : Number.NaN;
					const outcome: ModeOutcome = {
						events: stream.events.length,
						calls: stream.calls,
						wallMs: round(result.wallMs, 0),
						perSecond: round(result.perSecond, 1),
						storedPerSecond: round((stream.events.length * 1000) / (result.wallMs + settleMs), 1),
						firstAttempt: summarize(result.firstAttemptMs),
						ack: summarize(result.ackMs),
						attempts: result.attempts,
						retried: result.attempts - stream.events.length,
						unacknowledged: result.failed.length,
						statuses: result.statuses,
						errors: result.errors,
						check,
						settleMs,
					};
					outcomes[`${mode.key}|${total}`] = outcome;
					context.log(
						`  ${total} events: ${outcome.perSecond} acknowledged/s, ${outcome.storedPerSecond} stored/s  ack p50 ${formatMs(outcome.ack.p50)} p99 ${formatMs(outcome.ack.p99)}  retried ${outcome.retried}  ` +
							`unacknowledged ${outcome.unacknowledged}  rows ${check.rows}/${check.expectedRows}  wrong ${check.differing + check.missing}  ${JSON.stringify(outcome.statuses)}`,
					);
				}
			} finally {
				await n8n.stop();
			}
		}
		return report(context, events, outcomes, Date.now() - started);
	},
};

/** Retell Trigger (Call Events) → Retell Supabase → Session → Log, as in examples/03, with the given Acknowledge. */
function ingestWorkflow(tag: string, acknowledge: Acknowledge) {
	return chain(tag, `Bench: ingest, Acknowledge ${acknowledge} (Retell Trigger → Session → Log)`, [
		retellTrigger(HOOKS[acknowledge], { mode: 'callEvents', events: ['call_started', 'call_ended', 'call_analyzed'], acknowledge, registration: 'none' }),
		{
			name: 'Log session',
			type: RETELL_SUPABASE_TYPE,
			typeVersion: 1,
			parameters: { resource: 'session', operation: 'log', options: {} },
			credentials: { retellSupabaseApi: { ...CREDENTIALS.retellSupabaseApi } },
		},
	]);
}

function report(context: BenchContext, events: number, outcomes: Record<string, ModeOutcome>, durationMs: number): BenchmarkResult {
	const rows = MODES.map((mode) => {
		const outcome = outcomes[`${mode.key}|${events}`];
		if (!outcome) return [mode.label, 'not run', '', '', '', '', '', '', '', ''];
		return [
			mode.label,
			outcome.perSecond,
			`${outcome.storedPerSecond} (${formatMs(outcome.settleMs)})`,
			`${formatMs(outcome.firstAttempt.p50)} / ${formatMs(outcome.firstAttempt.p99)}`,
			`${formatMs(outcome.ack.p50)} / ${formatMs(outcome.ack.p99)}`,
			outcome.retried,
			outcome.unacknowledged,
			`${outcome.check.rows} / ${outcome.calls}`,
			outcome.check.differing + outcome.check.missing,
			Object.entries(outcome.statuses)
				.map(([status, count]) => `${status === '0' ? 'no answer' : status}: ${count}`)
				.join(', '),
		];
	});
	const tables: Table[] = [
		{
			title: `${events.toLocaleString('en-US')} signed events (20% duplicates, shuffled) at concurrency ${CONCURRENCY}, Retell's delivery policy`,
			columns: ['Mode', 'Acknowledged events/s', 'Stored events/s (table final after the last ack)', 'First attempt p50 / p99', 'Acknowledged p50 / p99 (retries included)', 'Retries', 'Never acknowledged', 'Rows / calls', 'Rows not final', 'HTTP answers'],
			rows,
		},
		{
			title: `Scale check: from ${(events / 10).toLocaleString('en-US')} to ${events.toLocaleString('en-US')} events (×10 load), same n8n start`,
			columns: ['Mode', 'Events/s ×1 → ×10', 'Ack p50 ×1 → ×10', 'Ack p99 ×1 → ×10', 'Retries ×1 → ×10', 'Rows not final ×1 / ×10'],
			rows: MODES.flatMap((mode) => {
				const small = outcomes[`${mode.key}|${events / 10}`];
				const large = outcomes[`${mode.key}|${events}`];
				if (!small || !large) return [];
				return [
					[
						mode.label,
						`${small.perSecond} → ${large.perSecond}`,
						`${formatMs(small.ack.p50)} → ${formatMs(large.ack.p50)}`,
						`${formatMs(small.ack.p99)} → ${formatMs(large.ack.p99)}`,
						`${small.retried} → ${large.retried}`,
						`${small.check.differing + small.check.missing} / ${large.check.differing + large.check.missing}`,
					],
				];
			}),
		},
	];
	const headline: Headline[] = [];
	for (const mode of MODES) {
		const outcome = outcomes[`${mode.key}|${events}`];
		if (!outcome) continue;
		const loss = outcome.unacknowledged + outcome.check.missing + outcome.check.differing;
		headline.push({
			metric: `${mode.label}: acknowledged/s, stored/s, ack p99, loss`,
			ours: `${outcome.perSecond}/s, ${outcome.storedPerSecond}/s, ${formatMs(outcome.ack.p99)}, ${loss}`,
			baseline: '—',
			ratio: '—',
			goal: mode.settings.mode === 'queue' ? 'p99 ack < 10 s, loss 0' : 'loss 0',
			met: loss === 0 && (mode.settings.mode !== 'queue' || outcome.ack.p99 < 10_000),
		});
	}
	const notes = [
		'Workflow: Retell Trigger (Call Events) → Retell Supabase → Session → Log, as in examples/03; Acknowledge: After the Workflow Finishes unless the mode says Immediately; n8n defaults otherwise (execution saving on, N8N_EXPRESSION_ENGINE=vm) unless the mode says.',
		'"Stored events/s" counts from the first post until every row is final; with Acknowledge Immediately it is the rate the workers drain the queue, and the time in brackets is how long that took after the last acknowledgement.',
		'Queue mode: Redis (Debian redis-server), webhooks received by the main process, executions run by the worker(s); n8n\'s database is PostgreSQL for every mode.',
		'"Rows not final" compares every call\'s row with its final state (status, timestamps, duration, transcript, analysis); a retried event is merged again and must change nothing.',
	];
	if (context.quick) notes.push('Quick run (harness check).');
	return {
		name: 'ingest',
		title: ingest.title,
		machine: context.machine,
		durationMs,
		parameters: { events, concurrency: CONCURRENCY, duplicateShare: 0.2, timeoutMs: RETELL_DELIVERY.timeoutMs, retryDelaysMs: RETELL_DELIVERY.delaysMs },
		headline,
		tables,
		notes,
		raw: JSON.parse(JSON.stringify(outcomes)) as Json,
	};
}
