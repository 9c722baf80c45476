/**
 * 1. Custom-function round trip — the silence a caller hears while the agent waits for a function result.
 *
 * Ours:      signed POST → Retell Trigger (Custom Function, signature verified) → Set → answer (last node)
 *            and, answering mid-run: Retell Trigger (Respond: Using Webhook Response Node) → Build Function Result
 * Baseline:  POST → Webhook (Respond: Using 'Respond to Webhook' Node) → Set → Respond to Webhook (no verification)
 * Also:      Retell Trigger with "Skip Signature Check" (what the check costs inside n8n), and the floor: a bare
 *            node:http server doing the same HMAC check and JSON answer.
 *
 * Each n8n configuration (execution saving on — n8n's default —, saving off, queue mode) gets its own start;
 * inside one, the variants alternate round by round. A last start with `--cpu-prof` splits n8n's main-thread
 * time per request by package.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { signRetellBody } from '../test/retell-emulator';
import { pool, type Pooled } from './lib/aggregate';
import { selectedByEnv, startTsServer, type Benchmark, type BenchContext } from './lib/context';
import { interleave, runLoad, sleep, type LoadRequest, type LoadResult, type Reply } from './lib/load';
import { BenchN8n, type RunSettings } from './lib/n8n';
import { analyzeProfile, findProfile, type ProfileBreakdown } from './lib/profile';
import { rssKiB } from './lib/machine';
import { scaleCurve, type BenchmarkResult, type Headline, type Json, type Table } from './lib/report';
import { formatMs, formatRatio, ratio, summarize } from './lib/stats';
import {
	chain,
	functionResultNode,
	respondToWebhookNode,
	retellTrigger,
	setNode,
	webhookNode,
	webhookUuid,
	workflowId,
} from './lib/workflows';

const API_KEY = 'key_bench_custom_function_0123456789';
const OURS_HOOK = webhookUuid(101);
const UNVERIFIED_HOOK = webhookUuid(102);
const HAND_HOOK = webhookUuid(103);
const HAND_PATH = 'bench-custom-function-hand-wired';
const LAST_NODE_HOOK = webhookUuid(104);
const LAST_NODE_PATH = 'bench-custom-function-last-node';
const EARLY_HOOK = webhookUuid(105);
/** "No worse than the baseline" allows this much noise (two runs of the same variant differ by about this). */
const NOISE = 0.05;

type Variant = 'floor' | 'ours' | 'oursEarly' | 'oursUnverified' | 'handWired' | 'handLastNode';

const LABELS: Record<Variant, string> = {
	floor: 'floor: bare node:http + HMAC check',
	ours: 'Retell Trigger (signature verified) → Set',
	oursEarly: 'Retell Trigger (signature verified, Respond: Using Webhook Response Node) → Build Function Result',
	oursUnverified: 'Retell Trigger (Skip Signature Check) → Set',
	handWired: 'Webhook → Set → Respond to Webhook (no verification)',
	handLastNode: 'Webhook (respond when last node finishes) → Set (no verification)',
};

/** A caller who hears more than this much silence has been failed, whatever comes later. */
const TIMEOUT_MS = 10_000;

interface Configuration {
	key: string;
	label: string;
	settings: RunSettings;
	variants: Variant[];
	/** Share of the full request count: the secondary configurations answer narrower questions. */
	share: number;
	/** Also split n8n's main-thread time per request in this configuration (a CPU-profiled start). */
	profile?: boolean;
}

