import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cleanEnv, REPO_ROOT } from './paths';
import { freePort } from './ports';
import { ManagedProcess, run } from './process';

/** The pinned n8n and the Node 24 it needs, as brought by scripts/ensure-n8n.sh. */
export interface N8nInstall {
	/** Folder holding the Node 24 `node` binary. */
	nodeBinDir: string;
	/** Folder whose node_modules holds n8n. */
	n8nDir: string;
}

/**
 * Runs scripts/ensure-n8n.sh (a no-op once the cache is ready; ~7 min cold). Its progress goes to our stderr.
 * A second caller while an install runs would race, so the script itself is the only installer.
 */
export async function ensureN8n(options: { quiet?: boolean } = {}): Promise<N8nInstall> {
	const script = path.join(REPO_ROOT, 'scripts', 'ensure-n8n.sh');
	// Progress (the cold install takes minutes) goes straight to our stderr; stdout carries the two paths.
	const stdout = await new Promise<string>((resolve, reject) => {
		const child = spawn('bash', [script], { env: cleanEnv(), stdio: ['ignore', 'pipe', options.quiet ? 'ignore' : 'inherit'] });
		const chunks: Buffer[] = [];
		child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
		child.once('error', reject);
		child.once('close', (code) =>
			code === 0
				? resolve(Buffer.concat(chunks).toString('utf8'))
				: reject(new Error(`scripts/ensure-n8n.sh exited with ${code} (see its output above)`)),
		);
	});
	const value = (key: string): string => {
		const match = new RegExp(`^${key}=(.+)$`, 'm').exec(stdout);
		if (!match) throw new Error(`scripts/ensure-n8n.sh did not print ${key}=…:\n${stdout}`);
		return match[1].trim();
	};
	return { nodeBinDir: value('NODE24_BIN'), n8nDir: value('N8N_DIR') };
}

export interface N8nConfig {
	install: N8nInstall;
	/** N8N_USER_FOLDER: n8n keeps its data in `<userFolder>/.n8n`. */
	userFolder: string;
	encryptionKey: string;
	/** Added to every n8n process of this instance (owner, queue settings, WEBHOOK_URL…). */
	env?: Record<string, string>;
}

export function randomKey(bytes = 24): string {
	return randomBytes(bytes).toString('base64url');
}

/** The environment every n8n process of one instance shares. */
export function n8nEnv(config: N8nConfig, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	const env = cleanEnv();
	for (const key of Object.keys(env)) {
		// A developer's own n8n settings must not leak into the launched instance.
		if (/^(N8N_|DB_|QUEUE_|EXECUTIONS_|WEBHOOK_URL$|GENERIC_TIMEZONE$)/.test(key)) delete env[key];
	}
	return {
		...env,
		PATH: `${config.install.nodeBinDir}${path.delimiter}${env.PATH ?? ''}`,
		N8N_USER_FOLDER: config.userFolder,
		N8N_ENCRYPTION_KEY: config.encryptionKey,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		GENERIC_TIMEZONE: process.env.GENERIC_TIMEZONE ?? 'UTC',
		...config.env,
		...extra,
	};
}

function n8nBin(install: N8nInstall): string[] {
	return [path.join(install.nodeBinDir, 'node'), path.join(install.n8nDir, 'node_modules', 'n8n', 'bin', 'n8n')];
}

/**
 * One n8n CLI command (import:*, publish:*…). Each one boots n8n's DI container and its own task broker, so the
 * broker gets a free port (the default 5679 clashes with a running instance).
 */
export async function n8nCli(config: N8nConfig, args: string[]): Promise<string> {
	const [node, bin] = n8nBin(config.install);
	const brokerPort = await freePort();
	const result = await run(node, [bin, ...args], {
		env: n8nEnv(config, { N8N_RUNNERS_BROKER_PORT: String(brokerPort), N8N_LOG_LEVEL: 'info' }),
		cwd: config.userFolder,
		timeoutMs: 180_000,
	});
	return `${result.stdout}${result.stderr}`;
}

export interface CliRun {
	status: string;
	/** The run JSON `n8n execute --rawOutput` prints (IRun: data.resultData.runData, …). */
	run: Record<string, unknown>;
	output: string;
	exitCode: number;
}

/**
 * Runs a workflow once through `n8n execute --id` (the only headless way to run a Manual/Schedule trigger
 * workflow in 2.41.1: the public API has no run endpoint). Works next to a running instance (own broker port).
 * 2.41.1 on Node 24 may exit 139 after printing the result the first time on a fresh database, so the exit code
 * is not trusted: the printed JSON is.
 */
