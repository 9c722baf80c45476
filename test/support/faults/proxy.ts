import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * What the proxy does to the requests it gets:
 * - `pass`: forwards them;
 * - `status`: answers with this status and a Kong-like body (or `message`, or a whole `body`) instead (`count` times,
 *   then passes again);
 * - `stall`: holds them unanswered (forever, or until the fault changes: then they are forwarded);
 * - `delay`: forwards each one `ms` after it arrived (a slow database);
 * - `refuse`: stops listening, so connections are refused as by a stopped server.
 */
export type Fault =
	| { kind: 'pass' }
	| { kind: 'status'; status: number; count?: number; message?: string; body?: Record<string, unknown> }
	| { kind: 'stall' }
	| { kind: 'delay'; ms: number }
	| { kind: 'refuse' };

export interface FaultProxy {
	url: string;
	set(fault: Fault): Promise<void>;
	/** Requests that reached the proxy, whatever it did with them. */
	received(): number;
	stop(): Promise<void>;
}

const UPSTREAM_DOWN: Record<number, string> = {
	502: 'An invalid response was received from the upstream server',
	503: 'The upstream server is currently unavailable',
	504: 'The upstream server is timing out',
};

/** An HTTP proxy in front of one origin that injects the faults a database or its gateway shows. */
export async function startFaultProxy(upstreamOrigin: string): Promise<FaultProxy> {
	const upstream = new URL(upstreamOrigin);
	let fault: Fault = { kind: 'pass' };
	let received = 0;
	const stalled: Array<() => void> = [];
	const sockets = new Set<Socket>();

	const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer): void => {
		const upstreamReq = httpRequest(
			{ hostname: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
			(upstreamRes) => {
				res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
				upstreamRes.pipe(res);
			},
		);
		upstreamReq.on('error', () => answer(res, 502));
		upstreamReq.end(body);
	};
	const answer = (res: ServerResponse, status: number, message = UPSTREAM_DOWN[status] ?? `HTTP ${status}`, body?: object): void => {
		if (res.headersSent) return void res.destroy();
		const payload = JSON.stringify(body ?? { message });
		res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload) });
		res.end(payload);
	};
	const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer): void => {
		received++;
		if (fault.kind === 'status') {
			const { status, message, body } = fault;
			if (fault.count !== undefined && --fault.count <= 0) fault = { kind: 'pass' };
			return answer(res, status, message, body);
		}
		if (fault.kind === 'stall') {
			stalled.push(() => forward(req, res, body));
			return;
		}
		if (fault.kind === 'delay') {
			setTimeout(() => forward(req, res, body), fault.ms);
			return;
		}
		forward(req, res, body);
	};

	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => handle(req, res, Buffer.concat(chunks)));
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	const listen = (port: number): Promise<void> =>
		new Promise((resolve, reject) => {
			server.once('error', reject);
			server.listen(port, '127.0.0.1', () => {
				server.off('error', reject);
				resolve();
			});
		});
	const close = (): Promise<void> =>
		new Promise((resolve) => {
			if (!server.listening) return resolve();
			server.close(() => resolve());
			for (const socket of sockets) socket.destroy();
		});

	await listen(0);
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		received: () => received,
		async set(next) {
			const previous = fault;
			fault = next.kind === 'status' ? { ...next } : next;
			if (previous.kind === 'refuse' && next.kind !== 'refuse') await listen(port);
			if (next.kind === 'refuse') await close();
			if (previous.kind === 'stall' && next.kind !== 'stall') for (const release of stalled.splice(0)) release();
		},
		async stop() {
			stalled.splice(0);
			await close();
		},
	};
}
