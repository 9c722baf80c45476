import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApiKey, ownerEnv, PublicApi, type Owner } from '../../scripts/n8n/api';
import { credentialsForImport, type CredentialValues, type WorkflowJson } from '../../scripts/n8n/examples';
import { installPackageInto } from '../../scripts/n8n/install-package';
import { ensureN8n, n8nCli, packageLoadFailure, randomKey, startN8n, tail, type N8nConfig, type N8nInstall, type N8nProcess } from '../../scripts/n8n/n8n';
import { freePort } from '../../scripts/n8n/ports';
import { startRedis, type RedisServer } from '../../scripts/n8n/redis';
import { waitForWebhook } from '../../scripts/n8n/stack';

export const BENCH_OWNER: Owner = {
	email: 'bench-owner@example.com',
	password: 'Bench-Owner-Passw0rd',
	firstName: 'Bench',
	lastName: 'Owner',
};

let installPromise: Promise<N8nInstall> | undefined;

/** scripts/ensure-n8n.sh once per run (a no-op when the cache is warm). */
export function n8nInstall(): Promise<N8nInstall> {
	installPromise ??= ensureN8n();
	return installPromise;
}

export async function n8nVersionString(): Promise<string> {
	const install = await n8nInstall();
	const manifest = JSON.parse(readFileSync(path.join(install.n8nDir, 'node_modules', 'n8n', 'package.json'), 'utf8')) as { version?: string };
	return manifest.version ?? 'unknown';
}

/** n8n's own data in a database of the bench's PostgreSQL (as docker/ ships it; SQLite's single writer times out under load). */
export function n8nPostgresEnv(databaseUrl: string, database: string): Record<string, string> {
	const db = new URL(databaseUrl);
	return {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: db.hostname,
		DB_POSTGRESDB_PORT: db.port,
		DB_POSTGRESDB_DATABASE: database,
		DB_POSTGRESDB_USER: decodeURIComponent(db.username),
		DB_POSTGRESDB_PASSWORD: decodeURIComponent(db.password),
		DB_POSTGRESDB_SCHEMA: 'public',
	};
}

export interface RunSettings {
	mode: 'regular' | 'queue';
	/** Queue mode: number of `n8n worker` processes. */
	workers?: number;
	/** Queue mode: jobs per worker (n8n's default is 10). */
	workerConcurrency?: number;
	/**
	 * Queue mode: number of `n8n webhook` processes (default none: the main process receives the webhooks). Each
	 * listens on its own port; `webhookOrigins` lists them for a load generator to spread its requests over.
	 */
	webhookProcessors?: number;
	/** Extra environment for every n8n process (EXECUTIONS_DATA_SAVE_ON_SUCCESS…). */
	env?: Record<string, string>;
}

export interface WebhookProbe {
	url: string;
	method: string;
}

/**
 * One n8n user folder for a benchmark: this package installed as a community package (as n8n's own installer
 * does), credentials and workflows imported with fixed ids, and n8n started (and restarted with other settings)
 * through the launcher in scripts/n8n. Everything it starts is stopped by stop()/dispose().
 */
export class BenchN8n {
	processes: N8nProcess[] = [];
	redis?: RedisServer;
	api?: PublicApi;
	private published = false;
	private starts = 0;

	private constructor(
		readonly name: string,
		readonly userFolder: string,
		readonly config: N8nConfig,
		readonly port: number,
		private readonly workflows: WorkflowJson[],
		private readonly probes: WebhookProbe[],
		private readonly log: (line: string) => void,
	) {}

	static async create(options: {
		name: string;
		withPackage: boolean;
		workflows: WorkflowJson[];
		/** Requests that reach each webhook once it is registered (anything but 404). */
		probes: (origin: string) => WebhookProbe[];
		credentials?: CredentialValues;
		/** Environment for every n8n process and CLI command of this user folder (e.g. its database). */
		env?: Record<string, string>;
		log: (line: string) => void;
	}): Promise<BenchN8n> {
		const install = await n8nInstall();
		const userFolder = mkdtempSync(path.join(tmpdir(), `retell-bench-${options.name}-`));
		try {
			if (options.withPackage) await installPackageInto(userFolder);
			const port = await freePort();
			const config: N8nConfig = {
				install,
				userFolder,
				encryptionKey: randomKey(),
				env: {
					N8N_PORT: String(port),
					WEBHOOK_URL: `http://127.0.0.1:${port}/`,
					...ownerEnv(install, BENCH_OWNER),
					...options.env,
				},
			};
			const importDir = path.join(userFolder, 'import');
			mkdirSync(path.join(importDir, 'workflows'), { recursive: true });
			if (options.credentials) {
				const file = path.join(importDir, 'credentials.json');
				writeFileSync(file, JSON.stringify(credentialsForImport(options.credentials), null, 2));
				await importChecked(config, ['import:credentials', `--input=${file}`]);
			}
			if (options.workflows.length > 0) {
				for (const workflow of options.workflows) {
					writeFileSync(path.join(importDir, 'workflows', `${workflow.id}.json`), JSON.stringify(workflow, null, 2));
				}
				await importChecked(config, ['import:workflow', '--separate', `--input=${path.join(importDir, 'workflows')}`]);
			}
			const origin = `http://127.0.0.1:${port}`;
			return new BenchN8n(options.name, userFolder, config, port, options.workflows, options.probes(origin), options.log);
		} catch (error) {
			rmSync(userFolder, { recursive: true, force: true });
			throw error;
		}
	}

