import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isDeepStrictEqual } from 'node:util';
import { RetellHttpError, badRequest, defaultMessage, errorBody, routeNotFound } from './errors';
import type { EmulatorCore, MultipartBody, Reply } from './http';
import { serveMedia } from './media';
import { Router } from './router';
import { REMOVED_ROUTES, ROUTES } from './routes';
import { type ContractRequest, type ContractViolation, reportContractViolation, sharedContract } from './contract';
import type { FailNextMatch, FailNextReply, RecordedRequest } from './types';
import { isRecord } from './validate';

/** Scripted faults from `failNext`, consumed in the order they were added. */
export class FaultScripts {
	private readonly scripts: Array<{ match: FailNextMatch; reply: FailNextReply; remaining: number }> = [];

	add(match: FailNextMatch, reply: FailNextReply, times: number): void {
		this.scripts.push({ match, reply, remaining: times });
	}

	take(method: string, path: string, body: unknown): FailNextReply | undefined {
		const index = this.scripts.findIndex(
			({ match }) =>
				(match.method === undefined || match.method.toUpperCase() === method) &&
				(match.path === undefined || (typeof match.path === 'string' ? match.path === path : match.path.test(path))) &&
				(match.body === undefined || holdsFields(body, match.body)),
		);
		if (index < 0) return undefined;
		const script = this.scripts[index]!;
		if (--script.remaining <= 0) this.scripts.splice(index, 1);
		return script.reply;
	}

	clear(): void {
		this.scripts.length = 0;
	}
}

function holdsFields(body: unknown, fields: Record<string, unknown>): boolean {
	return isRecord(body) && Object.entries(fields).every(([name, value]) => isDeepStrictEqual(body[name], value));
}

/** Sees every API request after its body is read and before it is answered; the answer waits for it. */
export type RequestListener = (request: RecordedRequest) => void | Promise<void>;

/** What the emulator does with a request: answer it, or close the connection without an answer. */
type Outcome = Reply | 'dropConnection';

interface ParsedBody {
	body: unknown;
	multipart?: MultipartBody;
	/** What the request log shows as the body. */
	recorded: unknown;
	error?: RetellHttpError;
}

const MAX_BODY_BYTES = 64 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) {
				reject(new RetellHttpError(413, 'Request body too large.'));
				req.destroy();
			} else {
				chunks.push(chunk);
			}
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

async function parseMultipart(contentType: string, raw: Buffer): Promise<MultipartBody> {
	const form = await new Request('http://emulator.invalid/', { method: 'POST', headers: { 'content-type': contentType }, body: raw }).formData();
	const parsed: MultipartBody = { fields: {}, files: {} };
	for (const [name, value] of form.entries()) {
		if (typeof value === 'string') {
			(parsed.fields[name] ??= []).push(value);
		} else {
			const data = Buffer.from(await value.arrayBuffer());
			(parsed.files[name] ??= []).push({ filename: value.name, type: value.type, size: data.length, data });
		}
	}
	return parsed;
}

async function parseBody(contentType: string | undefined, raw: Buffer): Promise<ParsedBody> {
	if (raw.length === 0) return { body: undefined, recorded: undefined };
	const type = (contentType ?? '').toLowerCase();
	if (type.startsWith('multipart/form-data')) {
		try {
			const multipart = await parseMultipart(contentType!, raw);
			const recorded: Record<string, unknown> = {};
			for (const [name, values] of Object.entries(multipart.fields)) recorded[name] = values.length === 1 ? values[0] : values;
			for (const [name, files] of Object.entries(multipart.files)) recorded[name] = files.map(({ filename, size, type: fileType }) => ({ filename, size, type: fileType }));
			return { body: undefined, multipart, recorded };
		} catch {
			return { body: undefined, recorded: undefined, error: badRequest('Malformed multipart body.') };
		}
	}
	const text = raw.toString('utf8');
	if (!type.includes('json')) return { body: undefined, recorded: text, error: badRequest('Send JSON with Content-Type: application/json.') };
	try {
		const body: unknown = JSON.parse(text);
		return { body, recorded: body };
	} catch {
		return { body: undefined, recorded: text, error: badRequest('The body is not valid JSON.') };
	}
}

