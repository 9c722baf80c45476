import { createHmac } from 'node:crypto';
import { Agent } from 'node:http';
import { parse as parseQueryString } from 'node:querystring';
import fc from 'fast-check';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { startWebhookServer, type WebhookServer } from '../harness';
import { CALL_EVENTS, isCallEvent } from '../../nodes/shared/retell/events';
import {
	callEventCase,
	callObject,
	documentedVerify,
	hmacHex,
	jsonLeaf,
	jsonObjectTree,
	jsonTree,
	layoutArbitrary,
	object,
	ObjectText,
	presentText,
	serialize,
	signature,
	twoHourCall,
	unusualKey,
	unusualText,
	type JsonText,
} from '../fuzz/arbitraries';
import { sendRaw, type Reply } from './helpers';

/**
 * Property-based fuzzing of the Retell Trigger over real HTTP (test/harness/webhookServer.ts answers like n8n).
 * Seeds are fixed so CI replays the same cases; a failure prints its seed, path and the shrunk counterexample.
 */

const API_KEY = 'key_fuzz_0123456789abcdef';
const CREDENTIALS = { retellApi: { apiKey: API_KEY, baseUrl: 'http://127.0.0.1:9' } };

const RUNS = {
	unsigned: 6_500,
	callEvents: 2_000,
	customFunction: 700,
	inboundCall: 500,
	bodylessFunction: 200,
	anyCallEventBody: 300,
	collisions: 100,
	twoHourCall: 3,
};

type Mode = 'callEvents' | 'customFunction' | 'inboundCall' | 'bodylessFunction';

const TRIGGER_PARAMETERS: Record<Mode, INodeParameters> = {
	callEvents: { mode: 'callEvents', events: [...CALL_EVENTS] },
	customFunction: { mode: 'customFunction' },
	inboundCall: { mode: 'inboundCall' },
	bodylessFunction: { mode: 'customFunction', httpMethod: 'GET' },
};

const servers = new Map<Mode, WebhookServer>();
// One socket, kept alive: a new connection per case would cost more than many cases themselves.
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

beforeAll(async () => {
	for (const [mode, parameters] of Object.entries(TRIGGER_PARAMETERS)) {
		if (isMode(mode)) servers.set(mode, await startWebhookServer({ trigger: { type: 'retellTrigger', parameters }, credentials: CREDENTIALS }));
	}
});

afterAll(async () => {
	agent.destroy();
	await Promise.all([...servers.values()].map(async (server) => await server.close()));
});

function isMode(value: string): value is Mode {
	return Object.hasOwn(TRIGGER_PARAMETERS, value);
}

function serverFor(mode: Mode): WebhookServer {
	const server = servers.get(mode);
	if (server === undefined) throw new Error(`no trigger server for ${mode}`);
	return server;
}

type HeaderValue = string | string[] | undefined;

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
function expectSameJson(actual: unknown, expected: unknown): void {
	if (sameJson(actual, expected)) return;
	expect(actual).toEqual(expected);
	throw new Error('The values differ in a way toEqual does not see');
}

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false } {
	try {
		return { ok: true, value: JSON.parse(body.toString('utf8')) };
	} catch {
		return { ok: false };
	}
}

const JSON_CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'Application/JSON'];
const OTHER_CONTENT_TYPES = ['text/plain', 'application/octet-stream', 'application/x-www-form-urlencoded', undefined];

function isParsedAsJson(contentType: string | undefined): boolean {
	return contentType?.split(';')[0].trim().toLowerCase() === 'application/json';
}

// ---------------------------------------------------------------------------------------------------
// (a) Whatever Retell did not sign
// ---------------------------------------------------------------------------------------------------

