import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startSupabaseStack, type SupabaseStack } from '../../test/backends/supabase/stack';
import { startRetellEmulator, type RetellEmulator, type RetellEmulatorOptions } from '../../test/retell-emulator';
import { createApiKey, ownerEnv, PublicApi, type Owner } from './api';
import { seedDemoAccount, type DemoAccount } from './demo-seed';
import {
	credentialsForImport,
	loadExamples,
	writeExamplesForImport,
	type Example,
	type ExampleWebhook,
} from './examples';
import { installPackageInto } from './install-package';
import { ensureN8n, n8nCli, packageLoadFailure, sleep, startN8n, tail, type N8nConfig, type N8nInstall, type N8nProcess } from './n8n';
import { freePort } from './ports';
import { startRedis, type RedisServer } from './redis';

export type ExecutionMode = 'regular' | 'queue';

export interface RetellTarget {
	apiKey: string;
	baseUrl: string;
}

export interface SupabaseTarget {
	url: string;
	serviceRoleKey: string;
}

export interface StackOptions {
	mode: ExecutionMode;
	/** N8N_USER_FOLDER (n8n data in `<userFolder>/.n8n`). */
	userFolder: string;
	encryptionKey: string;
	owner: Owner;
	/** Port of the main process (editor, API); free one when absent. */
	port?: number;
	/** Queue mode: port of the webhook processor; free one when absent. */
	webhookPort?: number;
	/** Host in WEBHOOK_URL and printed URLs (n8n listens on 127.0.0.1 either way). */
	publicHost?: string;
	/** WEBHOOK_URL override: the public origin Retell reaches n8n at (a tunnel), when real Retell is used. */
	publicWebhookUrl?: string;
	/** Real Retell instead of the emulator. */
	retell?: RetellTarget;
	/** A real Supabase project instead of the local stack. */
	supabase?: SupabaseTarget;
	emulator?: RetellEmulatorOptions;
	/** 'always' (tests) or only the examples whose file changed since the last import (dev keeps edits). */
	importExamples: 'always' | 'changed' | 'never';
	/** Which imported examples to publish (activate); default: those with a webhook or schedule trigger. */
	publish?: (example: Example) => boolean;
	/** Extra environment for every n8n process. */
	n8nEnv?: Record<string, string>;
	/** Mirror n8n's output on our stdout. */
	echo?: boolean;
	/** Progress lines. */
	log?: (line: string) => void;
	apiKeyLabel?: string;
	/** Install even if some node/credential files listed in package.json are not built (dev only). */
	allowMissingNodes?: boolean;
	/** Folder of example workflows (default: examples/). */
	examplesDir?: string;
}

export interface Stack {
	mode: ExecutionMode;
	install: N8nInstall;
	config: N8nConfig;
	/** Main process origin (editor, REST, public API), e.g. http://127.0.0.1:5678 */
	mainUrl: string;
	/** Where production webhooks go: the main process, or the webhook processor in queue mode. */
	webhookOrigin: string;
	/** WEBHOOK_URL as n8n shows it in the editor. */
	publicWebhookUrl: string;
	processes: N8nProcess[];
	redis?: RedisServer;
	emulator?: RetellEmulator;
	supabaseStack?: SupabaseStack;
	retell: RetellTarget;
	supabase: SupabaseTarget;
	demo?: DemoAccount;
	api: PublicApi;
	apiKey: string;
	examples: Example[];
	published: Example[];
	logDir: string;
	timings: Record<string, number>;
	/** URL of an example's Retell Trigger on this instance. */
	webhookUrl(webhook: ExampleWebhook): string;
	example(idOrFile: string): Example;
	stop(): Promise<void>;
}

const IMPORT_MARKER = 'examples-imported.json';

