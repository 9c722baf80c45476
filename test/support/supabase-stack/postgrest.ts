import { spawn } from 'node:child_process';
import { get } from 'node:http';

import { findPostgrestBinary } from './paths';
import { deadline, freePorts, retryOnPortClash, signal, waitUntil } from './proc';

export interface PostgrestServer {
	url: string;
	adminUrl: string;
	pid: number;
	/** Everything the process printed, for error messages. */
	output(): string;
	stop(): Promise<void>;
	/** SIGKILL, as the OOM killer or a crash would end it. */
	kill(): Promise<void>;
	/** After stop() or kill(): a new PostgREST with the same settings on the same ports. */
	startAgain(): Promise<PostgrestServer>;
}

export interface PostgrestOptions {
	dbUri: string;
	jwtSecret: string;
	maxRows?: number;
}

function ready(adminUrl: string): Promise<boolean> {
	return new Promise((resolve) => {
		const request = get(`${adminUrl}/ready`, { timeout: 1000 }, (response) => {
			response.resume();
			resolve(response.statusCode === 200);
		});
		request.on('timeout', () => request.destroy());
		request.on('error', () => resolve(false));
	});
}

/** The official PostgREST binary, configured through PGRST_* variables only (no config file). */
export function startPostgrest(options: PostgrestOptions): Promise<PostgrestServer> {
	return retryOnPortClash(async () => await startOnPorts(options, await freePorts(2)));
}

async function startOnPorts(options: PostgrestOptions, [port, adminPort]: number[]): Promise<PostgrestServer> {
	const binary = findPostgrestBinary();
	// A clean environment: stray PGRST_* or PG* variables of the caller must not leak in.
	const env: NodeJS.ProcessEnv = {
		PATH: process.env.PATH,
		HOME: process.env.HOME,
		PGRST_DB_URI: options.dbUri,
		PGRST_DB_SCHEMAS: 'public',
		PGRST_DB_EXTRA_SEARCH_PATH: 'public, extensions',
		PGRST_DB_ANON_ROLE: 'anon',
		PGRST_JWT_SECRET: options.jwtSecret,
		PGRST_SERVER_HOST: '127.0.0.1',
		PGRST_SERVER_PORT: String(port),
		PGRST_ADMIN_SERVER_PORT: String(adminPort),
		PGRST_DB_MAX_ROWS: String(options.maxRows ?? 1000),
		PGRST_LOG_LEVEL: 'error',
	};
	const child = spawn(binary, [], { env, stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	const collect = (chunk: Buffer): void => {
		output = (output + chunk.toString('utf8')).slice(-20_000);
	};
	child.stdout?.on('data', collect);
	child.stderr?.on('data', collect);
	let exited: string | undefined;
	const childExit = new Promise<void>((resolve) => {
		child.once('exit', (code, sig) => {
			exited = `PostgREST exited (code ${code}, signal ${sig})`;
			resolve();
		});
		child.once('error', (error) => {
			exited = `PostgREST could not start: ${error.message}`;
			resolve();
		});
	});

	const url = `http://127.0.0.1:${port}`;
	const adminUrl = `http://127.0.0.1:${adminPort}`;
	const stopChild = async (): Promise<void> => {
		if (child.pid !== undefined && !exited) signal(child.pid, 'SIGTERM');
		const stopped = await Promise.race([childExit.then(() => true), deadline(5000).then(() => false)]);
		if (!stopped && child.pid !== undefined) {
			signal(child.pid, 'SIGKILL');
			await childExit;
		}
	};

	try {
		await waitUntil('PostgREST start-up', () => ready(adminUrl), {
			timeoutMs: 30_000,
			intervalMs: 25,
			failure: () => (exited ? `${exited}\n${output.trim()}` : undefined),
		});
	} catch (error) {
		await stopChild();
		throw error;
	}

	let stopping: Promise<void> | undefined;
	return {
		url,
		adminUrl,
		pid: child.pid ?? 0,
		output: () => output,
		stop: () => (stopping ??= stopChild()),
		kill: async () => {
			if (child.pid !== undefined && !exited) signal(child.pid, 'SIGKILL');
			await childExit;
		},
		startAgain: () => startOnPorts(options, [port, adminPort]),
	};
}
