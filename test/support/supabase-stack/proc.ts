import { execFile } from 'node:child_process';
import { createServer } from 'node:net';

export interface CommandResult {
	stdout: string;
	stderr: string;
}

export function runCommand(
	file: string,
	args: readonly string[],
	options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<CommandResult> {
	return new Promise((resolve, reject) => {
		execFile(
			file,
			args,
			{
				env: options.env ?? process.env,
				cwd: options.cwd,
				timeout: options.timeoutMs ?? 60_000,
				maxBuffer: 16 * 1024 * 1024,
			},
			(error, stdout, stderr) => {
				if (error) {
					reject(
						new Error(
							`${file} ${args.join(' ')} failed: ${error.message.trim()}\n${stderr.trim()}`.trim(),
						),
					);
					return;
				}
				resolve({ stdout, stderr });
			},
		);
	});
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => (port ? resolve(port) : reject(new Error('no port assigned'))));
		});
	});
}

/**
 * Runs `start` again on fresh ports when its server lost the race for the port it was given: between
 * freePort() and the server's bind, another process (a parallel test worker, an outgoing connection's
 * ephemeral port) may take it. Any other failure is thrown at once.
 */
export async function retryOnPortClash<T>(start: () => Promise<T>, attempts = 5): Promise<T> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await start();
		} catch (error) {
			const clash = /address (already )?in use/i.test((error as Error).message);
			if (!clash || attempt >= attempts) throw error;
		}
	}
}

/** Distinct ports that were free a moment ago (two freePort() calls may return the same one). */
export async function freePorts(count: number): Promise<number[]> {
	const ports = new Set<number>();
	while (ports.size < count) ports.add(await freePort());
	return [...ports];
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A timer that does not keep the process alive: for bounding waits with Promise.race. */
export const deadline = (ms: number): Promise<void> =>
	new Promise((resolve) => setTimeout(resolve, ms).unref());

export function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: alive, but owned by another user.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

export function signal(pid: number, sig: NodeJS.Signals): void {
	try {
		process.kill(pid, sig);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
	}
}

/** Polls `done` until it returns true; `failure` aborts early with its message. */
export async function waitUntil(
	what: string,
	done: () => boolean | Promise<boolean>,
	options: { timeoutMs: number; intervalMs: number; failure?: () => string | undefined },
): Promise<void> {
	const deadline = Date.now() + options.timeoutMs;
	for (;;) {
		const failed = options.failure?.();
		if (failed) throw new Error(`${what}: ${failed}`);
		if (await done()) return;
		if (Date.now() > deadline) throw new Error(`${what}: timed out after ${options.timeoutMs} ms`);
		await sleep(options.intervalMs);
	}
}
