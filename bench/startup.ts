/**
 * 5. Cost of loading the package — n8n start-up time (spawn → /healthz/readiness 200) and idle memory, with and
 *    without n8n-nodes-retell installed as a community package, 5 runs each, alternating. Each user folder is
 *    started once first (database migrations), so every measured start is a warm one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startN8n, tail } from '../scripts/n8n/n8n';
import type { Benchmark, BenchContext } from './lib/context';
import { interleave, sleep } from './lib/load';
import { rssKiB } from './lib/machine';
import { BenchN8n } from './lib/n8n';
import type { BenchmarkResult, Headline, Json } from './lib/report';
import { formatMs, median, round } from './lib/stats';

/**
 * Idle settling time before memory is read. Measured: the main process holds ~710 MiB at readiness and drops to
 * ~440 MiB 11–12 s later and ~415 MiB after ~20 s, so a 10 s sample lands on either side of the drop.
 */
const IDLE_MS = 25_000;

type Variant = 'with' | 'without';

interface StartSample {
	readyMs: number;
	/** CPU time (user + system) the main process used until readiness, ms: far less sensitive to neighbours than wall time. */
	cpuToReadyMs: number;
	/** Main process resident memory right at readiness, MiB. */
	rssAtReadyMiB: number;
	/** Main process resident memory, MiB. */
	rssMainMiB: number;
	/** The main process and its children (the JS task runner), MiB. */
	rssGroupMiB: number;
}

/** utime + stime of a process, in ms (the kernel counts in clock ticks of 10 ms). */
function cpuMs(pid: number): number {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return (Number(fields[11]) + Number(fields[12])) * 10;
	} catch {
		return Number.NaN;
	}
}

/** Every process whose process group is `pgid` (n8n runs in its own group, task runners included). */
function groupRssKiB(pgid: number): number {
	let total = 0;
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			// Fields after the command name (which may contain spaces): state, ppid, pgrp, …
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			if (Number(fields[2]) === pgid) total += rssKiB(Number(entry));
		} catch {
			// the process ended meanwhile
		}
	}
	return total;
}

async function measureStart(n8n: BenchN8n, run: number): Promise<StartSample> {
	const url = `${n8n.origin}/healthz/readiness`;
	let readyAt: number | undefined;
	const started = performance.now();
	// startN8n polls every 250 ms; this poller gives readiness to ~20 ms.
	const poller = (async (): Promise<void> => {
		const deadline = Date.now() + 180_000;
		while (readyAt === undefined && Date.now() < deadline) {
			try {
				const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
				await response.arrayBuffer();
				if (response.status === 200) readyAt = performance.now();
			} catch {
				// not listening yet
			}
			if (readyAt === undefined) await sleep(20);
		}
	})();
	const logFile = path.join(n8n.userFolder, `startup-${run}.log`);
	const main = await startN8n({ ...n8n.config, env: { ...n8n.config.env, EXECUTIONS_MODE: 'regular' } }, 'start', { port: n8n.port, logFile });
	try {
		await poller;
		if (readyAt === undefined) throw new Error(`n8n not ready (${logFile})`);
		const failure = /Failed to load package[\s\S]{0,400}/.exec(tail(logFile, 400));
		if (failure) throw new Error(`n8n could not load a package:\n${failure[0]}`);
		const pid = main.process.pid ?? 0;
		const cpuToReadyMs = cpuMs(pid);
		const rssAtReadyMiB = round(rssKiB(pid) / 1024, 1);
		await sleep(IDLE_MS);
		return {
			readyMs: round(readyAt - started, 0),
			cpuToReadyMs,
			rssAtReadyMiB,
			rssMainMiB: round(rssKiB(pid) / 1024, 1),
			rssGroupMiB: round(groupRssKiB(pid) / 1024, 1),
		};
	} finally {
		await main.process.stop();
	}
}

