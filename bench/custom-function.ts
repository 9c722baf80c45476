/**
 * 1. Custom-function round trip — the silence a caller hears while the agent waits for a function result.
 *
 * Ours:      signed POST → Retell Trigger (Custom Function, signature verified) → Set → answer (last node)
 *            and, answering mid-run: Retell Trigger (Respond: Using Webhook Response Node) → Build Function Result
 * Baseline:  POST → Webhook (Respond: Using 'Respond to Webhook' Node) → Set → Respond to Webhook (no verification)
 * Also:      Retell Trigger with "Skip Signature Check" (what the check costs inside n8n), and the floor: a bare
 *            node:http server doing the same HMAC check and JSON answer.
 *
 * One n8n start with n8n's defaults, as the package meets it in a user's n8n; the variants alternate round by round.
 * How n8n settings (lazy isolates, queue mode, execution saving…) move these figures was measured once and is written
 * up in docs/benchmarks.md, "n8n settings explored"; it is not re-run here.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { signRetellBody } from '../test/support/retell-emulator';
import { pool, type Pooled } from './lib/aggregate';
import { startTsServer, type Benchmark, type BenchContext } from './lib/context';
import { interleave, runLoad, type LoadRequest, type LoadResult, type Reply } from './lib/load';
import { BenchN8n, type RunSettings } from './lib/n8n';
import { scaleCurve, type BenchmarkResult, type Headline, type Json, type Table } from './lib/report';
import { formatMs, formatRatio, ratio } from './lib/stats';
import { chain, functionResultNode, respondToWebhookNode, retellTrigger, setNode, webhookNode, webhookUuid } from './lib/workflows';

const API_KEY = 'key_bench_custom_function_0123456789';
const OURS_HOOK = webhookUuid(101);
const UNVERIFIED_HOOK = webhookUuid(102);
const HAND_HOOK = webhookUuid(103);
const HAND_PATH = 'bench-custom-function-hand-wired';
const EARLY_HOOK = webhookUuid(105);
/** "No worse than the baseline" allows this much noise (two runs of the same variant differ by about this). */
const NOISE = 0.05;
/** A caller who hears more than this much silence has been failed, whatever comes later. */
const TIMEOUT_MS = 10_000;

const N8N_SETTINGS: RunSettings = { mode: 'regular' };
const N8N_DESCRIPTION = 'n8n defaults: regular mode, execution saving on, no N8N_EXPRESSION_ENGINE_* settings';

type Variant = 'floor' | 'ours' | 'oursEarly' | 'oursUnverified' | 'handWired';
const VARIANTS: Variant[] = ['floor', 'ours', 'oursEarly', 'oursUnverified', 'handWired'];

const LABELS: Record<Variant, string> = {
	floor: 'floor: bare node:http + HMAC check',
	ours: 'Retell Trigger (signature verified) → Set',
	oursEarly: 'Retell Trigger (signature verified, Respond: Using Webhook Response Node) → Build Function Result',
	oursUnverified: 'Retell Trigger (Skip Signature Check) → Set',
	handWired: 'Webhook → Set → Respond to Webhook (no verification)',
};

/** Where each n8n variant listens, under /webhook/. */
const PATHS: Record<Exclude<Variant, 'floor'>, string> = {
	ours: `${OURS_HOOK}/function`,
	oursEarly: `${EARLY_HOOK}/function`,
	oursUnverified: `${UNVERIFIED_HOOK}/function`,
	handWired: HAND_PATH,
};

/** The scale curve between concurrency 1 and 20: these steps, with a quarter of the requests, for ours and the baseline. */
const CURVE_STEPS = [5, 10];
const CURVE_VARIANTS: Variant[] = ['ours', 'oursEarly', 'handWired'];
const CURVE_SHARE = 0.25;

export interface Counts {
	requests: number;
	warmup: number;
	roundsAt1: number;
	roundsAt20: number;
}

/** Pooled rounds per concurrency and variant. */
export type Measured = Record<number, Partial<Record<Variant, Pooled>>>;

function counts(quick: boolean): Counts {
	return quick ? { requests: 100, warmup: 40, roundsAt1: 2, roundsAt20: 2 } : { requests: 2000, warmup: 60, roundsAt1: 4, roundsAt20: 4 };
}

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

function answerOk(reply: Reply, index: number): boolean {
	if (reply.status !== 200) return false;
	try {
		const parsed = JSON.parse(reply.body) as { result?: unknown };
		return parsed.result === `Booked Caller ${index} on 2030-01-09 at 09:30`;
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
	];
}