/** A valid `v=<ms>,d=<hex>` rewritten into something the documented pattern refuses (upper-case V=/D=/hex would pass). */
const NEAR_MISSES: ReadonlyArray<readonly [string, (v: string, d: string) => string]> = [
	['spaceAfterComma', (v, d) => `v=${v}, d=${d}`],
	['reordered', (v, d) => `d=${d},v=${v}`],
	['extraField', (v, d) => `v=${v},d=${d},x=1`],
	['semicolon', (v, d) => `v=${v};d=${d}`],
	['stripeStyle', (v, d) => `t=${v},v1=${d}`],
	['digestOnly', (_v, d) => `d=${d}`],
	['timestampOnly', (v) => `v=${v}`],
	['prefixedDigest', (v, d) => `v=${v},d=sha256=${d}`],
	['shortDigest', (v, d) => `v=${v},d=${d.slice(0, -1)}`],
	['longDigest', (v, d) => `v=${v},d=${d}0`],
	['nonHexDigest', (v, d) => `v=${v},d=${d.slice(0, -1)}g`],
	['flippedDigest', (v, d) => `v=${v},d=${d.slice(0, -1)}${d.endsWith('0') ? '1' : '0'}`],
	['plusSign', (v, d) => `v=+${v},d=${d}`],
	['negative', (v, d) => `v=-${v},d=${d}`],
	['decimal', (v, d) => `v=${v}.0,d=${d}`],
	['quoted', (v, d) => `v="${v}",d="${d}"`],
	['base64Digest', (v, d) => `v=${v},d=${Buffer.from(d, 'hex').toString('base64')}`],
	['doubled', (v, d) => `v=${v},d=${d}v=${v},d=${d}`],
];

type Forgery =
	| { kind: 'missing' }
	| { kind: 'literal'; value: string }
	| { kind: 'otherKey'; key: string; skewMs: number }
	| { kind: 'outsideWindow'; skewMs: number }
	| { kind: 'secondsTimestamp' }
	| { kind: 'unsafeTimestamp'; digits: string }
	| { kind: 'otherTimestampSigned'; signedSkewMs: number; sentSkewMs: number }
	| { kind: 'otherMessage'; scheme: 'separator' | 'timestampFirst' | 'bodyOnly' | 'sha1' | 'sha512' }
	| { kind: 'nearMiss'; rewrite: string }
	| { kind: 'duplicated'; first: 'valid' | 'garbage'; second: 'valid' | 'garbage'; garbage: string }
	| { kind: 'tampered'; position: number; change: 'replace' | 'insert' | 'delete'; byte: number };

/** Characters Node lets through in a header value. */
const headerText = fc.string({ unit: fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff }), fc.constant(9)).map((code) => String.fromCharCode(code)), maxLength: 120 });

const forgery: fc.Arbitrary<Forgery> = fc.oneof(
	fc.constant({ kind: 'missing' as const }),
	fc.record({
		kind: fc.constant('literal' as const),
		value: fc.oneof(
			headerText,
			fc.constantFrom('', 'v=1,d=abc', 'null', 'undefined', 'v=,d=', `v=${Date.now()},d=${'0'.repeat(64)}`),
			fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.stringMatching(/^[0-9a-fA-F]{0,70}$/)).map(([v, d]) => `v=${v},d=${d}`),
		),
	}),
	fc.record({
		kind: fc.constant('otherKey' as const),
		key: fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), fc.constantFrom(`${API_KEY} `, API_KEY.toUpperCase(), API_KEY.slice(0, -1))).filter((key) => key !== API_KEY),
		skewMs: fc.integer({ min: -250_000, max: 250_000 }),
	}),
	fc.record({
		kind: fc.constant('outsideWindow' as const),
		// Past ones only get staler on the way; future ones keep a margin for the request's own latency.
		skewMs: fc.oneof(fc.integer({ min: -1_000_000_000_000, max: -301_000 }), fc.integer({ min: 310_000, max: 1_000_000_000_000 })),
	}),
	fc.constant({ kind: 'secondsTimestamp' as const }),
	fc.record({ kind: fc.constant('unsafeTimestamp' as const), digits: fc.bigInt({ min: 2n ** 53n, max: 10n ** 30n }).map(String) }),
	fc.record({
		kind: fc.constant('otherTimestampSigned' as const),
		signedSkewMs: fc.integer({ min: -200_000, max: 200_000 }),
		sentSkewMs: fc.integer({ min: -200_000, max: 200_000 }),
	}).filter(({ signedSkewMs, sentSkewMs }) => signedSkewMs !== sentSkewMs),
	fc.record({ kind: fc.constant('otherMessage' as const), scheme: fc.constantFrom('separator' as const, 'timestampFirst' as const, 'bodyOnly' as const, 'sha1' as const, 'sha512' as const) }),
	fc.record({ kind: fc.constant('nearMiss' as const), rewrite: fc.constantFrom(...NEAR_MISSES.map(([name]) => name)) }),
	fc.record({
		kind: fc.constant('duplicated' as const),
		first: fc.constantFrom('valid' as const, 'garbage' as const),
		second: fc.constantFrom('valid' as const, 'garbage' as const),
		garbage: headerText,
	}),
	fc.record({
		kind: fc.constant('tampered' as const),
		position: fc.nat(),
		change: fc.constantFrom('replace' as const, 'insert' as const, 'delete' as const),
		byte: fc.integer({ min: 1, max: 255 }),
	}),
);