/**
 * Brings up everything a Retell workflow needs around a real n8n: the Retell emulator (or real Retell), the local
 * Supabase stack (or a real project), n8n itself with this package installed as a community package, the example
 * workflows and their credentials, and — in queue mode — Redis, a worker and a webhook processor.
 * Shared by `npm run dev` and the e2e tests. On failure, whatever was started is stopped before rethrowing.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
	const log = options.log ?? ((): void => undefined);
	const timings: Record<string, number> = {};
	const time = async <T>(label: string, step: () => Promise<T>): Promise<T> => {
		const started = Date.now();
		try {
			return await step();
		} finally {
			timings[label] = Date.now() - started;
		}
	};
	const stoppers: Array<() => Promise<void>> = [];
	const stopAll = async (): Promise<void> => {
		// Reverse start order: n8n first (it talks to the others), then Redis, emulator, Supabase.
		while (stoppers.length > 0) {
			const stop = stoppers.pop();
			if (stop) await stop().catch((error: unknown) => log(`stop failed: ${String(error)}`));
		}
	};

	try {
		const logDir = path.join(options.userFolder, 'logs');
		mkdirSync(logDir, { recursive: true });

		const install = await time('ensureN8n', () => ensureN8n());
		log(`n8n ready in cache (${install.n8nDir})`);
		const installed = await time('installPackage', () =>
			installPackageInto(options.userFolder, { allowMissingFiles: options.allowMissingNodes, warn: log }),
		);
		log(`installed n8n-nodes-retell ${installed.version} into ${path.dirname(installed.directory)}`);

		const port = options.port ?? (await freePort());
		const webhookPort = options.mode === 'queue' ? (options.webhookPort ?? (await freePort())) : port;
		const host = options.publicHost ?? '127.0.0.1';
		const mainUrl = `http://127.0.0.1:${port}`;
		const webhookOrigin = `http://127.0.0.1:${webhookPort}`;
		const publicWebhookUrl = options.publicWebhookUrl
			? options.publicWebhookUrl.replace(/\/*$/, '/')
			: `http://${host}:${webhookPort}/`;
		const examples = loadExamples(options.examplesDir);
		const webhookUrl = (webhook: ExampleWebhook): string => `${webhookOrigin}/webhook/${webhook.webhookId}/${webhook.path}`;
		const findWebhook = (kind: string): ExampleWebhook | undefined =>
			examples.flatMap((example) => example.webhooks).find((webhook) => webhook.path === kind);

		// Retell and Supabase: external when configured, else local, started side by side.
		const [retellSide, supabaseSide] = await time('backends', () =>
			Promise.all([
				(async (): Promise<{ target: RetellTarget; emulator?: RetellEmulator }> => {
					if (options.retell) return { target: options.retell };
					const events = findWebhook('events');
					const emulator = await startRetellEmulator({
						// Stands in for the dashboard's account-level webhook: every agent's call events reach n8n.
						accountWebhookUrl: events ? webhookUrl(events) : null,
						...options.emulator,
					});
					stoppers.push(() => emulator.close());
					return { target: { apiKey: emulator.apiKey, baseUrl: emulator.url }, emulator };
				})(),
				(async (): Promise<{ target: SupabaseTarget; stack?: SupabaseStack }> => {
					if (options.supabase) return { target: options.supabase };
					const stack = await startSupabaseStack({ log: (line) => log(line) });
					stoppers.push(() => stack.stop());
					return { target: { url: stack.url, serviceRoleKey: stack.serviceRoleKey }, stack };
				})(),
			]),
		);
		log(`Retell: ${retellSide.emulator ? 'emulator at ' : ''}${retellSide.target.baseUrl}`);
		log(`Supabase: ${supabaseSide.stack ? 'local stack at ' : ''}${supabaseSide.target.url}`);

		let demo: DemoAccount | undefined;
		if (retellSide.emulator) {
			const fn = findWebhook('function');
			const inbound = findWebhook('inbound');
			demo = await time('seedDemo', () =>
				seedDemoAccount(retellSide.target, {
					customFunction: fn ? webhookUrl(fn) : undefined,
					inbound: inbound ? webhookUrl(inbound) : undefined,
				}),
			);
			log(`emulator seeded: agent ${demo.agentId}, number ${demo.phoneNumber}`);
		}

		const config: N8nConfig = {
			install,
			userFolder: options.userFolder,
			encryptionKey: options.encryptionKey,
			env: {
				WEBHOOK_URL: publicWebhookUrl,
				N8N_HOST: host,
				N8N_PORT: String(port),
				...ownerEnv(install, options.owner),
				...(options.mode === 'queue' ? { EXECUTIONS_MODE: 'queue' } : {}),
				// What docker/docker-compose.yml ships, so dev and e2e run like a deployment (docs/benchmarks.md).
				N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true',
				N8N_EXPRESSION_ENGINE_POOL_SIZE: '4',
				N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED: '1000',
				...options.n8nEnv,
			},
		};

		// Credentials and workflows through the CLI before start: ids are kept (the public API assigns its own).
		const importDir = path.join(options.userFolder, 'import');
		mkdirSync(importDir, { recursive: true });
		const credentialsFile = path.join(importDir, 'credentials.json');
		writeFileSync(
			credentialsFile,
			JSON.stringify(
				credentialsForImport({
					retell: retellSide.target,
					supabase: { host: supabaseSide.target.url, serviceRole: supabaseSide.target.serviceRoleKey },
				}),
				null,
				2,
			),
		);
		await time('importCredentials', () => importChecked(config, ['import:credentials', `--input=${credentialsFile}`]));
		log('credentials imported');

		const toImport = selectExamplesToImport(options, examples);
		if (toImport.length > 0) {
			const workflowsDir = path.join(importDir, 'workflows');
			writeExamplesForImport(toImport, workflowsDir, publicWebhookUrl, demo?.agentId);
			await time('importWorkflows', () =>
				importChecked(config, ['import:workflow', '--separate', `--input=${workflowsDir}`]),
			);
			writeImportMarker(options.userFolder, examples);
			log(`imported ${toImport.length} example workflow(s)`);
		}

		// n8n itself.
		const processes: N8nProcess[] = [];
		let redis: RedisServer | undefined;
		await time('n8nStart', async () => {
			if (options.mode === 'queue') {
				redis = await startRedis({ logFile: path.join(logDir, 'redis.log') });
				const redisServer = redis;
				stoppers.push(() => redisServer.process.stop(5_000));
				config.env = { ...config.env, QUEUE_BULL_REDIS_HOST: redis.host, QUEUE_BULL_REDIS_PORT: String(redis.port) };
			}
			const main = await startN8n(config, 'start', { port, logFile: path.join(logDir, 'n8n-main.log'), echo: options.echo });
			processes.push(main);
			stoppers.push(() => main.process.stop());
			assertPackageLoaded(main);
			if (options.mode === 'queue') {
				// Main ran the migrations; worker and webhook processor start side by side.
				const [worker, webhook] = await Promise.all([
					startN8n(config, 'worker', { logFile: path.join(logDir, 'n8n-worker.log'), echo: options.echo, extraArgs: ['--concurrency=5'] }),
					startN8n(config, 'webhook', { port: webhookPort, logFile: path.join(logDir, 'n8n-webhook.log'), echo: options.echo }),
				]);
				processes.push(worker, webhook);
				stoppers.push(() => worker.process.stop(), () => webhook.process.stop());
			}
		});
		log(`n8n ${options.mode} mode ready at ${mainUrl}`);

		const apiKey = await time('apiKey', () =>
			createApiKey(mainUrl, options.owner, options.apiKeyLabel ?? `launcher-${Date.now()}`),
		);
		const api = new PublicApi(mainUrl, apiKey);

		const shouldPublish = options.publish ?? ((example: Example) => example.hasActivatableTrigger);
		const published = examples.filter(shouldPublish);
		await time('publish', async () => {
			for (const example of published) await api.publish(example.workflow.id);
			// Readiness and the publish call both return before webhooks are live; an unsigned probe gets 401
			// (registered, signature refused, no execution) instead of 404 once they are.
			for (const example of published) {
				for (const webhook of example.webhooks) await waitForWebhook(webhookUrl(webhook), webhook.method);
			}
		});
		log(`published ${published.length} workflow(s)`);

		const stack: Stack = {
			mode: options.mode,
			install,
			config,
			mainUrl,
			webhookOrigin,
			publicWebhookUrl,
			processes,
			redis,
			emulator: retellSide.emulator,
			supabaseStack: supabaseSide.stack,
			retell: retellSide.target,
			supabase: supabaseSide.target,
			demo,
			api,
			apiKey,
			examples,
			published,
			logDir,
			timings,
			webhookUrl,
			example(idOrFile: string): Example {
				const found = examples.find((example) => example.workflow.id === idOrFile || example.file === idOrFile);
				if (!found) throw new Error(`no example ${idOrFile}`);
				return found;
			},
			stop: stopAll,
		};
		return stack;
	} catch (error) {
		await stopAll();
		throw error;
	}
}

async function importChecked(config: N8nConfig, args: string[]): Promise<void> {
	const output = await n8nCli(config, args);
	if (!/Successfully imported/i.test(output)) {
		throw new Error(`n8n ${args[0]} did not report success:\n${output.slice(-3000)}`);
	}
}

function selectExamplesToImport(options: StackOptions, examples: Example[]): Example[] {
	if (options.importExamples === 'never') return [];
	if (options.importExamples === 'always') return examples;
	const markerFile = path.join(options.userFolder, IMPORT_MARKER);
	const previous: Record<string, string> = existsSync(markerFile)
		? (JSON.parse(readFileSync(markerFile, 'utf8')) as Record<string, string>)
		: {};
	return examples.filter((example) => previous[example.workflow.id] !== example.hash);
}

function writeImportMarker(userFolder: string, examples: Example[]): void {
	const marker = Object.fromEntries(examples.map((example) => [example.workflow.id, example.hash]));
	writeFileSync(path.join(userFolder, IMPORT_MARKER), JSON.stringify(marker, null, 2));
}

/** n8n logs and carries on when a community package fails to load; fail loudly instead. */
function assertPackageLoaded(main: N8nProcess): void {
	const failure = packageLoadFailure(tail(main.process.logFile, 400));
	if (failure) throw new Error(`n8n could not load n8n-nodes-retell:\n${failure}`);
}

