import Retell, { AuthenticationError, BadRequestError, InternalServerError, NotFoundError, RateLimitError, UnprocessableEntityError } from 'retell-sdk';
import { useEmulatorWithClient } from './helpers';

const env = useEmulatorWithClient();
afterEach(() => {
	env.emu.reset();
	env.emu.setOptions({ latencyMs: 0, concurrencyLimit: Infinity, errorRate: 0, rateLimitRetryAfterSeconds: null });
});

const retellError = (message: string) => ({ error: { status: 'error', message } });

describe('error answers surface as retell-sdk error classes', () => {
	it('401 for a missing or wrong key', async () => {
		const wrong = new Retell({ apiKey: 'key_wrong', baseURL: env.emu.url, maxRetries: 0 });
		const failure = wrong.agent.retrieve('agent_x');
		await expect(failure).rejects.toBeInstanceOf(AuthenticationError);
		await expect(failure).rejects.toMatchObject({ status: 401, ...retellError('API key is missing or invalid.') });
		const bare = await fetch(`${env.emu.url}/get-concurrency`);
		expect(bare.status).toBe(401);
		expect(await bare.json()).toEqual({ status: 'error', message: 'API key is missing or invalid.' });
	});

	it('422 for unknown ids of the older resources', async () => {
		for (const attempt of [env.client.agent.retrieve('agent_missing'), env.client.call.retrieve('call_missing'), env.client.llm.retrieve('llm_missing'), env.client.phoneNumber.retrieve('+14155550000')]) {
			await expect(attempt).rejects.toBeInstanceOf(UnprocessableEntityError);
			await expect(attempt).rejects.toMatchObject({ status: 422, ...retellError('Cannot find requested asset under given api key.') });
		}
		await expect(env.client.agent.delete('agent_missing')).rejects.toBeInstanceOf(UnprocessableEntityError);
	});

	it('404 for paths Retell does not serve, with the replacement for removed ones', async () => {
		await expect(env.client.get('/v2/no-such-endpoint')).rejects.toBeInstanceOf(NotFoundError);
		const legacy = env.client.post('/v2/list-calls', { body: { limit: 10 } });
		await expect(legacy).rejects.toBeInstanceOf(NotFoundError);
		await expect(legacy).rejects.toMatchObject({ error: { status: 'error', message: expect.stringContaining('/v3/list-calls') } });
		await expect(env.client.get('/list-agents')).rejects.toBeInstanceOf(NotFoundError);
		await expect(env.client.get('/list-test-case-definitions')).rejects.toMatchObject({
			status: 404,
			error: { message: expect.stringContaining('/v2/list-test-case-definitions') },
		});
	});

	it('400 for malformed JSON and for non-JSON bodies', async () => {
		const headers = { Authorization: `Bearer ${env.emu.apiKey}`, 'Content-Type': 'application/json' };
		const broken = await fetch(`${env.emu.url}/create-retell-llm`, { method: 'POST', headers, body: '{"general_prompt": ' });
		expect(broken.status).toBe(400);
		expect(await broken.json()).toMatchObject({ status: 'error' });
		expect(env.emu.requests[0]).toMatchObject({ rawBody: '{"general_prompt": ', status: 400 });
		const text = await fetch(`${env.emu.url}/create-retell-llm`, { method: 'POST', headers: { ...headers, 'Content-Type': 'text/plain' }, body: '{}' });
		expect(text.status).toBe(400);
	});

	it('429 with Retell’s body beyond the concurrency limit, optionally with retry-after', async () => {
		env.emu.setOptions({ concurrencyLimit: 2, latencyMs: 500, rateLimitRetryAfterSeconds: 3 });
		const results = await Promise.allSettled(Array.from({ length: 5 }, () => env.client.concurrency.retrieve()));
		const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
		expect(rejected).toHaveLength(3);
		for (const error of rejected) {
			expect(error).toBeInstanceOf(RateLimitError);
			expect(error).toMatchObject({ status: 429, ...retellError('Account rate limited, please throttle your requests.') });
			expect((error as RateLimitError).headers.get('retry-after')).toBe('3');
		}
		expect(env.emu.requests.map((r) => r.status).sort()).toEqual([200, 200, 429, 429, 429]);
	});

	it('429 on create-phone-call beyond callConcurrencyLimit', async () => {
		env.emu.setOptions({ callConcurrencyLimit: 1, autoSimulateCalls: false });
		try {
			const llm = await env.client.llm.create({});
			const agent = await env.client.agent.create({ response_engine: { type: 'retell-llm', llm_id: llm.llm_id }, voice_id: '11labs-Jenny' });
			const number = await env.client.phoneNumber.create({ area_code: 415, outbound_agents: [{ agent_id: agent.agent_id, weight: 1 }] });
			await env.client.call.createPhoneCall({ from_number: number.phone_number, to_number: '+12125550100' });
			await expect(env.client.call.createPhoneCall({ from_number: number.phone_number, to_number: '+12125550101' })).rejects.toBeInstanceOf(RateLimitError);
			await expect(env.client.concurrency.retrieve()).resolves.toMatchObject({ current_concurrency: 1, concurrency_limit: 1 });
		} finally {
			env.emu.setOptions({ callConcurrencyLimit: Infinity, autoSimulateCalls: true });
		}
	});

	it('500 for every request at errorRate 1 and a reproducible seeded share in between', async () => {
		env.emu.setOptions({ errorRate: 1 });
		const failure = env.client.voice.list();
		await expect(failure).rejects.toBeInstanceOf(InternalServerError);
		await expect(failure).rejects.toMatchObject({ status: 500, ...retellError('An unexpected server error occurred.') });

		const sample = async (): Promise<number[]> => {
			env.emu.reset();
			env.emu.setOptions({ errorRate: 0.3, seed: 7 });
			const statuses: number[] = [];
			for (let i = 0; i < 40; i++) statuses.push((await fetch(`${env.emu.url}/list-voices`, { headers: { Authorization: `Bearer ${env.emu.apiKey}` } })).status);
			return statuses;
		};
		const first = await sample();
		expect(first.filter((s) => s === 500).length).toBeGreaterThan(3);
		expect(first.filter((s) => s === 200).length).toBeGreaterThan(20);
		expect(await sample()).toEqual(first);
	});

	it('failNext scripts replies per route and count; the SDK retries honour its headers', async () => {
		env.emu.failNext({ method: 'GET', path: '/list-voices' }, { status: 503, headers: { 'retry-after-ms': '10' } }, 2);
		env.emu.failNext({ path: /^\/get-voice\// }, { status: 400, body: { status: 'error', message: 'scripted' } });
		const retrying = new Retell({ apiKey: env.emu.apiKey, baseURL: env.emu.url, maxRetries: 2 });
		await expect(retrying.voice.list()).resolves.toEqual(expect.arrayContaining([expect.objectContaining({ voice_id: '11labs-Jenny' })]));
		expect(env.emu.requests.map((r) => r.status)).toEqual([503, 503, 200]);
		expect(env.emu.requests.map((r) => r.headers['x-stainless-retry-count'])).toEqual(['0', '1', '2']);
		await expect(env.client.voice.retrieve('11labs-Jenny')).rejects.toMatchObject({ status: 400, error: { message: 'scripted' } });
		await expect(env.client.voice.retrieve('11labs-Jenny')).resolves.toMatchObject({ voice_id: '11labs-Jenny' });
		env.emu.failNext({ path: '/get-concurrency' }, { status: 200, body: { current_concurrency: 99 } });
		await expect(env.client.concurrency.retrieve()).resolves.toEqual({ current_concurrency: 99 });
		await expect(env.client.call.list({ limit: 5000 })).rejects.toBeInstanceOf(BadRequestError);
	});
});
