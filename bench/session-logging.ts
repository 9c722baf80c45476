/**
 * 3. Session logging throughput — call events (three per call, shuffled, 20% exact duplicates) into
 *    retell_call_sessions on the local Supabase stack.
 *
 * Ours:      Retell Supabase → Session → Log (batched calls of the order-independent merge function)
 * Baseline:  HTTP Request, one PostgREST upsert per item, as users build it today:
 *            POST /rest/v1/retell_call_sessions?on_conflict=call_id, Prefer: resolution=merge-duplicates,
 *            the call's fields mapped in the JSON body
 * Both:      Webhook (the events as one JSON array) → Split Out → the logging node; a control workflow without
 *            the logging node measures what the webhook and Split Out cost, and is subtracted.
 * After every run the table is compared with each call's final state, then emptied.
 */
import { Agent } from 'node:http';
import path from 'node:path';
import { CREDENTIALS } from '../scripts/n8n/examples';
import type { Benchmark, BenchContext } from './lib/context';
import { callEventStream, checkSessions, type EventStream, type TableCheck } from './lib/events';
import { interleave, send } from './lib/load';
import { BenchN8n } from './lib/n8n';
import { scaleCurve, type BenchmarkResult, type Headline, type Json, type Table } from './lib/report';
import { formatMs, formatRatio, median, ratio, round } from './lib/stats';
import { BenchSupabase } from './lib/supabase';
import { chain, httpRequestNode, NO_EXECUTION_DATA, RETELL_SUPABASE_TYPE, splitOutNode, webhookNode, webhookUuid, type NodeSpec } from './lib/workflows';

type Variant = 'ours' | 'oursLean' | 'hand' | 'control';
const VARIANTS: Variant[] = ['ours', 'oursLean', 'hand', 'control'];

const LABELS: Record<Variant, string> = {
	ours: 'Retell Supabase → Session → Log',
	oursLean: 'Retell Supabase → Session → Log, Include Session Row off',
	hand: 'HTTP Request: one PostgREST upsert per item',
	control: 'control: Webhook → Split Out only',
};

const PATHS: Record<Variant, string> = {
	ours: 'bench-log-ours',
	oursLean: 'bench-log-ours-lean',
	hand: 'bench-log-http',
	control: 'bench-log-control',
};

/** The mapping a user writes in the HTTP Request's JSON body (Retell sends epoch ms; PostgREST wants ISO times). */
const HAND_BODY =
	'={{ JSON.stringify({ ' +
	'call_id: $json.call.call_id, retell_agent_id: $json.call.agent_id, direction: $json.call.direction, ' +
	'from_number: $json.call.from_number, to_number: $json.call.to_number, call_status: $json.call.call_status, ' +
	'start_timestamp: $json.call.start_timestamp ? new Date($json.call.start_timestamp).toISOString() : undefined, ' +
	'end_timestamp: $json.call.end_timestamp ? new Date($json.call.end_timestamp).toISOString() : undefined, ' +
	'duration_ms: $json.call.duration_ms, disconnection_reason: $json.call.disconnection_reason, ' +
	'transcript: $json.call.transcript, recording_url: $json.call.recording_url, ' +
	'call_summary: $json.call.call_analysis?.call_summary, user_sentiment: $json.call.call_analysis?.user_sentiment, ' +
	'call_successful: $json.call.call_analysis?.call_successful, last_event: $json.event }) }}';

function loggingNode(variant: Variant, supabaseUrl: string, serviceRoleKey: string): NodeSpec | undefined {
	if (variant === 'control') return undefined;
	if (variant === 'ours' || variant === 'oursLean') {
		return {
			name: 'Log session',
			type: RETELL_SUPABASE_TYPE,
			typeVersion: 1,
			parameters: { resource: 'session', operation: 'log', options: variant === 'oursLean' ? { includeSession: false } : {} },
			credentials: { retellSupabaseApi: { ...CREDENTIALS.retellSupabaseApi } },
		};
	}
	return httpRequestNode({
		url: `${supabaseUrl}/rest/v1/retell_call_sessions?on_conflict=call_id`,
		headers: {
			apikey: serviceRoleKey,
			Authorization: `Bearer ${serviceRoleKey}`,
			Prefer: 'resolution=merge-duplicates',
		},
		jsonBodyExpression: HAND_BODY,
	});
}

