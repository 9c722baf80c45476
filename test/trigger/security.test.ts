import type { INodeParameters } from 'n8n-workflow';

import type { WebhookServer } from '../support/harness';
import { signRetellBody } from '../support/retell-emulator';
import { sourceAddress } from '../../nodes/RetellTrigger/security';
import { post, SAMPLE_CALL, startTrigger, useRetell } from './helpers';

const account = useRetell();
let server: WebhookServer;
let apiKey: string;

const BODY = JSON.stringify({ event: 'call_started', call: SAMPLE_CALL });

beforeAll(async () => {
	apiKey = account.emulator.apiKey;
});

async function withTrigger(parameters: INodeParameters): Promise<void> {
	server = await startTrigger(account, parameters);
}

afterEach(async () => {
	await server.close();
});

async function send(body: string | Buffer, options: Parameters<typeof post>[2] = {}) {
	const reply = await post(server.webhookUrl(), body, { apiKey, ...options });
	await server.idle();
	return reply;
}

describe('Retell Trigger: refusing what Retell did not sign', () => {
	beforeEach(async () => await withTrigger({ mode: 'callEvents' }));

	it('runs the workflow for a correctly signed event', async () => {
		expect((await send(BODY)).status).toBe(200);
		expect(server.executions).toHaveLength(1);
	});

	it.each([
		['no signature header', { signature: null }],
		['a signature made with another key', { apiKey: 'key_someone_else' }],
		['a signature more than 5 minutes old', { clockSkewMs: -301_000 }],
		['a signature from more than 5 minutes ahead', { clockSkewMs: 301_000 }],
		['a garbage signature', { signature: 'v=1,d=abc' }],
	])('answers 401 with an empty body and starts nothing, for %s', async (_label, options) => {
		const reply = await send(BODY, options);
		expect(reply).toEqual({ status: 401, text: '' });
		expect(server.executions).toHaveLength(0);
	});

	it('answers 401 when the body was changed after signing', async () => {
		const signature = signRetellBody(BODY, apiKey, Date.now());
		const tampered = BODY.replace('ongoing', 'ended');
		expect(await send(tampered, { signature })).toEqual({ status: 401, text: '' });
		// Same JSON, other bytes: re-serialising is tampering too.
		expect((await send(JSON.stringify(JSON.parse(BODY), null, 2), { signature })).status).toBe(401);
		expect(server.executions).toHaveLength(0);
	});

	it('verifies the raw bytes, so non-ASCII text signed by Retell passes', async () => {
		const body = JSON.stringify({ event: 'call_started', call: { ...SAMPLE_CALL, metadata: { name: 'Zoë — 你好' } } });
		expect((await send(body)).status).toBe(200);
		expect(server.executions[0].json()[0]).toMatchObject({ metadata: { name: 'Zoë — 你好' } });
	});

	it('answers 400 for a body without an event, 400 for one that is not an object, 422 for invalid JSON (n8n itself)', async () => {
		expect(await send(JSON.stringify({ call: SAMPLE_CALL }))).toEqual({
			status: 400,
			text: JSON.stringify({ message: 'The request body has no "event"' }),
		});
		expect((await send(JSON.stringify(['call_started']))).status).toBe(400);
		expect((await send(JSON.stringify({ event: 'call_started' }))).status).toBe(400);
		expect((await send('{"event": "call_started",')).status).toBe(422);
		expect(server.executions).toHaveLength(0);
	});
});

describe('Retell Trigger: skipping the signature check', () => {
	it('accepts unsigned requests only when the option is on', async () => {
		await withTrigger({ mode: 'callEvents', skipSignatureCheck: true });
		expect((await send(BODY, { signature: null })).status).toBe(200);
		expect(server.executions).toHaveLength(1);
	});
});

describe('Retell Trigger: source IP allowlist', () => {
	it("refuses a request from an address that is not allowed (Retell's by default), even when signed", async () => {
		await withTrigger({ mode: 'callEvents', options: { allowedIps: '100.20.5.228' } });
		expect(await send(BODY)).toEqual({ status: 403, text: '' });
		expect(server.executions).toHaveLength(0);
	});

	it('accepts an allowed address, and still checks the signature', async () => {
		await withTrigger({ mode: 'callEvents', options: { allowedIps: '100.20.5.228, 127.0.0.1' } });
		expect((await send(BODY)).status).toBe(200);
		expect((await send(BODY, { signature: null })).status).toBe(401);
		expect(server.executions).toHaveLength(1);
	});

	it('behind a reverse proxy, trusts only the entry the proxy appended', async () => {
		await withTrigger({ mode: 'callEvents', options: { allowedIps: '100.20.5.228', behindProxy: true } });
		expect((await send(BODY, { headers: { 'x-forwarded-for': '10.0.0.1, 100.20.5.228' } })).status).toBe(200);
		expect((await send(BODY, { headers: { 'x-forwarded-for': '100.20.5.228, 10.0.0.1' } })).status).toBe(403);
		expect((await send(BODY)).status).toBe(403);
		expect(server.executions).toHaveLength(1);
	});
});

describe('sourceAddress', () => {
	it('reads the socket peer, unwrapping IPv4-mapped IPv6', () => {
		expect(sourceAddress('::ffff:100.20.5.228', '1.2.3.4', false)).toBe('100.20.5.228');
		expect(sourceAddress('::1', undefined, false)).toBe('::1');
		expect(sourceAddress(undefined, undefined, false)).toBeUndefined();
	});

	it('behind a proxy, reads the last X-Forwarded-For entry across repeated headers', () => {
		expect(sourceAddress('10.0.0.2', ['1.2.3.4', '5.6.7.8, 100.20.5.228'], true)).toBe('100.20.5.228');
		expect(sourceAddress('10.0.0.2', undefined, true)).toBeUndefined();
		expect(sourceAddress('10.0.0.2', ' , ', true)).toBeUndefined();
	});
});