export const startup: Benchmark = {
	name: 'startup',
	title: '5. Cost of loading the package',
	estimate: '6 min',
	async run(context: BenchContext): Promise<BenchmarkResult> {
		const began = Date.now();
		const runs = context.quick ? 2 : 5;
		const folders: Record<Variant, BenchN8n> = {
			with: await BenchN8n.create({ name: 'startup-with', withPackage: true, workflows: [], probes: () => [], log: context.log }),
			without: await BenchN8n.create({ name: 'startup-without', withPackage: false, workflows: [], probes: () => [], log: context.log }),
		};
		context.defer(() => folders.with.dispose());
		context.defer(() => folders.without.dispose());
		for (const variant of ['with', 'without'] as const) await measureStart(folders[variant], 0);
		let run = 0;
		const results = await interleave<StartSample>(
			runs,
			(['with', 'without'] as const).map((variant) => ({ name: variant, run: () => measureStart(folders[variant], ++run) })),
			(variant, roundIndex, sample) =>
				context.log(
					`  run ${roundIndex + 1} ${variant.padEnd(8)} ready ${formatMs(sample.readyMs)} (CPU ${formatMs(sample.cpuToReadyMs)})  RSS at ready ${sample.rssAtReadyMiB} MiB, idle ${sample.rssMainMiB} MiB, with task runner ${sample.rssGroupMiB} MiB`,
				),
		);
		const samples = (variant: Variant): StartSample[] => results.get(variant) ?? [];
		const med = (variant: Variant, key: keyof StartSample): number => median(samples(variant).map((sample) => sample[key]));
		const readyWith = med('with', 'readyMs');
		const readyWithout = med('without', 'readyMs');
		const rssWith = med('with', 'rssMainMiB');
		const rssWithout = med('without', 'rssMainMiB');
		const timeIncrease = round(((readyWith - readyWithout) / readyWithout) * 100, 1);
		const fastestWith = Math.min(...samples('with').map((sample) => sample.readyMs));
		const fastestWithout = Math.min(...samples('without').map((sample) => sample.readyMs));
		const fastestIncrease = round(((fastestWith - fastestWithout) / fastestWithout) * 100, 1);
		const cpuWith = med('with', 'cpuToReadyMs');
		const cpuWithout = med('without', 'cpuToReadyMs');
		const cpuIncrease = round(((cpuWith - cpuWithout) / cpuWithout) * 100, 1);
		const headline: Headline[] = [
			{
				metric: 'start-up to readiness (median of 5)',
				ours: formatMs(readyWith),
				baseline: `${formatMs(readyWithout)} (without the package)`,
				ratio: `${timeIncrease >= 0 ? '+' : ''}${timeIncrease}%`,
				goal: '≤ +5%',
				met: timeIncrease <= 5,
			},
			{
				metric: 'start-up to readiness, fastest of 5 (least disturbed by other load)',
				ours: formatMs(fastestWith),
				baseline: `${formatMs(fastestWithout)} (without the package)`,
				ratio: `${fastestIncrease >= 0 ? '+' : ''}${fastestIncrease}%`,
				goal: '≤ +5%',
				met: fastestIncrease <= 5,
			},
			{
				metric: 'CPU time until readiness (median of 5)',
				ours: formatMs(cpuWith),
				baseline: `${formatMs(cpuWithout)} (without the package)`,
				ratio: `${cpuIncrease >= 0 ? '+' : ''}${cpuIncrease}%`,
				goal: '≤ +5%',
				met: cpuIncrease <= 5,
			},
			{
				metric: 'idle RSS of the main process (median of 5)',
				ours: `${rssWith} MiB`,
				baseline: `${rssWithout} MiB (without the package)`,
				ratio: `${rssWith - rssWithout >= 0 ? '+' : ''}${round(rssWith - rssWithout, 1)} MiB`,
				goal: '≤ +30 MB',
				met: (rssWith - rssWithout) * 1.048576 <= 30,
			},
		];
		const row = (variant: Variant): Array<string | number> => [
			variant === 'with' ? 'with n8n-nodes-retell' : 'without',
			samples(variant).map((sample) => formatMs(sample.readyMs)).join(', '),
			formatMs(med(variant, 'readyMs')),
			formatMs(Math.min(...samples(variant).map((sample) => sample.readyMs))),
			formatMs(med(variant, 'cpuToReadyMs')),
			samples(variant).map((sample) => sample.rssMainMiB).join(', '),
			med(variant, 'rssMainMiB'),
			med(variant, 'rssGroupMiB'),
			med(variant, 'rssAtReadyMiB'),
		];
		return {
			name: 'startup',
			title: startup.title,
			machine: context.machine,
			durationMs: Date.now() - began,
			parameters: { runs, idleMs: IDLE_MS, database: 'SQLite (existing, migrated)', installRoute: 'community package folder (.n8n/nodes)' },
			headline,
			tables: [
				{
					title: `n8n start (warm database) to /healthz/readiness, and RSS after ${IDLE_MS / 1000} s idle; ${runs} alternating runs each`,
					columns: ['Package', 'Ready after (each run)', 'Median', 'Fastest', 'CPU until ready, median', 'RSS main, MiB (each run)', 'RSS main, median MiB', 'RSS with task runner, median MiB', 'RSS main at readiness, median MiB'],
					rows: [row('with'), row('without')],
				},
			],
			notes: [
				'Wall time to readiness moves by ±30% with other load on a 2-core machine; CPU time until readiness is the steadier measure of what loading the package costs.',
				'The package\'s runtime dependencies (retell-sdk, @supabase/supabase-js) are loaded on first use, not at start-up.',
				...(context.quick ? ['Quick run (harness check).'] : []),
			],
			raw: JSON.parse(JSON.stringify(Object.fromEntries(results))) as Json,
		};
	},
};