	get origin(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	/** Where production webhooks are received: the webhook processors when there are any, else the main process. */
	get webhookOrigins(): string[] {
		const webhooks = this.processes.filter((proc) => proc.role === 'webhook').map((proc) => proc.url);
		return webhooks.length > 0 ? webhooks : [this.origin];
	}

	/** The main process's id (for a CPU profile or its memory), while it runs. */
	get mainPid(): number | undefined {
		return this.processes.find((proc) => proc.role === 'start')?.process.pid;
	}

	get logDir(): string {
		return path.join(this.userFolder, 'logs');
	}

	/** Starts n8n (main, then Redis and workers in queue mode), publishes the workflows once, waits for webhooks. */
	async start(settings: RunSettings): Promise<void> {
		if (this.processes.length > 0) throw new Error(`${this.name}: already running`);
		const run = ++this.starts;
		mkdirSync(this.logDir, { recursive: true });
		const env: Record<string, string> = { ...this.config.env, ...settings.env };
		if (settings.mode === 'queue') {
			this.redis = await startRedis({ logFile: path.join(this.logDir, `redis-${run}.log`) });
			Object.assign(env, {
				EXECUTIONS_MODE: 'queue',
				QUEUE_BULL_REDIS_HOST: this.redis.host,
				QUEUE_BULL_REDIS_PORT: String(this.redis.port),
			});
		} else {
			env.EXECUTIONS_MODE = 'regular';
		}
		const config: N8nConfig = { ...this.config, env };
		const started = Date.now();
		try {
			const main = await startN8n(config, 'start', { port: this.port, logFile: path.join(this.logDir, `main-${run}.log`) });
			this.processes.push(main);
			const failure = packageLoadFailure(tail(main.process.logFile, 400));
			if (failure) throw new Error(`n8n could not load n8n-nodes-retell:\n${failure}`);
			if (settings.mode === 'queue') {
				const workers = await Promise.all(
					Array.from({ length: settings.workers ?? 1 }, (_, index) =>
						startN8n(config, 'worker', {
							logFile: path.join(this.logDir, `worker-${run}-${index + 1}.log`),
							extraArgs: [`--concurrency=${settings.workerConcurrency ?? 10}`],
						}),
					),
				);
				this.processes.push(...workers);
				// Main ran the migrations; the webhook processors start side by side, each on a port of its own.
				const webhooks = await Promise.all(
					Array.from({ length: settings.webhookProcessors ?? 0 }, (_, index) =>
						startN8n(config, 'webhook', { logFile: path.join(this.logDir, `webhook-${run}-${index + 1}.log`) }),
					),
				);
				this.processes.push(...webhooks);
			}
			this.api = new PublicApi(this.origin, await createApiKey(this.origin, BENCH_OWNER, `bench-${this.name}-${Date.now()}-${run}`));
			if (!this.published) {
				for (const workflow of this.workflows) await this.api.publish(workflow.id);
				this.published = true;
			}
			// Readiness comes before the published webhooks are registered (on main and on every webhook processor).
			for (const origin of new Set([this.origin, ...this.webhookOrigins])) {
				for (const probe of this.probes) await waitForWebhook(probe.url.replace(this.origin, origin), probe.method, 60_000);
			}
		} catch (error) {
			await this.stop();
			throw error;
		}
		const webhookProcessors = settings.webhookProcessors ? `, ${settings.webhookProcessors} webhook processor(s)` : '';
		this.log(
			`n8n ${settings.mode}${settings.mode === 'queue' ? ` (${settings.workers ?? 1} worker(s)${webhookProcessors})` : ''} ready in ` +
				`${((Date.now() - started) / 1000).toFixed(1)} s${settings.env ? ` ${JSON.stringify(settings.env)}` : ''}`,
		);
	}

	/** Stops n8n (workers first, so no job is left half-run), then Redis. */
	async stop(): Promise<void> {
		const processes = [...this.processes].reverse();
		this.processes = [];
		for (const proc of processes) await proc.process.stop().catch(() => undefined);
		if (this.redis) {
			const redis = this.redis;
			this.redis = undefined;
			await redis.process.stop(5_000).catch(() => undefined);
		}
	}

	async dispose(): Promise<void> {
		await this.stop();
		if (process.env.BENCH_KEEP === '1') this.log(`kept ${this.userFolder}`);
		else rmSync(this.userFolder, { recursive: true, force: true });
	}
}

async function importChecked(config: N8nConfig, args: string[]): Promise<void> {
	const output = await n8nCli(config, args);
	if (!/Successfully imported/i.test(output)) throw new Error(`n8n ${args[0]} did not report success:\n${output.slice(-3000)}`);
}