export const customFunction: Benchmark = {
	name: 'custom-function',
	title: '1. Custom-function round trip',
	estimate: '19 min',
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
			probes: (origin) => Object.values(PATHS).map((hook) => ({ url: `${origin}/webhook/${hook}`, method: 'POST' })),
			log: context.log,
		});
		context.defer(() => n8n.dispose());

		const bodies = Array.from({ length: n.requests }, (_, index) => functionCallBody(index));
		// Every variant gets the same signed bytes; only the Retell Trigger checks the signature.
		const request = (variant: Variant, index: number): LoadRequest => {
			const body = bodies[index % bodies.length];
			return {
				url: variant === 'floor' ? `http://127.0.0.1:${floor.port}/` : `${n8n.origin}/webhook/${PATHS[variant]}`,
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
				request: (index) => request(variant, index + offset),
				accept: (reply, index) => answerOk(reply, index + offset),
				retry: { timeoutMs: TIMEOUT_MS, delaysMs: [] },
			});

		const measured: Measured = {};
		/** Interleaved rounds of `variants` at one concurrency, pooled into measured[concurrency]. */
		const measure = async (variants: Variant[], concurrency: number, requests: number, rounds: number): Promise<void> => {
			const perRound = Math.floor(requests / rounds);
			const results = await interleave(
				rounds,
				variants.map((variant) => ({
					name: variant,
					run: (roundIndex: number) => load(variant, perRound, concurrency, roundIndex * perRound),
				})),
			);
			for (const variant of variants) {
				const pooled = pool(results.get(variant) ?? []);
				measured[concurrency] ??= {};
				measured[concurrency][variant] = pooled;
				context.log(
					`  c=${concurrency} ${variant.padEnd(15)} p50 ${formatMs(pooled.latency.p50)}  p99 ${formatMs(pooled.latency.p99)}  ` +
						`${pooled.perSecond}/s  failed ${pooled.failed}`,
				);
			}
		};
		context.log(`custom-function: ${N8N_DESCRIPTION}`);
		await n8n.start(N8N_SETTINGS);
		try {
			for (const variant of VARIANTS) await load(variant, n.warmup, 20);
			await measure(VARIANTS, 1, n.requests, n.roundsAt1);
			await measure(VARIANTS, 20, n.requests, n.roundsAt20);
			for (const concurrency of CURVE_STEPS) await measure(CURVE_VARIANTS, concurrency, n.requests * CURVE_SHARE, n.roundsAt20);
		} finally {
			await n8n.stop();
		}
		return report(context, n, measured, Date.now() - started);
	},
};

/** Exported so a summary can be rebuilt from the pooled figures in bench/results/raw/ after a change to its tables. */
export function report(context: Pick<BenchContext, 'quick' | 'machine'>, n: Counts, measured: Measured, durationMs: number): BenchmarkResult {
	const tables: Table[] = [
		{
			title: `Latency per request, n8n defaults (${n.requests} requests per variant and concurrency, interleaved rounds)`,
			columns: ['Concurrency', 'Variant', 'p50', 'p95', 'p99', 'req/s', 'Failed'],
			rows: [1, 20].flatMap((concurrency) =>
				VARIANTS.flatMap((variant) => {
					const pooled = measured[concurrency]?.[variant];
					if (!pooled) return [];
					const { p50, p95, p99 } = pooled.latency;
					return [[concurrency, LABELS[variant], formatMs(p50), formatMs(p95), formatMs(p99), pooled.perSecond, pooled.failed]];
				}),
			),
		},
		scaleCurve({
			title: `Scale check: latency from concurrency 1 to 20, n8n defaults (${n.requests * CURVE_SHARE} requests per variant at ${CURVE_STEPS.join(' and ')})`,
			unit: 'in flight',
			steps: [1, ...CURVE_STEPS, 20],
			variants: CURVE_VARIANTS.flatMap((variant) => (['p50', 'p99'] as const).map((metric) => ({ variant, metric }))),
			label: ({ variant, metric }) => `${LABELS[variant]}, ${metric}`,
			value: ({ variant, metric }, concurrency) => measured[concurrency]?.[variant]?.latency[metric] ?? Number.NaN,
			format: formatMs,
		}),
	];

	const headline: Headline[] = [];
	for (const [variant, suffix] of [['ours', ''], ['oursEarly', ', answered by Webhook Response']] as const) {
		for (const concurrency of [1, 20]) {
			const mine = measured[concurrency]?.[variant];
			const hand = measured[concurrency]?.handWired;
			if (!mine || !hand) continue;
			for (const metric of ['p50', 'p99'] as const) {
				headline.push({
					metric: `${metric}, concurrency ${concurrency}${suffix}`,
					ours: formatMs(mine.latency[metric]),
					baseline: formatMs(hand.latency[metric]),
					ratio: formatRatio(ratio(hand.latency[metric], mine.latency[metric])),
					goal: 'no worse than the baseline, with signatures verified',
					met: mine.latency[metric] <= hand.latency[metric] * (1 + NOISE) && mine.failed === 0,
				});
			}
		}
	}
	const floor = measured[1]?.floor;
	if (floor) {
		headline.push({
			metric: 'floor p50 / p99, concurrency 1 (node:http + the same HMAC check)',
			ours: `${formatMs(floor.latency.p50)} / ${formatMs(floor.latency.p99)}`,
			baseline: '—',
			ratio: '—',
			goal: 'reference',
			met: null,
		});
	}

	const notes: string[] = [];
	const check = measured[1];
	if (check?.ours && check.oursUnverified && check.handWired) {
		notes.push(
			`At concurrency 1 (p50): the signature check costs ${formatMs(check.ours.latency.p50 - check.oursUnverified.latency.p50)} inside n8n ` +
				`(Retell Trigger with vs without it); the Retell Trigger without the check is ${formatMs(check.oursUnverified.latency.p50 - check.handWired.latency.p50)} ` +
				`slower than the hand-wired Webhook → Set → Respond to Webhook.`,
		);
	}
	notes.push(
		`${n.requests} requests per variant at concurrency 1 and 20, ${n.requests * CURVE_SHARE} at ${CURVE_STEPS.join(' and ')}; requests time out after ` +
			`${TIMEOUT_MS / 1000} s (counted as failed). How n8n settings change these figures: "n8n settings explored", below.`,
	);
	if (context.quick) notes.push('Quick run (harness check): counts are a tenth of the full run.');

	return {
		name: 'custom-function',
		title: customFunction.title,
		machine: context.machine,
		durationMs,
		parameters: {
			n8nSettings: N8N_DESCRIPTION,
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
		raw: JSON.parse(JSON.stringify(measured)) as Json,
	};
}
