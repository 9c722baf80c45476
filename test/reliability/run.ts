/**
 * The reliability run (`npm run reliability`): a real n8n with this package, the Retell emulator, the local Supabase
 * stack behind a fault proxy; for each fault, calls whose events are delivered as Retell delivers them while the
 * fault is played, then one Reconcile, then every row compared with the call. Regular mode first, then queue mode
 * (main, webhook processor, two workers, Redis). Figures go to docs/reliability.md.
 *   RELIABILITY_CALLS=200         calls per fault
 *   RELIABILITY_RATE=10           deliveries per second (at 20, n8n 2.41.1 on 2 cores answers "Database is not ready!")
 *   RELIABILITY_DB_POOL_SIZE=n    n8n's DB_POSTGRESDB_POOL_SIZE (n8n's default: 2)
 *   RELIABILITY_FAULTS=a,b        only these faults (keys in faults.ts)
 *   RELIABILITY_SEED=16           PRNG seed (order, duplicates, fault points)
 *   RELIABILITY_PATHS=log,door    where events go: Session → Log (examples/03), the trigger's own log (examples/14)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';

import { n8nVersionString } from '../../bench/lib/n8n';
import { randomKey, startN8n, type N8nProcess } from '../../scripts/n8n/n8n';
import { REPO_ROOT } from '../../scripts/n8n/paths';
import { killAllStarted } from '../../scripts/n8n/process';
import { startRedis, type RedisServer } from '../../scripts/n8n/redis';
import { startStack, type ExecutionMode, type Stack } from '../../scripts/n8n/stack';
import { startFaultProxy, type FaultProxy } from '../support/faults/proxy';
import { startPostgres, type PostgresCluster } from '../support/supabase-stack/postgres';
import { startSupabaseStack, type SupabaseStack } from '../support/supabase-stack/stack';
import { FAULTS, QUEUE_FAULTS, type Fault, type QueueTargets } from './faults';
import { updateDoc } from './report';
import { DOOR_LOG_WORKFLOW, LOG_WORKFLOW, runScenario, type ScenarioResult } from './scenario';

const PATHS: Record<string, string> = { log: LOG_WORKFLOW, door: DOOR_LOG_WORKFLOW };

/** Temporary folders of this run, removed at the end or on an interruption. */
const leftovers = new Set<string>();

function removeLeftovers(): void {
	for (const dir of leftovers) rmSync(dir, { recursive: true, force: true });
	leftovers.clear();
}

function signalQuietly(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(pid, signal);
	} catch {
		// Already gone.
	}
}

const OWNER = { email: 'reliability@example.com', password: 'Reliability-Passw0rd', firstName: 'Reliability', lastName: 'Run' };

interface Settings {
	/** The workflows each fault is played against, one after the other. */
	workflows: string[];
	calls: number;
	rate: number;
	seed: number;
	log: (line: string) => void;
}

/**
 * Queue mode's moving parts, with a second worker. A killed worker's process group goes (its task runner too);
 * Redis comes back on its port, so every n8n process reconnects to the address it was given.
 */
async function queueTargets(stack: Stack, stopLater: Array<() => Promise<void>>): Promise<QueueTargets> {
	const workerLog = (n: number): string => path.join(stack.logDir, `n8n-worker-${n}.log`);
	const startWorker = async (n: number): Promise<N8nProcess> => {
		const worker = await startN8n(stack.config, 'worker', { logFile: workerLog(n), extraArgs: ['--concurrency=5'] });
		stopLater.push(() => worker.process.stop());
		return worker;
	};
	const workers = stack.processes.filter((process) => process.role === 'worker');
	workers.push(await startWorker(workers.length + 1));
	let redis = stack.redis as RedisServer;
	let started = workers.length;
	return {
		killWorker: async () => {
			const victim = workers.shift();
			if (!victim?.process.child.pid) throw new Error('no worker to kill');
			process.kill(-victim.process.child.pid, 'SIGKILL');
			await victim.process.exited;
		},
		startWorker: async () => {
			workers.push(await startWorker(++started));
		},
		stopRedis: async () => await redis.process.stop(5_000),
		startRedis: async () => {
			redis = await startRedis({ logFile: path.join(stack.logDir, 'redis-again.log'), port: redis.port });
			const current = redis;
			stopLater.push(() => current.process.stop(5_000));
		},
	};
}

