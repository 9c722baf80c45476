/**
 * npm run bench — n8n-nodes-retell against what users wire together by hand, side by side, in a real n8n.
 *
 *   node -r ts-node/register/transpile-only bench/run.ts [--only <name>[,<name>…]] [--quick] [--list] [--no-build] [--report]
 *
 * Benchmarks: custom-function, bulk-calls, session-logging, ingest, startup, door-logging (default: all, in that order).
 * Each writes its summary to bench/results/<name>.json (committed) and its pooled figures to bench/results/raw/
 * (git-ignored); docs/benchmarks.md's results block is regenerated from the summaries.
 * --quick runs about a tenth of the load, to check the harness (its results are marked and not comparable).
 * --report only regenerates docs/benchmarks.md from bench/results (after a change to the report's layout).
 * Everything started (n8n, workers, Redis, PostgreSQL, PostgREST, the emulator) is stopped at the end, on
 * failure and on Ctrl-C. BENCH_KEEP=1 keeps the scratch folders (n8n logs).
 * Load goes to 127.0.0.1 only.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cleanEnv, REPO_ROOT } from '../scripts/n8n/paths';
import { killAllStarted } from '../scripts/n8n/process';
import { bulkCalls } from './bulk-calls';
import { customFunction } from './custom-function';
import { doorLogging } from './door-logging';
import { ingest } from './ingest';
import { Cleanup, makeWorkDir, removeWorkDir, type Benchmark } from './lib/context';
import { machineInfo } from './lib/machine';
import { readResults, updateDoc, writeResult } from './lib/report';
import { sessionLogging } from './session-logging';
import { startup } from './startup';

const BENCHMARKS: Benchmark[] = [customFunction, bulkCalls, sessionLogging, ingest, startup, doorLogging];

interface Flags {
	only: string[];
	quick: boolean;
	list: boolean;
	build: boolean;
	report: boolean;
}

function parseFlags(argv: string[]): Flags {
	const flags: Flags = { only: [], quick: false, list: false, build: true, report: false };
	for (let index = 0; index < argv.length; index++) {
		const arg = argv[index];
		if (arg === '--only') flags.only.push(...(argv[++index] ?? '').split(',').filter(Boolean));
		else if (arg.startsWith('--only=')) flags.only.push(...arg.slice('--only='.length).split(',').filter(Boolean));
		else if (arg === '--quick') flags.quick = true;
		else if (arg === '--list') flags.list = true;
		else if (arg === '--no-build') flags.build = false;
		else if (arg === '--report') flags.report = true;
		else if (arg === '--help' || arg === '-h') {
			process.stdout.write(readFileSync(__filename, 'utf8').split('*/')[0].replace(/^\/\*\*?|^ \* ?/gm, ''));
			process.exit(0);
		} else {
			throw new Error(`unknown option ${arg} (try --help)`);
		}
	}
	const unknown = flags.only.filter((name) => !BENCHMARKS.some((benchmark) => benchmark.name === name));
	if (unknown.length > 0) throw new Error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
	return flags;
}

function say(line: string): void {
	process.stdout.write(`[bench +${((Date.now() - startedAt) / 1000).toFixed(0)}s] ${line}\n`);
}

const startedAt = Date.now();

function build(): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'], env: cleanEnv() });
		child.once('error', reject);
		child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`npm run build exited with ${code}`))));
	});
}

/** docs/benchmarks.md's results block, from every bench/results file in benchmark order. */
function regenerateDoc(): void {
	updateDoc(readResults(BENCHMARKS.map((benchmark) => benchmark.name)));
}

async function main(): Promise<void> {
	const flags = parseFlags(process.argv.slice(2));
	if (flags.list) {
		for (const benchmark of BENCHMARKS) say(`${benchmark.name.padEnd(16)} ~${benchmark.estimate.padEnd(7)} ${benchmark.title}`);
		return;
	}
	if (flags.report) {
		regenerateDoc();
		say('docs/benchmarks.md regenerated from bench/results');
		return;
	}
	const selected = flags.only.length > 0 ? BENCHMARKS.filter((benchmark) => flags.only.includes(benchmark.name)) : BENCHMARKS;
	const cleanup = new Cleanup();
	const workDir = makeWorkDir();
	let interrupted = false;
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.on(signal, () => {
			if (interrupted) {
				killAllStarted();
				process.exit(130);
			}
			interrupted = true;
			say(`${signal}: stopping everything that was started…`);
			void cleanup.run(say).finally(() => {
				killAllStarted();
				removeWorkDir(workDir);
				process.exit(130);
			});
		});
	}

	let failures = 0;
	try {
		if (flags.build) {
			say('npm run build');
			await build();
		}
		for (const benchmark of selected) {
			if (interrupted) break;
			say(`▶ ${benchmark.name} (${benchmark.title}, ~${benchmark.estimate})`);
			const benchmarkCleanup = new Cleanup();
			const began = Date.now();
			try {
				const machine = await machineInfo();
				const result = await benchmark.run({
					quick: flags.quick,
					machine,
					log: (line) => say(line),
					defer: (stop) => benchmarkCleanup.push(stop),
					workDir,
				});
				const file = writeResult(result);
				say(`✔ ${benchmark.name} in ${((Date.now() - began) / 60_000).toFixed(1)} min → ${file}`);
				for (const line of result.headline) {
					say(`   ${line.metric}: ours ${line.ours}, hand-wired ${line.baseline} (${line.ratio}) — goal ${line.goal}: ${line.met === null ? '—' : line.met ? 'met' : 'MISSED'}`);
				}
			} catch (error) {
				failures++;
				say(`✘ ${benchmark.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
			} finally {
				await benchmarkCleanup.run(say);
			}
		}
		regenerateDoc();
		say(`docs/benchmarks.md updated; total ${((Date.now() - startedAt) / 60_000).toFixed(1)} min`);
	} finally {
		await cleanup.run(say);
		removeWorkDir(workDir);
	}
	if (failures > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
	process.stderr.write(`npm run bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
	killAllStarted();
	process.exit(1);
});
