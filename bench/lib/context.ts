import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { n8nInstall } from './n8n';
import type { MachineInfo } from './machine';
import type { BenchmarkResult } from './report';
import { ManagedProcess } from '../../scripts/n8n/process';
import { REPO_ROOT } from '../../scripts/n8n/paths';

export interface BenchContext {
	/** Smaller counts (about a tenth) for a quick check of the harness; results are marked as such. */
	quick: boolean;
	machine: MachineInfo;
	log(line: string): void;
	/** Registers a stop function; run.ts calls them in reverse order, also on failure and on Ctrl-C. */
	defer(stop: () => Promise<void>): void;
	/** A scratch folder for logs, removed at the end unless BENCH_KEEP=1. */
	workDir: string;
}

export interface Benchmark {
	name: string;
	title: string;
	/** Rough duration on the reference 2-core machine, for --list. */
	estimate: string;
	run(context: BenchContext): Promise<BenchmarkResult>;
}

/** The entries whose key is listed in the comma-separated environment variable, or all of them when it is unset. */
export function selectedByEnv<T extends { key: string }>(all: T[], variable: string): T[] {
	const keys = process.env[variable]?.split(',');
	return keys ? all.filter((entry) => keys.includes(entry.key)) : all;
}

export class Cleanup {
	private readonly stack: Array<() => Promise<void>> = [];

	push(stop: () => Promise<void>): void {
		this.stack.push(stop);
	}

	async run(log: (line: string) => void): Promise<void> {
		while (this.stack.length > 0) {
			const stop = this.stack.pop();
			if (stop) await stop().catch((error: unknown) => log(`cleanup failed: ${error instanceof Error ? error.message : String(error)}`));
		}
	}
}

export function makeWorkDir(): string {
	return mkdtempSync(path.join(tmpdir(), 'retell-bench-'));
}

export function removeWorkDir(dir: string): void {
	if (process.env.BENCH_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
}

/** Starts a TypeScript file of this repo as its own process on n8n's Node 24; resolves once it prints `listening <port>`. */
export async function startTsServer(
	name: string,
	file: string,
	env: Record<string, string>,
	workDir: string,
): Promise<{ port: number; process: ManagedProcess }> {
	const install = await n8nInstall();
	mkdirSync(workDir, { recursive: true });
	const managed = ManagedProcess.start(
		name,
		path.join(install.nodeBinDir, 'node'),
		['-r', path.join(REPO_ROOT, 'node_modules', 'ts-node', 'register', 'transpile-only'), path.join(REPO_ROOT, file)],
		{ env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, cwd: REPO_ROOT, logFile: path.join(workDir, `${name}.log`) },
	);
	const port = await new Promise<number>((resolve, reject) => {
		let buffered = '';
		const timer = setTimeout(() => reject(new Error(`${name} did not start within 30 s`)), 30_000);
		managed.child.stdout?.on('data', (chunk: Buffer) => {
			buffered += chunk.toString('utf8');
			const match = /listening (\d+)/.exec(buffered);
			if (match) {
				clearTimeout(timer);
				resolve(Number(match[1]));
			}
		});
		void managed.exited.then((code) => {
			clearTimeout(timer);
			reject(new Error(`${name} exited with ${code} before listening`));
		});
	}).catch(async (error: unknown) => {
		await managed.stop(2_000);
		throw error;
	});
	return { port, process: managed };
}