function tamper(body: Buffer, { position, change, byte }: Extract<Forgery, { kind: 'tampered' }>): Buffer {
	if (body.length === 0 || change === 'insert') {
		const at = body.length === 0 ? 0 : position % (body.length + 1);
		return Buffer.concat([body.subarray(0, at), Buffer.from([byte]), body.subarray(at)]);
	}
	const at = position % body.length;
	if (change === 'delete') return Buffer.concat([body.subarray(0, at), body.subarray(at + 1)]);
	const changed = Buffer.from(body);
	changed[at] = (changed[at] + byte) % 256;
	return changed;
}

/** The header and body a forger sends, at `nowMs`. */
function forge(attack: Forgery, body: Buffer, nowMs: number): { header: HeaderValue; body: Buffer } {
	const now = String(nowMs);
	switch (attack.kind) {
		case 'missing':
			return { header: undefined, body };
		case 'literal':
			return { header: attack.value, body };
		case 'otherKey':
			return { header: signature(attack.key, body, nowMs + attack.skewMs), body };
		case 'outsideWindow':
			return { header: signature(API_KEY, body, nowMs + attack.skewMs), body };
		case 'secondsTimestamp':
			return { header: signature(API_KEY, body, Math.floor(nowMs / 1000)), body };
		case 'unsafeTimestamp':
			return { header: `v=${attack.digits},d=${hmacHex(API_KEY, body, attack.digits)}`, body };
		case 'otherTimestampSigned': {
			const sent = String(nowMs + attack.sentSkewMs);
			return { header: `v=${sent},d=${hmacHex(API_KEY, body, String(nowMs + attack.signedSkewMs))}`, body };
		}
		case 'otherMessage': {
			const digest = {
				separator: () => hmacHex(API_KEY, Buffer.concat([body, Buffer.from('.')]), now),
				// Over an empty body, timestamp-first is the real message: sign it with a separator then.
				timestampFirst: () => createHmac('sha256', API_KEY).update(body.length === 0 ? `${now}.` : now).update(body).digest('hex'),
				bodyOnly: () => createHmac('sha256', API_KEY).update(body).digest('hex'),
				sha1: () => createHmac('sha1', API_KEY).update(body).update(now).digest('hex'),
				sha512: () => createHmac('sha512', API_KEY).update(body).update(now).digest('hex'),
			}[attack.scheme]();
			return { header: `v=${now},d=${digest}`, body };
		}
		case 'nearMiss': {
			const rewrite = NEAR_MISSES.find(([name]) => name === attack.rewrite)?.[1];
			if (rewrite === undefined) throw new Error(`no near miss named ${attack.rewrite}`);
			return { header: rewrite(now, hmacHex(API_KEY, body, now)), body };
		}
		case 'duplicated': {
			const pick = (which: 'valid' | 'garbage') => (which === 'valid' ? signature(API_KEY, body, nowMs) : attack.garbage);
			return { header: [pick(attack.first), pick(attack.second)], body };
		}
		case 'tampered':
			return { header: signature(API_KEY, body, nowMs), body: tamper(body, attack) };
	}
}

const anyBody: fc.Arbitrary<Buffer> = fc.oneof(
	callEventCase.map(({ body, layout }) => Buffer.from(serialize(body, layout))),
	fc.tuple(jsonTree, layoutArbitrary).map(([value, layout]) => Buffer.from(serialize(value, layout))),
	fc.uint8Array({ maxLength: 2_000 }).map((bytes) => Buffer.from(bytes)),
	fc.tuple(callEventCase, fc.nat(), fc.integer({ min: 1, max: 255 })).map(([{ body, layout }, position, byte]) =>
		tamper(Buffer.from(serialize(body, layout)), { kind: 'tampered', position, change: 'replace', byte }),
	),
	fc.constant(Buffer.alloc(0)),
);