/** Retries (bounded) until the webhook is registered: anything but 404. */
export async function waitForWebhook(url: string, method = 'POST', timeoutMs = 20_000): Promise<number> {
	const deadline = Date.now() + timeoutMs;
	let status = 0;
	while (Date.now() < deadline) {
		try {
			const response = await fetch(url, {
				method,
				headers: method === 'GET' || method === 'DELETE' ? {} : { 'Content-Type': 'application/json' },
				body: method === 'GET' || method === 'DELETE' ? undefined : '{}',
			});
			await response.arrayBuffer();
			status = response.status;
			if (status !== 404) return status;
		} catch {
			status = 0;
		}
		await sleep(150);
	}
	throw new Error(`webhook ${method} ${url} still not registered after ${timeoutMs} ms (last status ${status})`);
}

/** Every process a stack started (n8n processes, Redis, PostgreSQL, PostgREST), to check that none outlives it. */
function stackProcessIds(stack: Stack): Array<{ name: string; pid: number }> {
	const pids: Array<{ name: string; pid: number }> = [];
	for (const proc of stack.processes) if (proc.process.pid) pids.push({ name: proc.process.name, pid: proc.process.pid });
	if (stack.redis?.process.pid) pids.push({ name: 'redis', pid: stack.redis.process.pid });
	if (stack.supabaseStack) {
		pids.push({ name: 'postgres', pid: stack.supabaseStack.processes.postgres });
		pids.push({ name: 'postgrest', pid: stack.supabaseStack.processes.postgrest });
	}
	return pids;
}

/** Stops the stack and answers which of its processes outlived the stop (none, when all is well). */
export async function stopAndListSurvivors(stack: Stack): Promise<Array<{ name: string; pid: number }>> {
	const pids = stackProcessIds(stack);
	await stack.stop();
	return pids.filter(({ pid }) => processAlive(pid));
}

function processAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}
