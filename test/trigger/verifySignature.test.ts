import { createHmac } from 'node:crypto';
import { sign, symmetric } from 'retell-sdk/lib/webhook_auth';

import { SIGNATURE_TOLERANCE_MS, verifyRetellSignature } from '../../nodes/RetellTrigger/verifySignature';

// The worked example of retell-api.md §5.1.
const KEY = 'key_test_0123456789abcdef';
const BODY = '{"event":"call_ended","call":{"call_id":"call_abc123","agent_id":"agent_xyz","call_status":"ended"}}';
const V = 1767225600000;
const DIGEST = 'b60cc1d0d633f75e777b9df93c9ebaf57ffc3ceb5790d9f91c3ac95b11eaa498';
const EMPTY_BODY_DIGEST = 'd62946da099da6aeb2979eb18d91d7256f9c108cf9825626e5eeacfa00487f34';
const HEADER = `v=${V},d=${DIGEST}`;

function signed(body: Buffer | string, key: string, v: number): string {
	return `v=${v},d=${createHmac('sha256', key).update(body).update(String(v)).digest('hex')}`;
}

describe('verifyRetellSignature', () => {
	it('accepts the documented worked example, as a string and as bytes', () => {
		expect(verifyRetellSignature(BODY, HEADER, KEY, V)).toBe(true);
		expect(verifyRetellSignature(Buffer.from(BODY), HEADER, KEY, V)).toBe(true);
	});

	it('accepts the documented empty-body example (GET/DELETE custom functions)', () => {
		expect(verifyRetellSignature('', `v=${V},d=${EMPTY_BODY_DIGEST}`, KEY, V)).toBe(true);
		expect(verifyRetellSignature(Buffer.alloc(0), `v=${V},d=${EMPTY_BODY_DIGEST}`, KEY, V)).toBe(true);
		expect(verifyRetellSignature('{}', `v=${V},d=${EMPTY_BODY_DIGEST}`, KEY, V)).toBe(false);
	});

	it('rejects a tampered body, including a re-serialised one', () => {
		expect(verifyRetellSignature(BODY.replace('ended"}', 'ongoing"}'), HEADER, KEY, V)).toBe(false);
		expect(verifyRetellSignature(JSON.stringify(JSON.parse(BODY), null, 1), HEADER, KEY, V)).toBe(false);
		expect(verifyRetellSignature(`${BODY}\n`, HEADER, KEY, V)).toBe(false);
	});

	it('rejects a tampered digest or timestamp', () => {
		const flipped = DIGEST.slice(0, -1) + (DIGEST.endsWith('8') ? '9' : '8');
		expect(verifyRetellSignature(BODY, `v=${V},d=${flipped}`, KEY, V)).toBe(false);
		expect(verifyRetellSignature(BODY, `v=${V + 1},d=${DIGEST}`, KEY, V)).toBe(false);
	});

	it('rejects the wrong key and an empty key', () => {
		expect(verifyRetellSignature(BODY, HEADER, `${KEY}x`, V)).toBe(false);
		expect(verifyRetellSignature(BODY, HEADER, '', V)).toBe(false);
	});

	it.each([
		['1 s late', V + 1000, true],
		['exactly 5 minutes late', V + SIGNATURE_TOLERANCE_MS, true],
		['exactly 5 minutes early', V - SIGNATURE_TOLERANCE_MS, true],
		['5 minutes and 1 ms late', V + SIGNATURE_TOLERANCE_MS + 1, false],
		['5 minutes and 1 ms early', V - SIGNATURE_TOLERANCE_MS - 1, false],
		['a day late', V + 86_400_000, false],
	])('with the clock %s: %s', (_label, now, expected) => {
		expect(SIGNATURE_TOLERANCE_MS).toBe(300_000);
		expect(verifyRetellSignature(BODY, HEADER, KEY, now)).toBe(expected);
	});

	it.each([
		['missing', undefined],
		['empty', ''],
		['a space after the comma', `v=${V}, d=${DIGEST}`],
		['spaces around it', ` ${HEADER} `],
		['the parts swapped', `d=${DIGEST},v=${V}`],
		['a 63-character digest', `v=${V},d=${DIGEST.slice(1)}`],
		['a 65-character digest', `v=${V},d=${DIGEST}0`],
		['a non-hex digest', `v=${V},d=${DIGEST.slice(0, -1)}g`],
		['no timestamp', `v=,d=${DIGEST}`],
		['a negative timestamp', `v=-${V},d=${DIGEST}`],
		['an unsafe integer timestamp', `v=99999999999999999999,d=${DIGEST}`],
		['a bare digest', DIGEST],
	])('rejects a header with %s', (_label, header) => {
		expect(verifyRetellSignature(BODY, header, KEY, V)).toBe(false);
	});

	it('rejects a timestamp in seconds, even when it is signed correctly', () => {
		const seconds = Math.floor(V / 1000);
		expect(verifyRetellSignature(BODY, signed(BODY, KEY, seconds), KEY, V)).toBe(false);
	});

	it('accepts an upper-case hex digest, as retell-sdk 5.66.1 does', () => {
		expect(verifyRetellSignature(BODY, `v=${V},d=${DIGEST.toUpperCase()}`, KEY, V)).toBe(true);
		expect(verifyRetellSignature(BODY, `V=${V},D=${DIGEST}`, KEY, V)).toBe(true);
	});

	it('signs unicode bodies over their UTF-8 bytes: string and Buffer agree', () => {
		const body = '{"call":{"metadata":{"name":"Zoë Ñúñez — 你好 👋"}},"event":"call_started"}';
		const header = signed(Buffer.from(body, 'utf8'), KEY, V);
		expect(verifyRetellSignature(body, header, KEY, V)).toBe(true);
		expect(verifyRetellSignature(Buffer.from(body, 'utf8'), header, KEY, V)).toBe(true);
		// The same text with escaped non-ASCII is other bytes, so another signature.
		expect(verifyRetellSignature(body.replace('ë', '\\u00eb'), header, KEY, V)).toBe(false);
		// Bytes that are not valid UTF-8 are verified as the bytes they are.
		const latin1 = Buffer.from('{"name":"Zo\xeb"}', 'latin1');
		expect(verifyRetellSignature(latin1, signed(latin1, KEY, V), KEY, V)).toBe(true);
	});

	it('never throws, whatever it is given', () => {
		const odd: unknown[] = [null, 42, {}, []];
		for (const value of odd) {
			expect(() => verifyRetellSignature(value as string, value as string, value as string, NaN)).not.toThrow();
			expect(verifyRetellSignature(value as string, value as string, value as string, NaN)).toBe(false);
		}
	});

	describe('against retell-sdk 5.66.1', () => {
		it("verifies the SDK's own `sign` output", async () => {
			const header = await sign(BODY, KEY);
			expect(verifyRetellSignature(BODY, header, KEY, Date.now())).toBe(true);
			expect(verifyRetellSignature(BODY, header, 'another key', Date.now())).toBe(false);
		});

		it("agrees with the SDK's verifier on the worked example at a fixed clock", async () => {
			for (const [now, expected] of [
				[V, true],
				[V + SIGNATURE_TOLERANCE_MS, true],
				[V + SIGNATURE_TOLERANCE_MS + 1, false],
			] as const) {
				await expect(symmetric.verify(BODY, KEY, HEADER, { timestamp: now })).resolves.toBe(expected);
				expect(verifyRetellSignature(BODY, HEADER, KEY, now)).toBe(expected);
			}
			await expect(symmetric.verify(BODY, KEY, `v=${V},d=${DIGEST.toUpperCase()}`, { timestamp: V })).resolves.toBe(true);
		});
	});
});