describe('Retell Trigger fuzz: nothing unsigned starts a workflow', () => {
	it(`answers 401 (or n8n's own 422 for unparsable JSON) and starts nothing, for ${RUNS.unsigned.toLocaleString('en')} forged requests`, async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.constantFrom<Mode>('callEvents', 'customFunction', 'inboundCall', 'bodylessFunction'),
				anyBody,
				forgery,
				fc.constantFrom(...JSON_CONTENT_TYPES, ...OTHER_CONTENT_TYPES),
				async (mode, originalBody, attack, contentType) => {
					const { header, body } = forge(attack, originalBody, Date.now());
					// Guards the generators: no case may be one the documented rule accepts.
					expect(documentedVerify(body, Array.isArray(header) ? header.join(', ') : header, API_KEY, Date.now())).toBe(false);

					const { reply, executions } = await deliver(mode, body, { 'content-type': contentType, 'x-retell-signature': header }, {
						method: mode === 'bodylessFunction' ? 'GET' : 'POST',
					});
					const unparsable = isParsedAsJson(contentType) && body.length > 0 && !parseJson(body).ok;
					// n8n's body parser refuses invalid JSON before any node runs; everything else reaches the signature check.
					expect(reply).toEqual(unparsable ? { status: 422, text: expect.stringContaining('Failed to parse request body') } : { status: 401, text: '' });
					expect(executions).toHaveLength(0);
				},
			),
			{ seed: 0x5e7a1, numRuns: RUNS.unsigned },
		);
	});
});

// ---------------------------------------------------------------------------------------------------
// (b) Signed but unusual payloads
// ---------------------------------------------------------------------------------------------------

/**
 * The item the node documents for a call event (payloads.ts `toCallEventItem`): `event`, then the call's own
 * fields, then the other top-level fields, every value exactly as JSON.parse reads the raw body.
 */
function documentedCallEventItem(body: unknown): IDataObject {
	if (!isObject(body) || !isObject(body.call)) throw new Error('the generator made a body without a call object');
	const { event, call, ...topLevel } = body;
	return { event, ...call, ...topLevel };
}

function signedHeaders(body: Buffer, contentType: string | undefined): Record<string, HeaderValue> {
	return { 'content-type': contentType, 'x-retell-signature': signature(API_KEY, body, Date.now()) };
}

async function expectOneLosslessCallEvent(bodyText: string): Promise<void> {
	const body = Buffer.from(bodyText);
	const { reply, executions } = await deliver('callEvents', body, signedHeaders(body, 'application/json'));
	expect(reply).toEqual({ status: 200, text: '' });
	expect(executions.map((run) => [run.status, run.error?.message])).toEqual([['success', undefined]]);
	expectSameJson(executions[0].json(), [documentedCallEventItem(JSON.parse(bodyText))]);
}

describe('Retell Trigger fuzz: signed call events reach the workflow losslessly', () => {
	it(`starts exactly one execution whose item is the flattened body, for ${RUNS.callEvents.toLocaleString('en')} unusual events of all 8 types`, async () => {
		await fc.assert(
			fc.asyncProperty(callEventCase, async ({ body, layout }) => {
				await expectOneLosslessCallEvent(serialize(body, layout));
			}),
			{ seed: 0xca11, numRuns: RUNS.callEvents },
		);
	});

	it(`keeps a two-hour call's transcript (several MB) exact, for ${RUNS.twoHourCall} events`, async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.constantFrom<'call_ended' | 'call_analyzed' | 'transcript_updated'>('call_ended', 'call_analyzed', 'transcript_updated'),
				layoutArbitrary,
				async (event, layout) => {
					const text = serialize(object({ event, call: twoHourCall('call_two_hours', 40, 520) }), layout);
					expect(Buffer.byteLength(text)).toBeGreaterThan(2 * 1024 * 1024);
					await expectOneLosslessCallEvent(text);
				},
			),
			{ seed: 0x7200, numRuns: RUNS.twoHourCall },
		);
	});
});

// ---------------------------------------------------------------------------------------------------
// Custom functions and inbound calls: 2xx or a documented 4xx, never 5xx
// ---------------------------------------------------------------------------------------------------

/** A documented refusal: 400 with a JSON message, and no execution. */
function expectDocumentedRefusal(reply: Reply, executions: unknown[]): void {
	expect(reply.status).toBe(400);
	expect(JSON.parse(reply.text)).toEqual({ message: expect.any(String) });
	expect(executions).toHaveLength(0);
}

const functionBody: fc.Arbitrary<JsonText> = fc.oneof(
	// Retell's default: {name, call, args}, members in any order.
	fc
		.record(
			{ name: fc.oneof(presentText, jsonTree), call: fc.oneof({ weight: 4, arbitrary: callObject('call_started') }, { weight: 1, arbitrary: jsonTree }), args: fc.oneof(jsonObjectTree, jsonTree) },
			{ requiredKeys: ['name', 'call'] },
		)
		.chain((fields) => fc.shuffledSubarray(Object.entries(fields), { minLength: Object.keys(fields).length, maxLength: Object.keys(fields).length }))
		.map((members) => new ObjectText(members)),
	// "Payload: args only".
	jsonObjectTree,
	jsonTree,
);

