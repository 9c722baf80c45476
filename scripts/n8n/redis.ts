import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { sleep } from './n8n';
import { freePort } from './ports';
import { ManagedProcess } from './process';

export interface RedisServer {
	host: string;
	port: number;
	process: ManagedProcess;
}

export const REDIS_BINARY = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';

export function redisAvailable(): boolean {
	return existsSync(REDIS_BINARY);
}

/** A throwaway Redis for queue mode (Debian's redis-server; nothing persisted, loopback only). */
export async function startRedis(options: { logFile: string; port?: number }): Promise<RedisServer> {
	if (!redisAvailable()) {
		throw new Error(`${REDIS_BINARY} not found: install it with \`apt-get install -y redis-server\` (queue mode needs Redis)`);
	}
	const port = options.port ?? (await freePort());
	const managed = ManagedProcess.start(
		'redis',
		REDIS_BINARY,
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'warning'],
		{ env: process.env, logFile: options.logFile },
	);
	const deadline = Date.now() + 10_000;
	while (Date.now() < deadline) {
		if (!managed.running) throw new Error(`redis-server exited at start (see ${options.logFile})`);
		if (await ping(port)) return { host: '127.0.0.1', port, process: managed };
		await sleep(50);
	}
	await managed.stop(2_000);
	throw new Error(`redis-server did not answer PING on port ${port}`);
}

function ping(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = connect({ host: '127.0.0.1', port });
		const done = (ok: boolean): void => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(1_000, () => done(false));
		socket.once('error', () => done(false));
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
	});
}
