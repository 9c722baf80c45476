import { Agent } from 'node:http';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { startWebhookServer, type WebhookServer } from '../support/harness';
import { CALL_EVENTS } from '../../nodes/shared/retell/events';
import { signature } from '../support/fuzz/arbitraries';
import { sendRaw, type Reply } from './helpers';

/**
 * Shared by the fuzz*.test.ts files: property-based fuzzing of the Retell Trigger over real HTTP
 * (test/support/harness/webhookServer.ts answers like n8n). Seeds are fixed so CI replays the same cases; a failure
 * prints its seed, path and the shrunk counterexample.
 */

export const API_KEY = 'key_fuzz_0123456789abcdef';
const CREDENTIALS = { retellApi: { apiKey: API_KEY, baseUrl: 'http://127.0.0.1:9' } };

export const RUNS = {
	unsigned: 6_500,
	callEvents: 2_000,
	customFunction: 700,
	inboundCall: 500,
	bodylessFunction: 200,
	anyCallEventBody: 300,
	collisions: 100,
	twoHourCall: 3,
};

export type Mode = 'callEvents' | 'customFunction' | 'inboundCall' | 'bodylessFunction';

const TRIGGER_PARAMETERS: Record<Mode, INodeParameters> = {
	callEvents: { mode: 'callEvents', events: [...CALL_EVENTS] },
	customFunction: { mode: 'customFunction' },
	inboundCall: { mode: 'inboundCall' },
	bodylessFunction: { mode: 'customFunction', httpMethod: 'GET' },
};

export type HeaderValue = string | string[] | undefined;

/** Starts a trigger in each of `modes` before the file's tests and closes them after them; `deliver` sends to them. */
export function useTriggerServers(modes: Mode[]) {
	const servers = new Map<Mode, WebhookServer>();
	// One socket, kept alive: a new connection per case would cost more than many cases themselves.
	const agent = new Agent({ keepAlive: true, maxSockets: 1 });

	beforeAll(async () => {
		for (const mode of modes) {
			servers.set(mode, await startWebhookServer({ trigger: { type: 'retellTrigger', parameters: TRIGGER_PARAMETERS[mode] }, credentials: CREDENTIALS }));
		}
	});

	afterAll(async () => {
		agent.destroy();
		await Promise.all([...servers.values()].map(async (server) => await server.close()));
	});

	function serverFor(mode: Mode): WebhookServer {
		const server = servers.get(mode);
		if (server === undefined) throw new Error(`no trigger server for ${mode}`);
		return server;
	}

	async function send(url: string, body: Buffer, headers: Record<string, HeaderValue>, method = 'POST'): Promise<Reply> {
		const sent: Record<string, string | string[]> = { 'content-length': String(body.length) };
		for (const [name, value] of Object.entries(headers)) if (value !== undefined) sent[name] = value;
		return await sendRaw(url, body, sent, { method, agent });
	}

	/** Sends one request to the trigger in `mode` and waits for the workflow runs it started: the answer and those runs. */
	async function deliver(mode: Mode, body: Buffer, headers: Record<string, HeaderValue>, options: { method?: string; query?: string } = {}) {
		const server = serverFor(mode);
		const reply = await send(server.webhookUrl() + (options.query ?? ''), body, headers, options.method);
		await server.idle();
		// Taken out, not copied: ten thousand retained runs would slow every later case down.
		const executions = server.executions.splice(0);
		server.exchanges.splice(0);
		return { reply, executions };
	}

	return { deliver };
}

/**
 * Exact equality of two JSON values: same own keys (`__proto__` included), same numbers (-0 is not 0). Iterative,
 * because metadata nests 2,000 levels and Node's util.isDeepStrictEqual recurses.
 */
function sameJson(actual: unknown, expected: unknown): boolean {
	const pending: Array<[unknown, unknown]> = [[actual, expected]];
	for (let pair = pending.pop(); pair !== undefined; pair = pending.pop()) {
		const [left, right] = pair;
		if (Object.is(left, right)) continue;
		if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) return false;
		if (Array.isArray(left) !== Array.isArray(right)) return false;
		const leftMembers = Object.entries(left);
		const rightMembers = new Map(Object.entries(right));
		if (leftMembers.length !== rightMembers.size) return false;
		for (const [key, value] of leftMembers) {
			if (!rightMembers.has(key)) return false;
			pending.push([value, rightMembers.get(key)]);
		}
	}
	return true;
}

/** Jest's deep equality, which names the difference, only once the fast comparison has found one. */
export function expectSameJson(actual: unknown, expected: unknown): void {
	if (sameJson(actual, expected)) return;
	expect(actual).toEqual(expected);
	throw new Error('The values differ in a way toEqual does not see');
}

export function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false } {
	try {
		return { ok: true, value: JSON.parse(body.toString('utf8')) };
	} catch {
		return { ok: false };
	}
}

export const JSON_CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'Application/JSON'];
export const OTHER_CONTENT_TYPES = ['text/plain', 'application/octet-stream', 'application/x-www-form-urlencoded', undefined];

export function isParsedAsJson(contentType: string | undefined): boolean {
	return contentType?.split(';')[0].trim().toLowerCase() === 'application/json';
}

export function signedHeaders(body: Buffer, contentType: string | undefined): Record<string, HeaderValue> {
	return { 'content-type': contentType, 'x-retell-signature': signature(API_KEY, body, Date.now()) };
}

/** A documented refusal: 400 with a JSON message, and no execution. */
export function expectDocumentedRefusal(reply: Reply, executions: unknown[]): void {
	expect(reply.status).toBe(400);
	expect(JSON.parse(reply.text)).toEqual({ message: expect.any(String) });
	expect(executions).toHaveLength(0);
}