function isAuthorized(header: string | undefined, apiKey: string): boolean {
	const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
	return match !== null && match[1] === apiKey;
}

function errorReply(error: RetellHttpError): Reply {
	return { status: error.status, body: errorBody(error.message), headers: error.headers };
}

export interface ServerParts {
	core: EmulatorCore;
	requests: RecordedRequest[];
	faults: FaultScripts;
	requestListeners: Set<RequestListener>;
	/** PRNG for `errorRate`, separate from the simulation PRNG so knobs do not shift simulated content. */
	errorRandom: () => number;
	contractViolations: ContractViolation[];
}

/** A check that cannot run (a schema Ajv refuses) is reported like a violation, never answered as a Retell error. */
function checkContract(request: ContractRequest): ContractViolation | undefined {
	try {
		return sharedContract().check(request);
	} catch (error) {
		return { request: `${request.method} ${request.path}`, problems: [`the contract check failed: ${error instanceof Error ? error.message : String(error)}`] };
	}
}

export function createEmulatorServer({ core, requests, faults, requestListeners, errorRandom, contractViolations }: ServerParts): Server {
	const router = new Router(ROUTES);
	let inFlight = 0;

	async function answer(method: string, path: string, query: Record<string, string>, req: IncomingMessage, res: ServerResponse, parsed: ParsedBody): Promise<Outcome> {
		const { options } = core;
		if (options.latencyMs > 0) await core.scheduler.sleep(options.latencyMs);
		const fault = faults.take(method, path, parsed.body);
		/** The fault's own outcome, or the real answer when the fault only stalls it. */
		const scripted = async (script: FailNextReply, real: () => Reply | Promise<Reply>): Promise<Outcome> => {
			if (script.dropConnection) return 'dropConnection';
			if (script.status === undefined) return await real();
			return {
				status: script.status,
				body: script.body ?? (script.status === 204 ? undefined : errorBody(defaultMessage(script.status))),
				headers: script.headers,
			};
		};
		if (fault && !fault.afterHandling) {
			await stall(fault.stallMs, res);
			return await scripted(fault, () => route(method, path, query, req, parsed));
		}
		if (options.errorRate > 0 && errorRandom() < options.errorRate) return errorReply(new RetellHttpError(500));
		const reply = await route(method, path, query, req, parsed);
		if (!fault) return reply;
		await stall(fault.stallMs, res);
		return await scripted(fault, () => reply);
	}

	/** Holds an answer `ms` long, or until the client gives up or the emulator resets or closes. */
	function stall(ms: number | undefined, res: ServerResponse): Promise<void> {
		if (ms === undefined || !(ms > 0)) return Promise.resolve();
		const { signal, release } = core.scheduler.abortable();
		return new Promise((resolve) => {
			let timer: NodeJS.Timeout | undefined;
			const finish = (): void => {
				clearTimeout(timer);
				release();
				res.off('close', finish);
				signal.removeEventListener('abort', finish);
				resolve();
			};
			if (signal.aborted || res.destroyed) return finish();
			// setTimeout cannot wait forever: it fires at once for Infinity.
			if (Number.isFinite(ms)) timer = setTimeout(finish, ms);
			res.once('close', finish);
			signal.addEventListener('abort', finish, { once: true });
		});
	}

	async function route(method: string, path: string, query: Record<string, string>, req: IncomingMessage, parsed: ParsedBody): Promise<Reply> {
		const { options } = core;
		try {
			const match = router.match(method, path);
			if (!match) {
				const gone = REMOVED_ROUTES.find((r) => r.method === method && r.path === path);
				throw routeNotFound(gone ? `${method} ${path} was removed by Retell; use ${gone.use}.` : `${method} ${path} is not a Retell endpoint the emulator serves.`);
			}
			if (!isAuthorized(req.headers.authorization, options.apiKey)) throw new RetellHttpError(401);
			if (parsed.error) throw parsed.error;
			return await match.route.handler({ params: match.params, query, body: parsed.body, multipart: parsed.multipart, core });
		} catch (error) {
			if (error instanceof RetellHttpError) return errorReply(error);
			core.log(`internal error on ${method} ${path}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
			return errorReply(new RetellHttpError(500));
		}
	}

	function send(res: ServerResponse, reply: Reply): void {
		if (res.destroyed || res.headersSent) return;
		const headers = Object.fromEntries(Object.entries(reply.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
		if (reply.body === undefined || reply.status === 204) {
			res.writeHead(reply.status, headers);
			res.end();
			return;
		}
		const isText = typeof reply.body === 'string';
		const payload = Buffer.from(isText ? (reply.body as string) : JSON.stringify(reply.body), 'utf8');
		headers['content-type'] ??= isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8';
		headers['content-length'] = String(payload.length);
		res.writeHead(reply.status, headers);
		res.end(payload);
	}

	async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const method = (req.method ?? 'GET').toUpperCase();
		const url = new URL(req.url ?? '/', 'http://emulator.invalid');
		const path = url.pathname;
		if (path.startsWith('/_emulator/')) {
			const media = serveMedia(core.state, path, url.searchParams);
			res.writeHead(media.status, { 'content-type': media.contentType, 'content-length': String(media.body.length) });
			res.end(method === 'HEAD' ? undefined : media.body);
			return;
		}

		const record: RecordedRequest = {
			method,
			path,
			query: Object.fromEntries(url.searchParams),
			headers: { ...req.headers },
			body: undefined,
			rawBody: '',
			status: 0,
			at: Date.now(),
			answeredAt: 0,
			dropped: false,
		};
		requests.push(record);
		let outcome: Outcome;
		try {
			const raw = await readBody(req);
			record.rawBody = raw.toString('utf8');
			const parsed = await parseBody(req.headers['content-type'], raw);
			record.body = parsed.recorded;
			if (core.options.contractCheck) {
				const violation = checkContract({ method, path, query: record.query, body: parsed.recorded, contentType: req.headers['content-type'] });
				if (violation) {
					contractViolations.push(violation);
					reportContractViolation(violation);
				}
			}
			for (const listener of [...requestListeners]) await listener(record);
			if (inFlight >= core.options.concurrencyLimit) {
				if (core.options.latencyMs > 0) await core.scheduler.sleep(core.options.latencyMs);
				const retryAfter = core.options.rateLimitRetryAfterSeconds;
				outcome = errorReply(new RetellHttpError(429, undefined, retryAfter === null ? {} : { 'retry-after': String(retryAfter) }));
			} else {
				inFlight++;
				try {
					outcome = await answer(method, path, record.query, req, res, parsed);
				} finally {
					inFlight--;
				}
			}
		} catch (error) {
			if (!(error instanceof RetellHttpError)) core.log(`request handling failed on ${method} ${path}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
			outcome = errorReply(error instanceof RetellHttpError ? error : new RetellHttpError(500));
		}
		record.answeredAt = Date.now();
		if (outcome === 'dropConnection') {
			record.dropped = true;
			core.log(`${method} ${path}${url.search} → connection dropped`);
			res.destroy();
			return;
		}
		record.status = outcome.status;
		core.log(`${method} ${path}${url.search} → ${outcome.status}`);
		send(res, outcome);
	}

	return createServer((req, res) => {
		handle(req, res).catch((error: unknown) => {
			core.log(`request handling failed: ${String(error)}`);
			if (!res.headersSent && !res.destroyed) {
				res.writeHead(500);
				res.end();
			}
		});
	});
}
