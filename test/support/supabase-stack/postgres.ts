import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';

import { findPostgresBinDir } from './paths';
import { deadline, freePort, isAlive, retryOnPortClash, runCommand, signal, sleep, waitUntil } from './proc';

export interface PostgresCluster {
	binDir: string;
	port: number;
	dataDir: string;
	/** Superuser URL over TCP (trust authentication). */
	superuserUrl: string;
	/** Postmaster PID, from line 1 of postmaster.pid. */
	pid: number;
	logFile: string;
	stop(): Promise<void>;
	/** After stop(): the same cluster started again on the same port (a database restart). */
	startAgain(): Promise<PostgresCluster>;
}

const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

/** initdb and postgres refuse to run as root: as root, run them as the `postgres` OS user. */
function asServerUser(binary: string, args: string[]): [string, string[]] {
	return isRoot() ? ['runuser', ['-u', 'postgres', '--', binary, ...args]] : [binary, args];
}

function tail(file: string, lines = 20): string {
	try {
		return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
	} catch {
		return '';
	}
}

async function canConnect(url: string): Promise<boolean> {
	const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
	client.on('error', () => undefined);
	try {
		await client.connect();
		await client.query('select 1');
		return true;
	} catch {
		return false;
	} finally {
		await client.end().catch(() => undefined);
	}
}

/**
 * A throwaway cluster in `baseDir` (which must exist): initdb, then `postgres` as a child process on a
 * free 127.0.0.1 port with its socket in `baseDir`. Durability is off; the data is disposable.
 */
export async function startPostgres(baseDir: string): Promise<PostgresCluster> {
	const binDir = findPostgresBinDir();
	const dataDir = join(baseDir, 'data');
	const logFile = join(baseDir, 'postgres.log');

	if (isRoot()) {
		await runCommand('chown', ['postgres:postgres', baseDir]).catch((error: Error) => {
			throw new Error(
				`Running as root needs the "postgres" OS user to own the cluster (the postgresql packages create it): ${error.message}`,
			);
		});
	}

	const [initdb, initdbArgs] = asServerUser(join(binDir, 'initdb'), [
		'-D',
		dataDir,
		'-U',
		'postgres',
		'-A',
		'trust',
		'-E',
		'UTF8',
		'--locale=C',
		'--no-sync',
		'--no-instructions',
	]);
	await runCommand(initdb, initdbArgs, { cwd: baseDir });
	return retryOnPortClash(() => startServer(binDir, baseDir, dataDir, logFile));
}

async function startServer(
	binDir: string,
	baseDir: string,
	dataDir: string,
	logFile: string,
	fixedPort?: number,
): Promise<PostgresCluster> {
	const port = fixedPort ?? (await freePort());
	const [server, serverArgs] = asServerUser(join(binDir, 'postgres'), [
		'-D',
		dataDir,
		'-p',
		String(port),
		'-k',
		baseDir,
		'-c',
		'listen_addresses=127.0.0.1',
		'-c',
		'fsync=off',
		'-c',
		'synchronous_commit=off',
		'-c',
		'full_page_writes=off',
		'-c',
		'timezone=UTC',
		'-c',
		'max_connections=200',
	]);
	const logFd = openSync(logFile, 'a');
	let child: ChildProcess;
	try {
		child = spawn(server, serverArgs, { cwd: baseDir, stdio: ['ignore', logFd, logFd] });
	} finally {
		closeSync(logFd);
	}
	let exited: string | undefined;
	const childExit = new Promise<void>((resolve) => {
		child.once('exit', (code, sig) => {
			exited = `postgres exited (code ${code}, signal ${sig})`;
			resolve();
		});
		child.once('error', (error) => {
			exited = `postgres could not start: ${error.message}`;
			resolve();
		});
	});

	const superuserUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
	const pidFile = join(dataDir, 'postmaster.pid');
	const stopAfterFailure = async (): Promise<void> => {
		if (existsSync(pidFile)) {
			const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
			if (pid > 0) signal(pid, 'SIGQUIT');
		}
		if (child.pid !== undefined && !exited) signal(child.pid, 'SIGTERM');
		await Promise.race([childExit, deadline(5000)]);
	};

	try {
		await waitUntil('PostgreSQL start-up', () => canConnect(superuserUrl), {
			timeoutMs: 30_000,
			intervalMs: 50,
			failure: () => (exited ? `${exited}\n${tail(logFile)}` : undefined),
		});
	} catch (error) {
		await stopAfterFailure();
		throw error;
	}
	const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);

	let stopping: Promise<void> | undefined;
	const stop = (): Promise<void> =>
		(stopping ??= (async () => {
			// SIGINT is PostgreSQL's fast shutdown; the pid file disappears once it is complete.
			signal(pid, 'SIGINT');
			try {
				await waitUntil('PostgreSQL shutdown', () => !existsSync(pidFile) && !isAlive(pid), {
					timeoutMs: 15_000,
					intervalMs: 20,
				});
			} catch {
				signal(pid, 'SIGQUIT');
				await sleep(500);
				signal(pid, 'SIGKILL');
			}
			await Promise.race([childExit, deadline(5000)]);
		})());

	const startAgain = (): Promise<PostgresCluster> => startServer(binDir, baseDir, dataDir, logFile, port);
	return { binDir, port, dataDir, superuserUrl, pid, logFile, stop, startAgain };
}
