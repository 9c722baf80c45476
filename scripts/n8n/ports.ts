import { createServer } from 'node:net';

const handedOut = new Set<number>();

/** A port nothing listens on now, never the same one twice in this process (n8n binds them later). */
export async function freePort(): Promise<number> {
	for (;;) {
		const port = await unusedPort();
		if (!handedOut.has(port)) {
			handedOut.add(port);
			return port;
		}
	}
}

function unusedPort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
		});
	});
}

/** True when something already listens on the port (so a fixed default cannot be used). */
export function portInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
	return new Promise((resolve) => {
		const server = createServer();
		server.unref();
		server.once('error', () => resolve(true));
		server.listen(port, host, () => server.close(() => resolve(false)));
	});
}