/** The item the node documents for a custom-function request (payloads.ts `toFunctionCallItem`). */
function documentedFunctionItem(body: unknown): IDataObject {
	const base = { http_method: 'POST', query: {} };
	if (!isObject(body)) throw new Error('only an object body may start an execution');
	const { name, call, args } = body;
	if (typeof name === 'string' && isObject(call) && typeof call.call_id === 'string') {
		return {
			function_name: name,
			args: isObject(args) ? args : {},
			call_id: call.call_id,
			agent_id: typeof call.agent_id === 'string' ? call.agent_id : null,
			call,
			args_at_root: false,
			...base,
		};
	}
	return { function_name: null, args: body, call_id: null, call: null, args_at_root: true, ...base };
}

const inboundBody: fc.Arbitrary<JsonText> = fc
	.record(
		{
			event: fc.oneof({ weight: 5, arbitrary: fc.constant('call_inbound') }, { weight: 1, arbitrary: jsonLeaf }),
			call_inbound: fc.oneof(
				{
					weight: 5,
					arbitrary: fc
						.record(
							{
								from_number: fc.oneof({ weight: 5, arbitrary: presentText }, { weight: 1, arbitrary: jsonLeaf }),
								to_number: fc.oneof({ weight: 5, arbitrary: presentText }, { weight: 1, arbitrary: jsonLeaf }),
								agent_id: fc.oneof(presentText, jsonLeaf),
								agent_version: jsonLeaf,
								call_id: fc.oneof(presentText, jsonLeaf),
								custom_sip_headers: jsonObjectTree,
								x_extra: jsonTree,
							},
							{ requiredKeys: [] },
						)
						.map(object),
				},
				{ weight: 1, arbitrary: jsonTree },
			),
			event_timestamp: jsonLeaf,
			top_extra: jsonTree,
		},
		{ requiredKeys: [] },
	)
	.map(object);

/** The item the node documents for the inbound webhook (payloads.ts `toInboundCallItem`), or undefined for a refusal. */
function documentedInboundItem(body: unknown): IDataObject | undefined {
	if (!isObject(body) || body.event !== 'call_inbound' || !isObject(body.call_inbound)) return undefined;
	const { event, call_inbound: inbound, ...topLevel } = body;
	const present = (value: unknown) => typeof value === 'string' && value !== '';
	if (!present(inbound.from_number) || !present(inbound.to_number)) return undefined;
	return { event, ...inbound, ...topLevel };
}

describe('Retell Trigger fuzz: custom functions and inbound calls answer 2xx or a documented 4xx', () => {
	it(`custom function: ${RUNS.customFunction.toLocaleString('en')} signed requests with random bodies and content types`, async () => {
		await fc.assert(
			fc.asyncProperty(functionBody, layoutArbitrary, fc.constantFrom(...JSON_CONTENT_TYPES, 'application/vnd.retell+json', ...OTHER_CONTENT_TYPES), fc.boolean(), async (value, layout, contentType, empty) => {
				const body = Buffer.from(empty ? '' : serialize(value, layout));
				const { reply, executions } = await deliver('customFunction', body, signedHeaders(body, contentType));
				const parsed = parseJson(body);
				if (isParsedAsJson(contentType) && parsed.ok && isObject(parsed.value)) {
					// The last node is the trigger itself, so its item is the answer.
					expect(reply.status).toBe(200);
					expect(executions.map((run) => run.status)).toEqual(['success']);
					expectSameJson(executions[0].json(), [documentedFunctionItem(parsed.value)]);
				} else {
					expectDocumentedRefusal(reply, executions);
				}
			}),
			{ seed: 0xf00d, numRuns: RUNS.customFunction },
		);
	});

	it(`custom function over GET: ${RUNS.bodylessFunction.toLocaleString('en')} signed requests with random query strings`, async () => {
		const wellFormed = (text: string) => !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
		await fc.assert(
			fc.asyncProperty(fc.array(fc.tuple(unusualKey, unusualText), { maxLength: 6 }), async (pairs) => {
				const wellFormedPairs = pairs.filter(([key, value]) => wellFormed(key) && wellFormed(value));
				const search = wellFormedPairs.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&');
				const { reply, executions } = await deliver('bodylessFunction', Buffer.alloc(0), signedHeaders(Buffer.alloc(0), undefined), {
					method: 'GET',
					query: search === '' ? '' : `?${search}`,
				});
				expect(reply.status).toBe(200);
				expect(executions.map((run) => run.status)).toEqual(['success']);
				expectSameJson(executions[0].json(), [
					{ function_name: null, args: {}, call_id: null, call: null, args_at_root: false, http_method: 'GET', query: { ...parseQueryString(search) } },
				]);
			}),
			{ seed: 0x6e7, numRuns: RUNS.bodylessFunction },
		);
	});

	it(`inbound call: ${RUNS.inboundCall.toLocaleString('en')} signed requests with random bodies`, async () => {
		await fc.assert(
			fc.asyncProperty(inboundBody, layoutArbitrary, async (value, layout) => {
				const body = Buffer.from(serialize(value, layout));
				const { reply, executions } = await deliver('inboundCall', body, signedHeaders(body, 'application/json'));
				const expected = documentedInboundItem(JSON.parse(body.toString('utf8')));
				if (expected === undefined) {
					expectDocumentedRefusal(reply, executions);
					return;
				}
				expect(reply.status).toBe(200);
				expect(executions.map((run) => run.status)).toEqual(['success']);
				expectSameJson(executions[0].json(), [expected]);
			}),
			{ seed: 0x1b0d, numRuns: RUNS.inboundCall },
		);
	});
});

