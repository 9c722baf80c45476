/**
 * The floor for a custom-function round trip: a bare node:http server that does what the Retell Trigger must
 * (read the raw body, verify X-Retell-Signature with the package's own verifier, parse JSON) and answers what
 * the benchmark's Set node answers. Run as its own process, like n8n:
 *   FLOOR_API_KEY=… node -r ts-node/register/transpile-only bench/lib/floor-server.ts
 * Prints `listening <port>` once ready.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyRetellSignature } from '../../nodes/RetellTrigger/verifySignature';

const apiKey = process.env.FLOOR_API_KEY ?? '';

interface FunctionCall {
	args?: { name?: string; date?: string; time?: string };
}

const server = createServer((req, res) => {
	const chunks: Buffer[] = [];
	req.on('data', (chunk: Buffer) => chunks.push(chunk));
	req.on('end', () => {
		const raw = Buffer.concat(chunks);
		const header = req.headers['x-retell-signature'];
		if (!verifyRetellSignature(raw, Array.isArray(header) ? header[0] : header, apiKey, Date.now())) {
			res.writeHead(401).end();
			return;
		}
		let body: FunctionCall;
		try {
			body = JSON.parse(raw.toString('utf8')) as FunctionCall;
		} catch {
			res.writeHead(422).end();
			return;
		}
		const answer = JSON.stringify({ result: `Booked ${body.args?.name ?? ''} on ${body.args?.date ?? ''} at ${body.args?.time ?? ''}` });
		res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(answer) });
		res.end(answer);
	});
});

server.listen(Number(process.env.FLOOR_PORT ?? 0), '127.0.0.1', () => {
	process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});

process.once('SIGTERM', () => {
	server.closeAllConnections();
	server.close(() => process.exit(0));
});
