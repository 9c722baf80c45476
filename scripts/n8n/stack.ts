import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startSupabaseStack, type SupabaseStack } from '../../test/support/supabase-stack/stack';
import { startRetellEmulator, type RetellEmulator } from '../../test/support/retell-emulator';
import { createApiKey, ownerEnv, PublicApi, setupOwner } from './api';
import { seedDemoAccount, type DemoAccount } from './demo-seed';
import { credentialsForImport, loadExamples, writeExamplesForImport, type Example, type ExampleWebhook } from './examples';
import { installPackageInto } from './install-package';
import { ensureN8n, packageLoadFailure, startN8n, tail, type N8nConfig, type N8nProcess } from './n8n';
import { freePort } from './ports';
import { startRedis, type RedisServer } from './redis';
import { importChecked, selectExamplesToImport, writeImportMarker } from './stackImport';
import type { RetellTarget, Stack, StackOptions, SupabaseTarget } from './stackTypes';
import { installedTraits } from './versions';
import { waitForWebhook } from './webhookReady';

export type { ExecutionMode, RetellTarget, Stack, StackOptions, SupabaseTarget } from './stackTypes';
export { stopAndListSurvivors } from './stackSurvivors';
export { waitForWebhook };

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
		const traits = installedTraits(install);
		log(`n8n ${traits.version} ready in cache (${install.n8nDir})`);
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

		const filesDir = path.join(options.userFolder, '.n8n-files');
		mkdirSync(filesDir, { recursive: true });
		const config: N8nConfig = {
			install,
			userFolder: options.userFolder,
			encryptionKey: options.encryptionKey,
			env: {
				WEBHOOK_URL: publicWebhookUrl,
				N8N_HOST: host,
				N8N_PORT: String(port),
				...(traits.ownerFromEnv ? ownerEnv(install, options.owner) : {}),
				...(options.mode === 'queue' ? { EXECUTIONS_MODE: 'queue' } : {}),
				// What docker/docker-compose.yml ships, so dev and e2e run like a deployment (docs/benchmarks.md).
				N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true',
				N8N_EXPRESSION_ENGINE_POOL_SIZE: '4',
				N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED: '1000',
				// The folder n8n's file nodes may use, as ~/.n8n-files is in the Docker image (examples/11 writes there).
				N8N_RESTRICT_FILE_ACCESS_TO: filesDir,
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
			writeExamplesForImport(toImport, workflowsDir, publicWebhookUrl, demo?.agentId, filesDir);
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
			if (!traits.ownerFromEnv) await setupOwner(mainUrl, options.owner);
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
		const api = new PublicApi(mainUrl, apiKey, traits);

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
			traits,
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

/** n8n logs and carries on when a community package fails to load; fail loudly instead. */
function assertPackageLoaded(main: N8nProcess): void {
	const failure = packageLoadFailure(tail(main.process.logFile, 400));
	if (failure) throw new Error(`n8n could not load n8n-nodes-retell:\n${failure}`);
}