// The first configuration is n8n as installed; each other one changes one thing, so its effect reads directly.
const ALL_CONFIGURATIONS: Configuration[] = [
	{
		key: 'default',
		label: 'regular mode, n8n defaults (execution saving on)',
		settings: { mode: 'regular' },
		variants: ['floor', 'ours', 'oursEarly', 'oursUnverified', 'handWired'],
		share: 1,
		profile: true,
	},
	{
		key: 'saving-off',
		label: 'EXECUTIONS_DATA_SAVE_ON_SUCCESS=none',
		settings: { mode: 'regular', env: { EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'none' } },
		variants: ['ours', 'handWired'],
		share: 0.25,
	},
	{
		key: 'legacy-expressions',
		label: 'N8N_EXPRESSION_ENGINE=legacy (no isolate)',
		settings: { mode: 'regular', env: { N8N_EXPRESSION_ENGINE: 'legacy' } },
		variants: ['ours', 'handWired'],
		share: 0.25,
	},
	{
		key: 'queue',
		label: 'queue mode, 1 worker (webhooks on main)',
		settings: { mode: 'queue', workers: 1 },
		variants: ['ours', 'oursEarly', 'handWired', 'handLastNode'],
		share: 0.25,
	},
	{
		key: 'queue-keep-completed',
		label: 'queue mode, 1 worker, N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED=1000',
		settings: { mode: 'queue', workers: 1, env: { N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED: '1000' } },
		variants: ['ours', 'handWired'],
		share: 0.25,
	},
	{
		key: 'lazy-isolate',
		label: 'N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true',
		settings: { mode: 'regular', env: { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' } },
		// n8n's Webhook answering from the last node too: how much of the gap is the response mode itself.
		variants: ['ours', 'oursEarly', 'handWired', 'handLastNode'],
		share: 1,
		profile: true,
	},
	{
		key: 'lazy-isolate-pool-4',
		label: 'N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true, N8N_EXPRESSION_ENGINE_POOL_SIZE=4',
		settings: { mode: 'regular', env: { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true', N8N_EXPRESSION_ENGINE_POOL_SIZE: '4' } },
		variants: ['ours', 'oursEarly', 'handWired'],
		// What docker/ and npm run dev ship: measured at full size, since its goal rows are the ones users get.
		share: 1,
		profile: true,
	},
];

/** BENCH_CUSTOM_FUNCTION_CONFIGS=key,key runs only those configurations (for working on one of them). */
const CONFIGURATIONS = selectedByEnv(ALL_CONFIGURATIONS, 'BENCH_CUSTOM_FUNCTION_CONFIGS');

/** What Retell posts to a custom function: the function name, the live call (transcript so far) and the arguments. */
function functionCallBody(index: number): string {
	return JSON.stringify({
		name: 'book_appointment',
		call: {
			call_id: `call_bench_fn_${index}`,
			call_type: 'phone_call',
			agent_id: 'agent_bench_receptionist',
			call_status: 'ongoing',
			direction: 'inbound',
			from_number: '+14155550123',
			to_number: '+14155550100',
			start_timestamp: 1_894_000_000_000 + index,
			transcript:
				'Agent: Hi, this is Harbor Dental. How can I help?\nUser: I would like to book a cleaning next week.\n' +
				'Agent: Sure, which day works for you?\nUser: Wednesday the ninth, half past nine in the morning.\n' +
				'Agent: Let me check that for you.',
			retell_llm_dynamic_variables: { customer_name: `Caller ${index}` },
			metadata: { crm_id: `C-${index}` },
		},
		args: { date: '2030-01-09', time: '09:30', name: `Caller ${index}` },
	});
}

function expectedAnswer(index: number): string {
	return `Booked Caller ${index} on 2030-01-09 at 09:30`;
}

function answerOk(reply: Reply, index: number): boolean {
	if (reply.status !== 200) return false;
	try {
		const parsed = JSON.parse(reply.body) as { result?: unknown };
		return parsed.result === expectedAnswer(index);
	} catch {
		return false;
	}
}

function workflows(): ReturnType<typeof chain>[] {
	const answerFrom = (root: string): Record<string, string> => ({
		result: `=Booked {{ ${root}.args.name }} on {{ ${root}.args.date }} at {{ ${root}.args.time }}`,
	});
	return [
		chain('CfOurs', 'Bench: custom function (Retell Trigger)', [
			retellTrigger(OURS_HOOK, { mode: 'customFunction', httpMethod: 'POST' }),
			setNode(answerFrom('$json')),
		]),
		chain('CfEarly', 'Bench: custom function (Retell Trigger, answered by Webhook Response)', [
			retellTrigger(EARLY_HOOK, { mode: 'customFunction', httpMethod: 'POST', respond: 'responseNode' }),
			functionResultNode(answerFrom('$json').result),
		]),
		chain('CfNoCheck', 'Bench: custom function (Retell Trigger, no check)', [
			retellTrigger(UNVERIFIED_HOOK, { mode: 'customFunction', httpMethod: 'POST', skipSignatureCheck: true }),
			setNode(answerFrom('$json')),
		]),
		chain('CfHand', 'Bench: custom function (hand-wired)', [
			webhookNode(HAND_HOOK, HAND_PATH, 'responseNode'),
			setNode(answerFrom('$json.body')),
			respondToWebhookNode(),
		]),
		chain('CfHandLast', 'Bench: custom function (hand-wired, last node)', [
			webhookNode(LAST_NODE_HOOK, LAST_NODE_PATH, 'lastNode'),
			setNode(answerFrom('$json.body')),
		]),
	];
}

interface Counts {
	requests: number;
	warmup: number;
	roundsAt1: number;
	roundsAt20: number;
	profileRequests: number;
}

/**
 * The scale curve between concurrency 1 and 20, in n8n's default configuration only: these steps, with a quarter of
 * the requests, for the Retell Trigger and the hand-wired workflow.
 */
const CURVE_STEPS = [5, 10];
const CURVE_VARIANTS: Variant[] = ['ours', 'oursEarly', 'handWired'];
const CURVE_SHARE = 0.25;

function counts(quick: boolean): Counts {
	return quick
		? { requests: 100, warmup: 40, roundsAt1: 2, roundsAt20: 2, profileRequests: 100 }
		: { requests: 2000, warmup: 60, roundsAt1: 4, roundsAt20: 4, profileRequests: 200 };
}

export const customFunction: Benchmark = {
	name: 'custom-function',
	title: '1. Custom-function round trip',
	estimate: '48 min',
	async run(context: BenchContext): Promise<BenchmarkResult> {
		const started = Date.now();
		const n = counts(context.quick);
		const workDir = path.join(context.workDir, 'custom-function');
		mkdirSync(workDir, { recursive: true });

		const floor = await startTsServer('floor-server', 'bench/lib/floor-server.ts', { FLOOR_API_KEY: API_KEY }, workDir);
		context.defer(() => floor.process.stop(5_000));
		const n8n = await BenchN8n.create({
			name: 'custom-function',
			withPackage: true,
			workflows: workflows(),
			credentials: { retell: { apiKey: API_KEY, baseUrl: 'http://127.0.0.1:9' }, supabase: { host: 'http://127.0.0.1:9', serviceRole: 'unused' } },
			probes: (origin) => [
				{ url: `${origin}/webhook/${OURS_HOOK}/function`, method: 'POST' },
				{ url: `${origin}/webhook/${EARLY_HOOK}/function`, method: 'POST' },
				{ url: `${origin}/webhook/${UNVERIFIED_HOOK}/function`, method: 'POST' },
				{ url: `${origin}/webhook/${HAND_PATH}`, method: 'POST' },
				{ url: `${origin}/webhook/${LAST_NODE_PATH}`, method: 'POST' },
			],
			log: context.log,
		});
		context.defer(() => n8n.dispose());

		const urls: Record<Variant, string> = {
			floor: `http://127.0.0.1:${floor.port}/`,
			ours: `${n8n.origin}/webhook/${OURS_HOOK}/function`,
			oursEarly: `${n8n.origin}/webhook/${EARLY_HOOK}/function`,
			oursUnverified: `${n8n.origin}/webhook/${UNVERIFIED_HOOK}/function`,
			handWired: `${n8n.origin}/webhook/${HAND_PATH}`,
			handLastNode: `${n8n.origin}/webhook/${LAST_NODE_PATH}`,
		};
		const bodies = Array.from({ length: n.requests }, (_, index) => functionCallBody(index));
		// Every variant gets the same signed bytes; only the Retell Trigger checks the signature.
		const request =
			(variant: Variant) =>
			(index: number): LoadRequest => {
				const body = bodies[index % bodies.length];
				return {
					url: urls[variant],
					headers: {
						'content-type': 'application/json',
						'user-agent': 'axios/1.7.7',
						'x-retell-signature': signRetellBody(body, API_KEY, Date.now()),
					},
					body,
				};
			};
		const load = (variant: Variant, count: number, concurrency: number, offset = 0): Promise<LoadResult> =>
			runLoad({
				count,
				concurrency,
				request: (index) => request(variant)(index + offset),
				accept: (reply, index) => answerOk(reply, index + offset),
				retry: { timeoutMs: TIMEOUT_MS, delaysMs: [] },
			});

		const measured: Record<string, Record<string, Pooled>> = {};
		/** n8n main process resident memory right after each configuration's measurement. */
		const rssMiB: Record<string, number> = {};
		const engine: Record<string, Json> = {};
		/** Interleaved rounds of `variants` at one concurrency, pooled into measured[`${key}|c${concurrency}`]. */
		const measure = async (key: string, variants: Variant[], concurrency: number, requests: number, rounds: number): Promise<void> => {
			const perRound = Math.floor(requests / rounds);
			const results = await interleave(
				rounds,
				variants.map((variant) => ({
					name: variant,
					run: (roundIndex: number) => load(variant, perRound, concurrency, roundIndex * perRound),
				})),
			);
			for (const [variant, list] of results) {
				const pooled = pool(list);
				measured[`${key}|c${concurrency}`] ??= {};
				measured[`${key}|c${concurrency}`][variant] = pooled;
				context.log(
					`  c=${concurrency} ${variant.padEnd(15)} p50 ${formatMs(pooled.latency.p50)}  p99 ${formatMs(pooled.latency.p99)}  ` +
						`${pooled.perSecond}/s  failed ${pooled.failed}`,
				);
			}
		};
		for (const configuration of CONFIGURATIONS) {
			context.log(`custom-function: ${configuration.label}`);
			await n8n.start(configuration.settings);
			try {
				for (const variant of configuration.variants) await load(variant, n.warmup, 20);
				for (const concurrency of [1, 20]) {
					const rounds = concurrency === 1 ? n.roundsAt1 : n.roundsAt20;
					await measure(configuration.key, configuration.variants, concurrency, n.requests * configuration.share, rounds);
				}
				if (n8n.mainPid !== undefined) rssMiB[configuration.key] = Math.round(rssKiB(n8n.mainPid) / 1024);
				if (configuration.key === 'default') {
					for (const concurrency of CURVE_STEPS) {
						await measure(configuration.key, CURVE_VARIANTS, concurrency, n.requests * CURVE_SHARE, n.roundsAt20);
					}
					if (n8n.api) engine[configuration.key] = await engineTimes(n8n);
				}
			} finally {
				await n8n.stop();
			}
		}

		const profiles: Record<string, ProfileRun[]> = {};
		for (const configuration of CONFIGURATIONS.filter((candidate) => candidate.profile)) {
			context.log(`custom-function: CPU profile of the n8n main process (${configuration.label})`);
			profiles[configuration.key] = await profileRun(n8n, workDir, n.profileRequests, load, configuration);
		}

		return report(context, n, { measured, rssMiB, engine, profiles }, Date.now() - started);
	},
};

/** From saved executions: how long the workflow itself ran (first node start → last node end). */
async function engineTimes(n8n: BenchN8n): Promise<Json> {
	const out: Record<string, Json> = {};
	for (const [variant, id] of [
		['ours', workflowId('CfOurs')],
		['handWired', workflowId('CfHand')],
	] as const) {
		const executions = (await n8n.api?.executions({ workflowId: id, includeData: true, limit: 100 })) ?? [];
		const spans: number[] = [];
		for (const execution of executions) {
			const runData = readRunData(execution.data);
			let first = Number.POSITIVE_INFINITY;
			let last = 0;
			for (const runs of Object.values(runData)) {
				for (const run of runs) {
					first = Math.min(first, run.startTime);
					last = Math.max(last, run.startTime + run.executionTime);
				}
			}
			if (Number.isFinite(first) && last >= first) spans.push(last - first);
		}
		const summary = summarize(spans);
		out[variant] = { executions: spans.length, p50: summary.p50, p99: summary.p99 };
	}
	return out;
}

function readRunData(data: unknown): Record<string, Array<{ startTime: number; executionTime: number }>> {
	const result: Record<string, Array<{ startTime: number; executionTime: number }>> = {};
	if (typeof data !== 'object' || data === null || !('resultData' in data)) return result;
	const resultData = data.resultData;
	if (typeof resultData !== 'object' || resultData === null || !('runData' in resultData)) return result;
	const runData = resultData.runData;
	if (typeof runData !== 'object' || runData === null) return result;
	for (const [node, runs] of Object.entries(runData)) {
		if (!Array.isArray(runs)) continue;
		result[node] = runs
			.map((run: unknown) =>
				typeof run === 'object' && run !== null && 'startTime' in run && 'executionTime' in run
					? { startTime: Number(run.startTime), executionTime: Number(run.executionTime) }
					: undefined,
			)
			.filter((run): run is { startTime: number; executionTime: number } => run !== undefined);
	}
	return result;
}

interface ProfileRun {
	variant: Variant;
	latency: ReturnType<typeof summarize>;
	breakdown: ProfileBreakdown;
}

/**
 * n8n in `configuration`, started with --cpu-prof; each of its variants gets its own window of c=1 requests,
 * separated by idle pauses.
 */
async function profileRun(
	n8n: BenchN8n,
	workDir: string,
	requests: number,
	load: (variant: Variant, count: number, concurrency: number, offset?: number) => Promise<LoadResult>,
	configuration: Configuration,
): Promise<ProfileRun[]> {
	const profileDir = path.join(workDir, 'cpu-profiles', configuration.key);
	mkdirSync(profileDir, { recursive: true });
	const spawnedAt = Date.now();
	const { settings } = configuration;
	await n8n.start({ ...settings, env: { ...settings.env, NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` } });
	const pid = n8n.mainPid;
	const windows: Array<{ variant: Variant; fromMs: number; toMs: number; latency: ReturnType<typeof summarize> }> = [];
	try {
		for (const variant of ['ours', 'handWired'] as const) await load(variant, 50, 1);
		for (const variant of configuration.variants.filter((candidate) => candidate !== 'floor')) {
			await sleep(1_000);
			const fromMs = Date.now() - spawnedAt;
			const result = await load(variant, requests, 1);
			windows.push({ variant, fromMs, toMs: Date.now() - spawnedAt, latency: summarize(result.firstAttemptMs) });
		}
	} finally {
		// The profile is written when the process exits normally (n8n exits on SIGTERM after its shutdown).
		await n8n.stop();
	}
	const file = pid === undefined ? undefined : findProfile(profileDir, pid);
	if (!file) return [];
	return windows.map((window) => ({
		variant: window.variant,
		latency: window.latency,
		breakdown: analyzeProfile(file, { fromMs: window.fromMs, toMs: window.toMs, requests }),
	}));
}

/** Main-thread time per request by package, and the hottest functions of ours and the hand-wired workflow. */
function profileTables(profiles: ProfileRun[], configurationLabel: string, requests: number): Table[] {
	const categories = [...new Set(profiles.flatMap((profile) => profile.breakdown.categories.map((entry) => entry.category)))];
	const top = categories
		.map((category) => ({
			category,
			total: profiles.reduce((sum, profile) => sum + (profile.breakdown.categories.find((entry) => entry.category === category)?.msPerRequest ?? 0), 0),
		}))
		.sort((a, b) => b.total - a.total)
		.slice(0, 12)
		.map((entry) => entry.category);
	const tables: Table[] = [
		{
			title: `Where n8n's main thread spends a request, ${configurationLabel} (CPU profile, ${requests} requests at concurrency 1; profiling slows everything down a little)`,
			columns: ['Where', ...profiles.map((profile) => `${LABELS[profile.variant]} (ms/request)`)],
			rows: [
				['round trip p50 while profiled', ...profiles.map((profile) => formatMs(profile.latency.p50))],
				['main thread busy (CPU)', ...profiles.map((profile) => formatMs(profile.breakdown.busyMsPerRequest))],
				['main thread idle (waiting: SQLite thread pool, task runner, network)', ...profiles.map((profile) => formatMs(profile.breakdown.idleMsPerRequest))],
				...top.map((category) => [
					category,
					...profiles.map((profile) => {
						const entry = profile.breakdown.categories.find((candidate) => candidate.category === category);
						return entry ? `${entry.msPerRequest.toFixed(2)} (${entry.share}%)` : '—';
					}),
				]),
			],
		},
	];
	for (const variant of ['ours', 'handWired'] as const) {
		const profile = profiles.find((candidate) => candidate.variant === variant);
		if (!profile) continue;
		tables.push({
			title: `Hottest functions, ${LABELS[variant]}, ${configurationLabel} (self time per request)`,
			columns: ['Function', 'ms/request'],
			rows: profile.breakdown.topFunctions.map((entry) => [entry.fn, entry.msPerRequest.toFixed(3)]),
		});
	}
	return tables;
}

interface Measurements {
	measured: Record<string, Record<string, Pooled>>;
	rssMiB: Record<string, number>;
	engine: Record<string, Json>;
	profiles: Record<string, ProfileRun[]>;
}

function report(context: BenchContext, n: Counts, measurements: Measurements, durationMs: number): BenchmarkResult {
	const { measured, rssMiB, engine, profiles } = measurements;
	const tables: Table[] = [];
	const rows: Array<Array<string | number>> = [];
	for (const configuration of CONFIGURATIONS) {
		for (const concurrency of [1, 20]) {
			const set = measured[`${configuration.key}|c${concurrency}`] ?? {};
			for (const variant of configuration.variants) {
				const pooled = set[variant];
				if (!pooled) continue;
				rows.push([
					configuration.label,
					concurrency,
					LABELS[variant],
					formatMs(pooled.latency.p50),
					formatMs(pooled.latency.p95),
					formatMs(pooled.latency.p99),
					pooled.perSecond,
					pooled.failed,
				]);
			}
		}
	}
	tables.push({
		title: `Latency per request (${n.requests} requests per variant and concurrency, interleaved rounds)`,
		columns: ['n8n configuration', 'Concurrency', 'Variant', 'p50', 'p95', 'p99', 'req/s', 'Failed'],
		rows,
	});

	const curveSteps = [1, ...CURVE_STEPS, 20];
	const curveLines = CURVE_VARIANTS.flatMap((variant) => (['p50', 'p99'] as const).map((metric) => `${variant} ${metric}`));
	tables.push(
		scaleCurve({
			title: `Scale check: latency from concurrency 1 to 20, n8n defaults (${n.requests * CURVE_SHARE} requests per variant at ${CURVE_STEPS.join(' and ')})`,
			unit: 'in flight',
			steps: curveSteps,
			variants: curveLines,
			label: (line) => {
				const [variant, metric] = line.split(' ') as [Variant, string];
				return `${LABELS[variant]}, ${metric}`;
			},
			value: (line, concurrency) => {
				const [variant, metric] = line.split(' ') as [Variant, 'p50' | 'p99'];
				return measured[`default|c${concurrency}`]?.[variant]?.latency[metric] ?? Number.NaN;
			},
			format: formatMs,
		}),
	);

	const headline: Headline[] = [];
	const notes: string[] = [];
	const goalRows = (key: string, suffix: string, concurrencies = [1, 20], variant: Variant = 'ours'): void => {
		for (const concurrency of concurrencies) {
			const set = measured[`${key}|c${concurrency}`];
			const mine = set?.[variant];
			if (!mine || !set.handWired) continue;
			for (const metric of ['p50', 'p99'] as const) {
				const ours = mine.latency[metric];
				const hand = set.handWired.latency[metric];
				headline.push({
					metric: `${metric}, concurrency ${concurrency}${suffix}`,
					ours: formatMs(ours),
					baseline: formatMs(hand),
					ratio: formatRatio(ratio(hand, ours)),
					goal: 'no worse than the baseline, with signatures verified',
					met: ours <= hand * (1 + NOISE) && mine.failed === 0,
				});
			}
		}
	};
	const EARLY = ', answered by Webhook Response';
	goalRows('default', '');
	goalRows('default', EARLY, [1, 20], 'oursEarly');
	goalRows('legacy-expressions', ', N8N_EXPRESSION_ENGINE=legacy', [1]);
	goalRows('queue', ', queue mode (defaults)', [20]);
	goalRows('queue', `, queue mode (defaults)${EARLY}`, [20], 'oursEarly');
	goalRows('queue-keep-completed', ', queue mode + keep completed jobs', [20]);
	goalRows('lazy-isolate', ', N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true');
	goalRows('lazy-isolate', `, N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true${EARLY}`, [1, 20], 'oursEarly');
	const POOLED = ', lazy isolates + N8N_EXPRESSION_ENGINE_POOL_SIZE=4';
	goalRows('lazy-isolate-pool-4', POOLED);
	goalRows('lazy-isolate-pool-4', `${POOLED}${EARLY}`, [1, 20], 'oursEarly');
	const floorSet = measured['default|c1'];
	if (floorSet?.floor) {
		headline.push({
			metric: 'floor p50 / p99, concurrency 1 (node:http + the same HMAC check)',
			ours: `${formatMs(floorSet.floor.latency.p50)} / ${formatMs(floorSet.floor.latency.p99)}`,
			baseline: '—',
			ratio: '—',
			goal: 'reference',
			met: null,
		});
	}

	const p50 = (key: string, concurrency: number, variant: Variant): string => {
		const pooled = measured[`${key}|c${concurrency}`]?.[variant];
		return pooled ? `${formatMs(pooled.latency.p50)} / ${formatMs(pooled.latency.p99)}${pooled.failed > 0 ? ` (${pooled.failed} failed)` : ''}` : '—';
	};
	tables.push({
		title: 'Tuning, measured: p50 / p99 per n8n configuration',
		columns: [
			'n8n configuration',
			'Retell Trigger → Set, c=1',
			'… → Webhook Response, c=1',
			'hand-wired, c=1',
			'Retell Trigger → Set, c=20',
			'… → Webhook Response, c=20',
			'hand-wired, c=20',
			'n8n main RSS after the run',
		],
		rows: CONFIGURATIONS.map((configuration) => [
			configuration.label,
			...[1, 20].flatMap((concurrency) =>
				(['ours', 'oursEarly', 'handWired'] as const).map((variant) => p50(configuration.key, concurrency, variant)),
			),
			rssMiB[configuration.key] === undefined ? '—' : `${rssMiB[configuration.key]} MiB`,
		]),
	});

	const check = measured['default|c1'];
	if (check?.ours && check.oursUnverified && check.handWired) {
		notes.push(
			`At concurrency 1 (p50): the signature check costs ${formatMs(check.ours.latency.p50 - check.oursUnverified.latency.p50)} inside n8n ` +
				`(Retell Trigger with vs without it); the Retell Trigger without the check is ${formatMs(check.oursUnverified.latency.p50 - check.handWired.latency.p50)} ` +
				`slower than the hand-wired Webhook → Set → Respond to Webhook.`,
		);
	}
	for (const configuration of CONFIGURATIONS) {
		const runs = profiles[configuration.key];
		if (runs && runs.length > 0) tables.push(...profileTables(runs, configuration.label, n.profileRequests));
	}
	const spans = engine.default;
	if (spans && typeof spans === 'object' && !Array.isArray(spans)) {
		notes.push(`Workflow engine time (first node start → last node end, from saved executions, ms): ${JSON.stringify(spans)}.`);
	}
	notes.push(
		`${n.requests} requests per variant and concurrency in the default configuration and the two lazy-isolate ones (the pooled one is what docker/ ships); ` +
			`a quarter of that in the others, which each change one setting. Requests time out after ${TIMEOUT_MS / 1000} s (counted as failed).`,
	);
	if (context.quick) notes.push('Quick run (harness check): counts are a tenth of the full run.');

	return {
		name: 'custom-function',
		title: customFunction.title,
		machine: context.machine,
		durationMs,
		parameters: {
			requestsPerVariantAndConcurrency: n.requests,
			roundsAtConcurrency1: n.roundsAt1,
			roundsAtConcurrency20: n.roundsAt20,
			warmupRequests: n.warmup,
			noiseTolerance: NOISE,
			keepAlive: true,
		},
		headline,
		tables,
		notes,
		raw: JSON.parse(JSON.stringify(measurements)) as Json,
	};
}