describe('Retell Trigger fuzz: signed call-event bodies of any shape', () => {
	const anyEventName = fc.oneof(fc.constantFrom(...CALL_EVENTS), fc.constantFrom('chat_started', 'call_inbound', 'call.started', ''), jsonLeaf);
	const eventBody: fc.Arbitrary<JsonText> = fc.oneof(
		jsonTree,
		fc
			.record({ event: anyEventName, call: fc.oneof(jsonTree, jsonObjectTree), chat: jsonObjectTree }, { requiredKeys: [] })
			.map(object),
	);

	it(`answers 200 (with one execution for a subscribed event with a call object) or 400, for ${RUNS.anyCallEventBody.toLocaleString('en')} bodies`, async () => {
		await fc.assert(
			fc.asyncProperty(eventBody, layoutArbitrary, async (value, layout) => {
				const body = Buffer.from(serialize(value, layout));
				const { reply, executions } = await deliver('callEvents', body, signedHeaders(body, 'application/json'));
				const parsed: unknown = JSON.parse(body.toString('utf8'));
				const event = isObject(parsed) ? parsed.event : undefined;
				if (!isObject(parsed) || typeof event !== 'string' || event === '') {
					expectDocumentedRefusal(reply, executions);
				} else if (!isCallEvent(event)) {
					// Events the trigger does not listen to are acknowledged, so Retell does not retry them.
					expect(reply.status).toBe(200);
					expect(executions).toHaveLength(0);
				} else if (!isObject(parsed.call)) {
					expectDocumentedRefusal(reply, executions);
				} else {
					expect(reply.status).toBe(200);
					expect(executions.map((run) => run.status)).toEqual(['success']);
					expectSameJson(executions[0].json(), [documentedCallEventItem(parsed)]);
				}
			}),
			{ seed: 0xbad, numRuns: RUNS.anyCallEventBody },
		);
	});

	it(`keeps the top-level transfer_destination and drops the call's own (the one lossy case), for ${RUNS.collisions} transfer events`, async () => {
		const transferEvent = fc.constantFrom('transfer_started' as const, 'transfer_bridged' as const, 'transfer_cancelled' as const);
		await fc.assert(
			fc.asyncProperty(transferEvent, presentText, callObject('transfer_started'), async (event, callDestination, call) => {
				const sent = object({
					event,
					call: new ObjectText([...call.members, ['transfer_destination', callDestination]]),
					transfer_destination: object({ number: '+14155550199' }),
				});
				const body = Buffer.from(serialize(sent));
				const { reply, executions } = await deliver('callEvents', body, signedHeaders(body, 'application/json'));
				expect(reply.status).toBe(200);
				// retell-sdk's call object has `transfer_destination?: string | null`; the transfer events also carry
				// `transfer_destination: {number, extension?}` beside `call`. The flat item can hold only one of them.
				const [item] = executions[0].json();
				expect(item.transfer_destination).toEqual({ number: '+14155550199' });
				expectSameJson(item, documentedCallEventItem(JSON.parse(body.toString('utf8'))));
			}),
			{ seed: 0xc011, numRuns: RUNS.collisions },
		);
	});
});