interface RoundOutcome {
	events: number;
	wallMs: number;
	status: number;
	check?: TableCheck;
}

export const sessionLogging: Benchmark = {
	name: 'session-logging',
	title: '3. Session logging throughput',
	estimate: '3 min',
	async run(context: BenchContext): Promise<BenchmarkResult> {
		const started = Date.now();
		const scales = context.quick ? [100, 1000] : [1000, 2500, 5000, 10_000];
		const rounds = context.quick ? 2 : 3;
		const supabase = await BenchSupabase.start(path.join(context.workDir, 'session-logging-supabase.log'));
		context.defer(() => supabase.stop());
		const { url, serviceRoleKey } = supabase.connection;

		const n8n = await BenchN8n.create({
			name: 'session-logging',
			withPackage: true,
			workflows: VARIANTS.map((variant, index) => {
				const logging = loggingNode(variant, url, serviceRoleKey);
				return chain(
					`Log${index}`,
					`Bench: session logging (${LABELS[variant]})`,
					[webhookNode(webhookUuid(300 + index), PATHS[variant], 'lastNode'), splitOutNode('body.events'), ...(logging ? [logging] : [])],
					NO_EXECUTION_DATA,
				);
			}),
			credentials: { retell: { apiKey: 'unused', baseUrl: 'http://127.0.0.1:9' }, supabase: { host: url, serviceRole: serviceRoleKey } },
			probes: (origin) => VARIANTS.map((variant) => ({ url: `${origin}/webhook/${PATHS[variant]}`, method: 'POST' })),
			log: context.log,
		});
		context.defer(() => n8n.dispose());
		await n8n.start({ mode: 'regular' });
		const agent = new Agent({ keepAlive: true, maxSockets: 1 });

		const streams = new Map<number, EventStream>();
		const outcomes: Record<string, RoundOutcome[]> = {};
		const runRound = async (variant: Variant, events: number, roundIndex: number, scaleIndex: number): Promise<RoundOutcome> => {
			const prefix = `s${scaleIndex}${variant}r${roundIndex}`;
			const stream = callEventStream({ total: events, duplicateShare: 0.2, seed: 1000 + scaleIndex, prefix });
			streams.set(events, stream);
			await supabase.truncateSessions();
			const reply = await send(
				{ url: `${n8n.origin}/webhook/${PATHS[variant]}`, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events: stream.events }) },
				agent,
				900_000,
			);
			const outcome: RoundOutcome = { events, wallMs: round(reply.ms, 1), status: reply.status };
			if (variant !== 'control') outcome.check = await checkSessions(supabase, stream, prefix);
			return outcome;
		};
		try {
			await runRound('ours', 30, 9, 9);
			await runRound('hand', 30, 9, 9);
			await runRound('control', 30, 9, 9);
			for (const [scaleIndex, events] of scales.entries()) {
				const results = await interleave(
					rounds,
					VARIANTS.map((variant) => ({ name: variant, run: (roundIndex: number) => runRound(variant, events, roundIndex, scaleIndex) })),
					(variant, roundIndex, outcome) =>
						context.log(
							`  ${events} events, round ${roundIndex + 1}, ${variant.padEnd(7)} ${formatMs(outcome.wallMs).padStart(8)}  HTTP ${outcome.status}` +
								(outcome.check
									? `  rows ${outcome.check.rows}/${outcome.check.expectedRows}  differing ${outcome.check.differing}  ${JSON.stringify(outcome.check.wrongStatus)}`
									: ''),
						),
				);
				for (const [variant, list] of results) outcomes[`${variant}|${events}`] = list;
			}
		} finally {
			agent.destroy();
			await n8n.stop();
		}
		return report(context, scales, rounds, outcomes, streams, Date.now() - started);
	},
};