export async function executeWorkflow(config: N8nConfig, workflowId: string): Promise<CliRun> {
	const [node, bin] = n8nBin(config.install);
	const brokerPort = await freePort();
	const result = await run(node, [bin, 'execute', `--id=${workflowId}`, '--rawOutput'], {
		// The run JSON is printed at log level info (also on failure, after "Execution error:").
		env: n8nEnv(config, { N8N_RUNNERS_BROKER_PORT: String(brokerPort), N8N_LOG_LEVEL: 'info' }),
		cwd: config.userFolder,
		timeoutMs: 180_000,
		okCodes: [0, 1, 139],
	});
	const output = `${result.stdout}`;
	// JSON.stringify(run, null, 2): an opening brace alone on a line, the closing one likewise.
	const start = output.search(/^\{$/m);
	const end = output.lastIndexOf('\n}');
	if (start < 0 || end < start) {
		throw new Error(`n8n execute --id=${workflowId} printed no run (exit ${result.code}):\n${output.slice(-3000)}\n${result.stderr.slice(-3000)}`);
	}
	const parsed: unknown = JSON.parse(output.slice(start, end + 2));
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('n8n execute: unexpected output');
	const runJson = parsed as Record<string, unknown>;
	return { status: String(runJson.status ?? 'unknown'), run: runJson, output: output + result.stderr, exitCode: result.code };
}

export type N8nRole = 'start' | 'worker' | 'webhook';

export interface N8nProcess {
	role: N8nRole;
	process: ManagedProcess;
	/** HTTP origin (the worker's is its health-check server). */
	url: string;
	port: number;
}

/**
 * Starts one n8n process and resolves once `/healthz/readiness` answers 200. Note: readiness comes before
 * published webhooks are registered; callers that POST to a webhook right away must retry on 404.
 */
type StartOptions = { port?: number; logFile: string; echo?: boolean; readyTimeoutMs?: number; extraArgs?: string[] };

export async function startN8n(config: N8nConfig, role: N8nRole, options: StartOptions): Promise<N8nProcess> {
	// A port found free can be taken by another process before n8n binds it: try again on fresh ports.
	for (let attempt = 1; ; attempt++) {
		try {
			return await startN8nOnce(config, role, options);
		} catch (error) {
			const portTaken = error instanceof Error && /port \d+ is already in use/i.test(error.message);
			if (!portTaken || options.port !== undefined || attempt >= 3) throw error;
		}
	}
}

async function startN8nOnce(config: N8nConfig, role: N8nRole, options: StartOptions): Promise<N8nProcess> {
	const port = options.port ?? (await freePort());
	const brokerPort = await freePort();
	const extra: Record<string, string> = { N8N_RUNNERS_BROKER_PORT: String(brokerPort) };
	if (role === 'worker') {
		extra.QUEUE_HEALTH_CHECK_ACTIVE = 'true';
		extra.QUEUE_HEALTH_CHECK_PORT = String(port);
		extra.N8N_WORKER_SERVER_ADDRESS = '127.0.0.1';
	} else {
		extra.N8N_PORT = String(port);
	}
	const [node, bin] = n8nBin(config.install);
	const args = [bin, role, ...(options.extraArgs ?? [])];
	const name = role === 'start' ? 'n8n' : `n8n-${role}`;
	const managed = ManagedProcess.start(name, node, args, {
		env: n8nEnv(config, extra),
		cwd: config.userFolder,
		logFile: options.logFile,
		echo: options.echo,
	});
	const url = `http://127.0.0.1:${port}`;
	try {
		await waitForHttp(`${url}/healthz/readiness`, {
			timeoutMs: options.readyTimeoutMs ?? 180_000,
			abortIf: () => (managed.running ? undefined : `${name} exited before it was ready`),
		});
		// n8n 1.x answers readiness before its REST routes are registered (a login then gets 404).
		if (role === 'start') {
			await waitForHttp(`${url}/rest/settings`, {
				timeoutMs: 60_000,
				abortIf: () => (managed.running ? undefined : `${name} exited before its REST API was up`),
			});
		}
	} catch (error) {
		await managed.stop(5_000);
		throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- ${options.logFile} ---\n${tail(options.logFile)}`);
	}
	return { role, process: managed, url, port };
}

/**
 * n8n logs a community package it cannot load and carries on without it: the failure and what follows it in a log,
 * or undefined when the log shows none.
 */
export function packageLoadFailure(log: string): string | undefined {
	return /Failed to load package "n8n-nodes-retell"[\s\S]{0,600}/.exec(log)?.[0];
}

export function tail(file: string, lines = 40): string {
	try {
		return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '(no log)';
	}
}

export async function waitForHttp(
	url: string,
	options: { timeoutMs: number; intervalMs?: number; abortIf?: () => string | undefined; okStatus?: (status: number) => boolean },
): Promise<void> {
	const deadline = Date.now() + options.timeoutMs;
	const ok = options.okStatus ?? ((status: number) => status === 200);
	let last = 'no answer';
	while (Date.now() < deadline) {
		const reason = options.abortIf?.();
		if (reason) throw new Error(reason);
		try {
			const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
			await response.arrayBuffer();
			if (ok(response.status)) return;
			last = `HTTP ${response.status}`;
		} catch (error) {
			last = error instanceof Error ? error.message : String(error);
		}
		await sleep(options.intervalMs ?? 250);
	}
	throw new Error(`${url} not ready after ${options.timeoutMs} ms (${last})`);
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
