/**
 * 2. Bulk outbound calls — N Create Phone Call items against the Retell emulator with 100 ms latency and an
 *    account limit of 20 API requests in flight (429 beyond it).
 *
 * Ours:      Retell → Call → Create Phone Call, Options → Concurrency 20 (the account limit)
 * Baselines: HTTP Request POST /v2/create-phone-call with a Bearer header, as users build it:
 *            - its defaults (every item's request at once),
 *            - its defaults plus the node's Retry On Fail (3 tries, 1 s apart),
 *            - Options → Batching with Items per Batch 20 (the account limit) and the default 1,000 ms interval:
 *              the first setting that places every call.
 * Each workflow: Webhook (the call list as JSON) → Split Out → the calling node; a control workflow without
 * the calling node measures what the webhook and Split Out cost. Variants alternate round by round, at 100, 250,
 * 500 and 1,000 items (the scale curve).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { seedDemoAccount } from '../scripts/n8n/demo-seed';
import { DEMO_PHONE_NUMBER , CREDENTIALS } from '../scripts/n8n/examples';
import { startRetellEmulator, type RetellEmulator } from '../test/support/retell-emulator';
import type { Benchmark, BenchContext } from './lib/context';
import { interleave, send } from './lib/load';
import { BenchN8n } from './lib/n8n';
import { scaleCurve, type BenchmarkResult, type Headline, type Json, type Table } from './lib/report';
import { formatMs, formatRatio, median, ratio, round } from './lib/stats';
import { chain, httpRequestNode, NO_EXECUTION_DATA, RETELL_TYPE, splitOutNode, webhookNode, webhookUuid, type NodeSpec } from './lib/workflows';
import { Agent } from 'node:http';

const LATENCY_MS = 100;
const ACCOUNT_LIMIT = 20;

type Variant = 'ours' | 'handDefault' | 'handRetry' | 'handBatched' | 'control';

const VARIANTS: Variant[] = ['ours', 'handDefault', 'handRetry', 'handBatched', 'control'];

const LABELS: Record<Variant, string> = {
	ours: 'Retell → Create Phone Call (Concurrency 20)',
	handDefault: 'HTTP Request, defaults',
	handRetry: 'HTTP Request, defaults + Retry On Fail',
	handBatched: 'HTTP Request, Batching 20 items / 1,000 ms',
	control: 'control: Webhook → Split Out only',
};

const PATHS: Record<Variant, string> = {
	ours: 'bench-calls-ours',
	handDefault: 'bench-calls-http-default',
	handRetry: 'bench-calls-http-retry',
	handBatched: 'bench-calls-http-batched',
	control: 'bench-calls-control',
};

function callingNode(variant: Variant, emulator: RetellEmulator): NodeSpec | undefined {
	if (variant === 'control') return undefined;
	if (variant === 'ours') {
		return {
			name: 'Place call',
			type: RETELL_TYPE,
			typeVersion: 1,
			parameters: {
				resource: 'call',
				operation: 'createPhoneCall',
				fromNumber: { __rl: true, mode: 'id', value: DEMO_PHONE_NUMBER },
				toNumber: '={{ $json.to_number }}',
				options: { concurrency: ACCOUNT_LIMIT },
			},
			credentials: { retellApi: { ...CREDENTIALS.retellApi } },
		};
	}
	return httpRequestNode({
		url: `${emulator.url}/v2/create-phone-call`,
		headers: { Authorization: `Bearer ${emulator.apiKey}` },
		jsonBodyExpression: `={{ JSON.stringify({ from_number: "${DEMO_PHONE_NUMBER}", to_number: $json.to_number }) }}`,
		requestOptions: variant === 'handBatched' ? { batching: { batch: { batchSize: ACCOUNT_LIMIT, batchInterval: 1000 } } } : {},
		nodeSettings: variant === 'handRetry' ? { retryOnFail: true } : {},
	});
}

function workflows(emulator: RetellEmulator): ReturnType<typeof chain>[] {
	return VARIANTS.map((variant, index) => {
		const calling = callingNode(variant, emulator);
		return chain(
			`Calls${index}`,
			`Bench: bulk calls (${LABELS[variant]})`,
			[webhookNode(webhookUuid(200 + index), PATHS[variant], 'lastNode'), splitOutNode('body.calls'), ...(calling ? [calling] : [])],
			NO_EXECUTION_DATA,
		);
	});
}

interface RoundOutcome {
	items: number;
	wallMs: number;
	status: number;
	/** Calls the emulator created for this round's numbers. */
	created: number;
	distinct: number;
	duplicates: number;
	/** Items whose number got no call at all. */
	failedItems: number;
	/** Create-phone-call requests the emulator answered with 429 during the round. */
	rateLimited: number;
	requests: number;
}

/** +1 415 <variant><round><scale><4-digit index>: every item of every run has its own number. */
function numberPrefix(variant: Variant, roundIndex: number, scaleIndex: number): string {
	return `+1415${VARIANTS.indexOf(variant)}${roundIndex}${scaleIndex}`;
}