function report(
	context: BenchContext,
	scales: number[],
	rounds: number,
	outcomes: Record<string, RoundOutcome[]>,
	streams: Map<number, EventStream>,
	durationMs: number,
): BenchmarkResult {
	const wall = (variant: Variant, events: number): number => median((outcomes[`${variant}|${events}`] ?? []).map((outcome) => outcome.wallMs));
	const net = (variant: Variant, events: number): number => Math.max(1, wall(variant, events) - wall('control', events));
	const perSecond = (variant: Variant, events: number): number => round(events / (net(variant, events) / 1000), 0);
	const checks = (variant: Variant, events: number): TableCheck[] =>
		(outcomes[`${variant}|${events}`] ?? []).map((outcome) => outcome.check).filter((check): check is TableCheck => check !== undefined);

	const rows: Array<Array<string | number>> = [];
	for (const events of scales) {
		const stream = streams.get(events);
		for (const variant of VARIANTS) {
			const list = checks(variant, events);
			rows.push([
				events,
				LABELS[variant],
				formatMs(wall(variant, events)),
				variant === 'control' ? '—' : formatMs(net(variant, events)),
				variant === 'control' ? '—' : perSecond(variant, events),
				[...new Set((outcomes[`${variant}|${events}`] ?? []).map((outcome) => outcome.status))].join(', '),
				variant === 'control' ? '—' : `${list.map((check) => check.rows).join(', ')} of ${stream?.calls ?? '?'}`,
				variant === 'control' ? '—' : list.map((check) => check.differing + check.missing).join(', '),
				variant === 'control' ? '—' : list.map((check) => JSON.stringify(check.wrongStatus)).join(' '),
			]);
		}
	}
	const tables: Table[] = [
		{
			title: `Per run (median wall time of ${rounds} interleaved rounds; table checks listed per round)`,
			columns: ['Events', 'Variant', 'Wall time', 'minus control', 'Events/s', 'HTTP answer', 'Rows', 'Rows wrong or missing', 'Final status of the wrong rows'],
			rows,
		},
	];
	const small = scales[0];
	const large = scales[scales.length - 1];
	tables.push(
		scaleCurve({
			title: `Scale check: events/s from ${small.toLocaleString('en-US')} to ${large.toLocaleString('en-US')} events (net of the control)`,
			unit: 'events',
			steps: scales,
			variants: ['ours', 'oursLean', 'hand'] as const,
			label: (variant) => LABELS[variant],
			value: perSecond,
			format: String,
		}),
	);
	const oursChecks = [...checks('ours', large), ...checks('oursLean', large)];
	const handChecks = checks('hand', large);
	const headline: Headline[] = [
		{
			metric: `events/s, ${large.toLocaleString('en-US')} events`,
			ours: String(perSecond('ours', large)),
			baseline: String(perSecond('hand', large)),
			ratio: formatRatio(ratio(perSecond('ours', large), perSecond('hand', large))),
			goal: '≥ 20×',
			met: ratio(perSecond('ours', large), perSecond('hand', large)) >= 20,
		},
		{
			metric: `events/s, ${large.toLocaleString('en-US')} events, Include Session Row off`,
			ours: String(perSecond('oursLean', large)),
			baseline: String(perSecond('hand', large)),
			ratio: formatRatio(ratio(perSecond('oursLean', large), perSecond('hand', large))),
			goal: '≥ 20×',
			met: ratio(perSecond('oursLean', large), perSecond('hand', large)) >= 20,
		},
		{
			metric: `rows equal to each call's final state (${streams.get(large)?.calls ?? '?'} calls)`,
			ours: oursChecks.map((check) => (check.equal ? 'all' : `${check.differing + check.missing} wrong`)).join(', '),
			baseline: handChecks.map((check) => `${check.differing + check.missing} wrong`).join(', '),
			ratio: '—',
			goal: 'all rows final (ours)',
			met: oursChecks.length > 0 && oursChecks.every((check) => check.equal),
		},
	];
	const stream = streams.get(large);
	const notes = [
		`Stream: ${stream?.calls ?? '?'} calls × 3 events (call_started, call_ended, call_analyzed) + ${stream?.duplicates ?? '?'} exact duplicates (20%), shuffled with a fixed seed; every variant and round gets the same order.`,
		'Session → Log runs with its defaults (batches of 500 rows, 3 batches in flight, stored rows returned), and once more with Include Session Row off (output: call_id and action). The HTTP Request runs with its defaults (every item\'s request at once).',
		'Executions are not saved (workflow setting). "minus control" subtracts the median time of the same webhook and Split Out without the logging node.',
	];
	if (context.quick) notes.push(`Quick run: ${scales.join(' and ')} events instead of 1,000 to 10,000.`);
	return {
		name: 'session-logging',
		title: sessionLogging.title,
		machine: context.machine,
		durationMs,
		parameters: { scales, rounds, duplicateShare: 0.2, batchSize: 500 },
		headline,
		tables,
		notes,
		raw: JSON.parse(JSON.stringify(outcomes)) as Json,
	};
}
