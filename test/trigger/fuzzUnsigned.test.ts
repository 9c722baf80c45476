import { createHmac } from 'node:crypto';
import fc from 'fast-check';

import { callEventCase, documentedVerify, hmacHex, jsonTree, layoutArbitrary, serialize, signature } from '../support/fuzz/arbitraries';
import {
	API_KEY,
	isParsedAsJson,
	JSON_CONTENT_TYPES,
	OTHER_CONTENT_TYPES,
	parseJson,
	RUNS,
	useTriggerServers,
	type HeaderValue,
	type Mode,
} from './fuzzHelpers';

// Thousands of real HTTP requests per property: 15–30 s in a fresh worker, which test/support/setup/sequencer.js gives
// it; started after ~30 other files in one worker it grew to 5.5 GB and took 277–451 s. A ceiling, not a measure.
jest.setTimeout(600_000);

const { deliver } = useTriggerServers(['callEvents', 'customFunction', 'inboundCall', 'bodylessFunction']);

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