async function runMode(mode: ExecutionMode, faults: Fault[], settings: Settings, firstSeed: number): Promise<ScenarioResult[]> {
	const { log } = settings;
	const userFolder = mkdtempSync(path.join(tmpdir(), 'retell-reliability-'));
	leftovers.add(userFolder);
	const stopLater: Array<() => Promise<void>> = [];
	let n8nDatabase: PostgresCluster | undefined;
	let supabase: SupabaseStack | undefined;
	let proxy: FaultProxy | undefined;
	let stack: Stack | undefined;
	const results: ScenarioResult[] = [];
	try {
		supabase = await startSupabaseStack();
		proxy = await startFaultProxy(supabase.url);
		// n8n on PostgreSQL as docker/ ships it (SQLite's single writer times out under this load), in a cluster of its
		// own: the faults restart Supabase's, and n8n losing its own database is not what is measured here.
		const n8nDatabaseDir = mkdtempSync(path.join(tmpdir(), 'retell-reliability-n8n-db-'));
		leftovers.add(n8nDatabaseDir);
		n8nDatabase = await startPostgres(n8nDatabaseDir);
		const { pid } = n8nDatabase;
		// An interrupted run must not leave this cluster behind (the Supabase stack guards its own the same way).
		stopLater.push(async () => void process.removeListener('exit', quit));
		const quit = (): void => void signalQuietly(pid, 'SIGQUIT');
		process.once('exit', quit);
		stack = await startStack({
			mode,
			userFolder,
			encryptionKey: randomKey(),
			owner: OWNER,
			importExamples: 'always',
			publish: (example) => example.webhooks.length > 0,
			supabase: { url: proxy.url, serviceRoleKey: supabase.serviceRoleKey },
			n8nEnv: {
				DB_TYPE: 'postgresdb',
				DB_POSTGRESDB_HOST: '127.0.0.1',
				DB_POSTGRESDB_PORT: String(n8nDatabase.port),
				DB_POSTGRESDB_DATABASE: 'postgres',
				DB_POSTGRESDB_USER: 'postgres',
				...(process.env.RELIABILITY_DB_POOL_SIZE ? { DB_POSTGRESDB_POOL_SIZE: process.env.RELIABILITY_DB_POOL_SIZE } : {}),
			},
			log,
		});
		const queue = mode === 'queue' ? await queueTargets(stack, stopLater) : undefined;
		for (const [index, fault] of faults.entries()) {
			for (const workflow of settings.workflows) {
				log(`${mode} mode, fault ${fault.key}, ${workflow}: ${settings.calls} calls`);
				const result = await runScenario({ stack, targets: { supabase, proxy, queue }, log }, fault, {
					calls: settings.calls,
					duplicateShare: 0.2,
					rate: settings.rate,
					seed: firstSeed + index,
					workflow,
				});
				results.push(result);
				log(JSON.stringify(result));
			}
		}
	} finally {
		for (const stop of stopLater.reverse()) await stop().catch(() => undefined);
		await stack?.stop();
		await proxy?.stop();
		await supabase?.stop();
		await n8nDatabase?.stop();
		removeLeftovers();
	}
	return results;
}

/** What changes the figures (RELIABILITY_FAULTS only picks a part, and such a run leaves the page as it is). */
const SETTINGS_ENV = ['RELIABILITY_CALLS', 'RELIABILITY_RATE', 'RELIABILITY_SEED', 'RELIABILITY_DB_POOL_SIZE', 'RELIABILITY_PATHS'];

async function main(): Promise<void> {
	const started = Date.now();
	const paths = (process.env.RELIABILITY_PATHS ?? 'log,door').split(',').map((key) => key.trim());
	const unknown = paths.filter((key) => !(key in PATHS));
	if (unknown.length > 0) throw new Error(`RELIABILITY_PATHS: unknown ${unknown.join(', ')} (log, door)`);
	const settings: Settings = {
		workflows: paths.map((key) => PATHS[key]),
		calls: Number(process.env.RELIABILITY_CALLS ?? 200),
		rate: Number(process.env.RELIABILITY_RATE ?? 10),
		seed: Number(process.env.RELIABILITY_SEED ?? 16),
		log: (line) => void process.stdout.write(`[reliability +${((Date.now() - started) / 1000).toFixed(0)}s] ${line}\n`),
	};
	const only = process.env.RELIABILITY_FAULTS?.split(',').map((key) => key.trim());
	const pick = (faults: Fault[]): Fault[] => (only ? faults.filter((fault) => only.includes(fault.key)) : faults);

	const results: ScenarioResult[] = [];
	const regular = pick(FAULTS);
	if (regular.length > 0) results.push(...(await runMode('regular', regular, settings, settings.seed)));
	const queue = pick(QUEUE_FAULTS);
	if (queue.length > 0) results.push(...(await runMode('queue', queue, settings, settings.seed + 100)));

	const info = {
		n8nVersion: await n8nVersionString(),
		machine: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`,
		seed: settings.seed,
		calls: settings.calls,
		rate: settings.rate,
		startedAt: new Date(started).toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
		wallMs: Date.now() - started,
		command: [...SETTINGS_ENV.filter((name) => process.env[name]).map((name) => `${name}=${process.env[name]}`), 'npm run reliability'].join(' '),
	};
	const json = path.join(tmpdir(), `retell-reliability-${started}.json`);
	writeFileSync(json, JSON.stringify({ info, results }, null, 2));
	// The page's table holds a whole run: every fault, both paths.
	const updated = !only && !process.env.RELIABILITY_PATHS && updateDoc(path.join(REPO_ROOT, 'docs', 'reliability.md'), results, info);
	settings.log(`results in ${json}${updated ? '; docs/reliability.md updated' : ''}`);
	const bad = results.reduce(
		(sum, result) => sum + result.afterReconcile.missing + result.afterReconcile.wrong + result.functionCalls.wrong,
		0,
	);
	if (bad > 0) {
		settings.log(`${bad} rows lost or wrong after Reconcile, or wrong custom-function answers`);
		process.exitCode = 1;
	}
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, () => {
		killAllStarted();
		process.exitCode = 130;
		process.once('exit', removeLeftovers);
		process.exit();
	});
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	killAllStarted();
	process.exit(1);
});