async function runRound(
	n8n: BenchN8n,
	emulator: RetellEmulator,
	variant: Variant,
	items: number,
	roundIndex: number,
	scaleIndex: number,
	agent: Agent,
): Promise<RoundOutcome> {
	const prefix = numberPrefix(variant, roundIndex, scaleIndex);
	const calls = Array.from({ length: items }, (_, index) => ({ to_number: `${prefix}${String(index).padStart(4, '0')}` }));
	const requestsBefore = emulator.requests.length;
	const reply = await send(
		{ url: `${n8n.origin}/webhook/${PATHS[variant]}`, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ calls }) },
		agent,
		600_000,
	);
	// Retries of the node may still be running when a failed execution answers; let them land before counting.
	if (variant === 'handRetry' || reply.status !== 200) await new Promise((resolve) => setTimeout(resolve, 1_500));
	const placed = [...emulator.state.calls.values()].filter((call) => 'to_number' in call && typeof call.to_number === 'string' && call.to_number.startsWith(prefix));
	const numbers = new Set(placed.map((call) => ('to_number' in call ? String(call.to_number) : '')));
	const requests = emulator.requests.slice(requestsBefore).filter((request) => request.path === '/v2/create-phone-call');
	return {
		items,
		wallMs: round(reply.ms, 1),
		status: reply.status,
		created: placed.length,
		distinct: numbers.size,
		duplicates: placed.length - numbers.size,
		failedItems: items - numbers.size,
		rateLimited: requests.filter((request) => request.status === 429).length,
		requests: requests.length,
	};
}

export const bulkCalls: Benchmark = {
	name: 'bulk-calls',
	title: '2. Bulk outbound calls',
	estimate: '7 min',
	async run(context: BenchContext): Promise<BenchmarkResult> {
		const started = Date.now();
		const scales = context.quick ? [10, 100] : [100, 250, 500, 1000];
		const rounds = context.quick ? 2 : 3;
		mkdirSync(path.join(context.workDir, 'bulk-calls'), { recursive: true });

		const emulator = await startRetellEmulator({ latencyMs: LATENCY_MS, concurrencyLimit: ACCOUNT_LIMIT, autoSimulateCalls: false });
		context.defer(() => emulator.close());
		await seedDemoAccount({ apiKey: emulator.apiKey, baseUrl: emulator.url }, {});

		const n8n = await BenchN8n.create({
			name: 'bulk-calls',
			withPackage: true,
			workflows: workflows(emulator),
			credentials: { retell: { apiKey: emulator.apiKey, baseUrl: emulator.url }, supabase: { host: 'http://127.0.0.1:9', serviceRole: 'unused' } },
			probes: (origin) => VARIANTS.map((variant) => ({ url: `${origin}/webhook/${PATHS[variant]}`, method: 'POST' })),
			log: context.log,
		});
		context.defer(() => n8n.dispose());
		await n8n.start({ mode: 'regular' });
		const agent = new Agent({ keepAlive: true, maxSockets: 1 });

		const outcomes: Record<string, RoundOutcome[]> = {};
		try {
			// Warm-up: every workflow once, small.
			for (const variant of VARIANTS) await runRound(n8n, emulator, variant, 5, 9, 9, agent);
			for (const [scaleIndex, items] of scales.entries()) {
				const results = await interleave(
					rounds,
					VARIANTS.map((variant) => ({ name: variant, run: (roundIndex: number) => runRound(n8n, emulator, variant, items, roundIndex, scaleIndex, agent) })),
					(variant, roundIndex, outcome) =>
						context.log(
							`  ${items} items, round ${roundIndex + 1}, ${variant.padEnd(11)} ${formatMs(outcome.wallMs).padStart(8)}  HTTP ${outcome.status}  ` +
								`calls ${outcome.distinct}/${items}  duplicates ${outcome.duplicates}  429s ${outcome.rateLimited}`,
						),
				);
				for (const [variant, list] of results) outcomes[`${variant}|${items}`] = list;
			}
		} finally {
			agent.destroy();
			await n8n.stop();
		}
		return report(context, scales, rounds, outcomes, Date.now() - started);
	},
};

