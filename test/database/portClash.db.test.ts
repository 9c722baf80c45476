import { createServer, type Server } from 'node:net';

import { freePorts, retryOnPortClash } from '../support/supabase-stack/proc';

function listen(port: number): Promise<Server> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => resolve(server));
	});
}

describe('retryOnPortClash', () => {
	it('starts again on a fresh port when another process took the one it was given', async () => {
		const [taken] = await freePorts(1);
		const squatter = await listen(taken);
		const tried: number[] = [];
		try {
			const server = await retryOnPortClash(async () => {
				const port = tried.length === 0 ? taken : (await freePorts(1))[0];
				tried.push(port);
				return listen(port);
			});
			server.close();
		} finally {
			squatter.close();
		}
		expect(tried).toHaveLength(2);
		expect(tried[0]).toBe(taken);
		expect(tried[1]).not.toBe(taken);
	});

	it.each([
		'PostgREST start-up: PostgREST exited (code 1)\npostgrest: Network.Socket.bind: resource busy (Address in use)',
		'PostgreSQL start-up: postgres exited (code 1)\nLOG:  could not bind IPv4 address "127.0.0.1": Address already in use',
	])('recognises the clash as the server reports it: %s', async (message) => {
		let calls = 0;
		await expect(
			retryOnPortClash(async () => {
				calls++;
				throw new Error(message);
			}, 3),
		).rejects.toThrow(message);
		expect(calls).toBe(3);
	});

	it('throws any other start-up failure at once', async () => {
		let calls = 0;
		await expect(
			retryOnPortClash(async () => {
				calls++;
				throw new Error('PostgREST start-up: timed out after 30000 ms');
			}),
		).rejects.toThrow('timed out');
		expect(calls).toBe(1);
	});

	it('hands out distinct ports', async () => {
		const ports = await freePorts(5);
		expect(new Set(ports).size).toBe(5);
	});
});
