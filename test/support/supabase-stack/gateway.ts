import {
	Agent,
	createServer,
	request as httpRequest,
	type IncomingHttpHeaders,
	type IncomingMessage,
	type OutgoingHttpHeaders,
	type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** One proxied request as the client sent it, and the answer it got. */
export interface GatewayExchange {
	seq: number;
	method: string;
	/** The URL the client called, /rest/v1 prefix included. */
	url: string;
	headers: IncomingHttpHeaders;
	body: string;
	status: number;
	resBody: string;
}

export interface GatewayOptions {
	/** PostgREST origin, e.g. http://127.0.0.1:3000 */
	upstream: string;
	/**
	 * Accepted `apikey` values. A string value is the JWT that replaces the key on the way to PostgREST
	 * (new-style sb_secret_/sb_publishable_ keys are not JWTs); null forwards the key unchanged.
	 */
	apiKeys: Record<string, string | null>;
	port?: number;
	/** Oldest exchanges are dropped beyond this many. */
	maxRecorded?: number;
}

export interface Gateway {
	url: string;
	exchanges(sinceSeq?: number): GatewayExchange[];
	lastSeq(): number;
	clear(): void;
	stop(): Promise<void>;
}

/** Path of the recording endpoint; outside /rest/v1 so it never reaches PostgREST. */
export const GATEWAY_RECORDING_PATH = '/__gateway/requests';
export const GATEWAY_SEQ_PATH = '/__gateway/seq';

const REST_PREFIX = '/rest/v1';

function sendJson(res: ServerResponse, status: number, body: unknown): void {
	const payload = Buffer.from(JSON.stringify(body));
	res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': payload.length });
	res.end(payload);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
	const value = headers[name];
	return Array.isArray(value) ? value[0] : value;
}

/** Kong accepts the key as a header or as an `apikey` query parameter, and hides it from the upstream. */
function extractApiKey(req: IncomingMessage): { key: string | undefined; path: string } {
	const raw = req.url ?? '/';
	const header = headerValue(req.headers, 'apikey');
	const queryStart = raw.indexOf('?');
	if (queryStart < 0) return { key: header, path: raw };
	const params = raw.slice(queryStart + 1).split('&');
	const keyParam = params.find((part) => part.startsWith('apikey='));
	if (!keyParam) return { key: header, path: raw };
	const rest = params.filter((part) => part !== keyParam);
	return {
		key: header ?? decodeURIComponent(keyParam.slice('apikey='.length)),
		path: raw.slice(0, queryStart) + (rest.length ? `?${rest.join('&')}` : ''),
	};
}

function stripPrefix(path: string): string | undefined {
	if (path !== REST_PREFIX && !path.startsWith(`${REST_PREFIX}/`) && !path.startsWith(`${REST_PREFIX}?`)) {
		return undefined;
	}
	const rest = path.slice(REST_PREFIX.length);
	return rest.startsWith('/') ? rest : `/${rest}`;
}

/**
 * Supabase's API gateway (Kong), reduced to what the REST data path needs: an `apikey` check,
 * /rest/v1 → PostgREST, and a recording of every exchange for assertions.
 */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
	const upstream = new URL(options.upstream);
	const maxRecorded = options.maxRecorded ?? 5000;
	const agent = new Agent({ keepAlive: true, maxSockets: 64 });
	let recorded: GatewayExchange[] = [];
	let seq = 0;

	const record = (exchange: Omit<GatewayExchange, 'seq'>): void => {
		recorded.push({ seq: ++seq, ...exchange });
		if (recorded.length > maxRecorded) recorded = recorded.slice(-maxRecorded);
	};
	const exchanges = (sinceSeq = 0): GatewayExchange[] => recorded.filter((item) => item.seq > sinceSeq);

	const handleControl = (req: IncomingMessage, res: ServerResponse, path: string): boolean => {
		const [pathname, query = ''] = path.split('?');
		if (pathname === GATEWAY_SEQ_PATH && req.method === 'GET') {
			sendJson(res, 200, { seq });
			return true;
		}
		if (pathname !== GATEWAY_RECORDING_PATH) return false;
		if (req.method === 'GET') {
			const since = Number(new URLSearchParams(query).get('since') ?? '0');
			sendJson(res, 200, exchanges(Number.isFinite(since) ? since : 0));
		} else if (req.method === 'DELETE') {
			recorded = [];
			res.writeHead(204).end();
		} else {
			sendJson(res, 405, { message: 'Method Not Allowed' });
		}
		return true;
	};

	const server = createServer((req, res) => {
		void (async () => {
			const body = await readBody(req);
			const rawUrl = req.url ?? '/';
			if (handleControl(req, res, rawUrl)) return;

			const finish = (status: number, resBody: string): void =>
				record({
					method: req.method ?? 'GET',
					url: rawUrl,
					headers: req.headers,
					body: body.toString('utf8'),
					status,
					resBody,
				});
			const reject = (status: number, payload: Record<string, string>): void => {
				if (res.headersSent) return;
				sendJson(res, status, payload);
				finish(status, JSON.stringify(payload));
			};

			const { key, path } = extractApiKey(req);
			const upstreamPath = stripPrefix(path);
			if (upstreamPath === undefined) {
				reject(404, { message: 'no Route matched with those values' });
				return;
			}
			if (!key) {
				reject(401, {
					message: 'No API key found in request',
					hint: 'No `apikey` request header or url param was found.',
				});
				return;
			}
			if (!Object.prototype.hasOwnProperty.call(options.apiKeys, key)) {
				reject(401, {
					message: 'Invalid API key',
					hint: 'Double check your Supabase `anon` or `service_role` API key.',
				});
				return;
			}

			const headers: OutgoingHttpHeaders = { ...req.headers, host: upstream.host };
			// Hop-by-hop headers stay on the client's connection (as in Kong). A forwarded `Connection: close`
			// makes PostgREST close a pooled keep-alive socket under the agent: parallel requests then hit
			// ECONNRESET and got 502s.
			delete headers.connection;
			delete headers['keep-alive'];
			const replacement = options.apiKeys[key];
			if (replacement) {
				const authorization = headerValue(req.headers, 'authorization');
				// supabase-js sends the key itself as the bearer token; a user's session token is kept.
				if (!authorization || authorization === `Bearer ${key}`) headers.authorization = `Bearer ${replacement}`;
			}

			const upstreamReq = httpRequest(
				{
					protocol: upstream.protocol,
					hostname: upstream.hostname,
					port: upstream.port,
					method: req.method,
					path: upstreamPath,
					headers,
					agent,
				},
				(upstreamRes) => {
					const chunks: Buffer[] = [];
					upstreamRes.on('data', (chunk: Buffer) => chunks.push(chunk));
					upstreamRes.on('error', () => reject(502, { message: 'An invalid response was received from the upstream server' }));
					upstreamRes.on('end', () => {
						const payload = Buffer.concat(chunks);
						const responseHeaders: OutgoingHttpHeaders = {};
						for (const [name, value] of Object.entries(upstreamRes.headers)) {
							if (value === undefined) continue;
							if (name === 'transfer-encoding' || name === 'connection' || name === 'keep-alive') continue;
							responseHeaders[name] = value;
						}
						responseHeaders['content-length'] = payload.length;
						const status = upstreamRes.statusCode ?? 502;
						res.writeHead(status, responseHeaders);
						res.end(payload);
						finish(status, payload.toString('utf8'));
					});
				},
			);
			upstreamReq.on('error', () =>
				reject(502, { message: 'An invalid response was received from the upstream server' }),
			);
			upstreamReq.end(body);
		})().catch((error: unknown) => {
			if (!res.headersSent) sendJson(res, 500, { message: String(error) });
			else res.destroy();
		});
	});

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;

	let stopping: Promise<void> | undefined;
	return {
		url: `http://127.0.0.1:${port}`,
		exchanges,
		lastSeq: () => seq,
		clear: () => {
			recorded = [];
		},
		stop: () =>
			(stopping ??= new Promise<void>((resolve) => {
				server.close(() => resolve());
				// Clients (undici) keep idle connections open; close() alone would wait for them.
				server.closeAllConnections();
				agent.destroy();
			})),
	};
}