function report(
	context: BenchContext,
	scales: number[],
	rounds: number,
	outcomes: Record<string, RoundOutcome[]>,
	durationMs: number,
): BenchmarkResult {
	const wall = (variant: Variant, items: number): number => median((outcomes[`${variant}|${items}`] ?? []).map((outcome) => outcome.wallMs));
	const total = (variant: Variant, items: number, key: 'failedItems' | 'duplicates' | 'rateLimited' | 'requests'): number =>
		(outcomes[`${variant}|${items}`] ?? []).reduce((sum, outcome) => sum + outcome[key], 0);
	const statuses = (variant: Variant, items: number): string =>
		[...new Set((outcomes[`${variant}|${items}`] ?? []).map((outcome) => outcome.status))].join(', ');

	const rows: Array<Array<string | number>> = [];
	for (const items of scales) {
		for (const variant of VARIANTS) {
			const list = outcomes[`${variant}|${items}`] ?? [];
			rows.push([
				items,
				LABELS[variant],
				formatMs(wall(variant, items)),
				variant === 'control' ? '—' : formatMs(wall(variant, items) - wall('control', items)),
				statuses(variant, items),
				variant === 'control' ? '—' : `${list.reduce((sum, o) => sum + o.distinct, 0)} / ${items * list.length}`,
				variant === 'control' ? '—' : total(variant, items, 'failedItems'),
				variant === 'control' ? '—' : total(variant, items, 'duplicates'),
				variant === 'control' ? '—' : `${total(variant, items, 'rateLimited')} of ${total(variant, items, 'requests')}`,
			]);
		}
	}
	const tables: Table[] = [
		{
			title: `Wall time per run (median of ${rounds} interleaved rounds) and what reached Retell (summed over the rounds)`,
			columns: ['Items', 'Variant', 'Wall time', 'minus control', 'HTTP answer', 'Numbers called', 'Items with no call', 'Duplicate calls', '429s from Retell'],
			rows,
		},
	];
	const small = scales[0];
	const large = scales[scales.length - 1];
	const curve = scaleCurve({
		title: `Scale check: wall time from ${small} to ${large} items`,
		unit: 'items',
		steps: scales,
		variants: VARIANTS,
		label: (variant) => LABELS[variant],
		value: wall,
		format: formatMs,
	});
	const ideal = (items: number): number => (items / ACCOUNT_LIMIT) * LATENCY_MS;
	curve.rows.push([
		`floor for any client (${ACCOUNT_LIMIT} in flight × ${LATENCY_MS} ms)`,
		...scales.map((items) => formatMs(ideal(items))),
		`${(ideal(large) / ideal(small)).toFixed(2)}×`,
	]);
	curve.rows.push([
		'Retell node ÷ floor',
		...scales.map((items) => `${(wall('ours', items) / ideal(items)).toFixed(2)}×`),
		'—',
	]);
	tables.push(curve);

	const headline: Headline[] = [];
	const ours = wall('ours', large);
	const batched = wall('handBatched', large);
	headline.push({
		metric: `wall time, ${large} calls (every call placed)`,
		ours: formatMs(ours),
		baseline: `${formatMs(batched)} (Batching 20/1 s)`,
		ratio: formatRatio(ratio(batched, ours)),
		goal: '≥ 10× faster',
		met: ratio(batched, ours) >= 10,
	});
	const oursList = outcomes[`ours|${large}`] ?? [];
	headline.push({
		metric: `${large} calls: numbers called / failed items / duplicates`,
		ours: `${oursList.map((o) => o.distinct).join(', ')} / ${total('ours', large, 'failedItems')} / ${total('ours', large, 'duplicates')}`,
		baseline: `defaults: ${median((outcomes[`handDefault|${large}`] ?? []).map((o) => o.distinct))} / ${median((outcomes[`handDefault|${large}`] ?? []).map((o) => o.failedItems))} / ${median((outcomes[`handDefault|${large}`] ?? []).map((o) => o.duplicates))}; with Retry On Fail: ${median((outcomes[`handRetry|${large}`] ?? []).map((o) => o.distinct))} / ${median((outcomes[`handRetry|${large}`] ?? []).map((o) => o.failedItems))} / ${median((outcomes[`handRetry|${large}`] ?? []).map((o) => o.duplicates))} (medians per run)`,
		ratio: '—',
		goal: `${large} distinct calls, 0 duplicates, 0 failed items`,
		met: oursList.length > 0 && oursList.every((o) => o.distinct === large && o.duplicates === 0 && o.failedItems === 0),
	});
	const notes = [
		`Emulator: latencyMs ${LATENCY_MS}, concurrencyLimit ${ACCOUNT_LIMIT} (API requests in flight, latency included; the next one gets 429), calls not simulated (they stay registered).`,
		'Executions are not saved (workflow setting), so wall time is the nodes\' work, not SQLite writing 1,000-item executions.',
		`Ideal for ${large} calls at ${ACCOUNT_LIMIT} in flight and ${LATENCY_MS} ms each: ${formatMs((large / ACCOUNT_LIMIT) * LATENCY_MS)}.`,
	];
	if (context.quick) notes.push(`Quick run: ${scales.join(' and ')} items instead of 100 to 1,000.`);
	return {
		name: 'bulk-calls',
		title: bulkCalls.title,
		machine: context.machine,
		durationMs,
		parameters: { scales, rounds, emulatorLatencyMs: LATENCY_MS, accountConcurrencyLimit: ACCOUNT_LIMIT, nodeConcurrency: ACCOUNT_LIMIT },
		headline,
		tables,
		notes,
		raw: JSON.parse(JSON.stringify(outcomes)) as Json,
	};
}
