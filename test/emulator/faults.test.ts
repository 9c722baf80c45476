import Retell, { APIConnectionError, InternalServerError } from 'retell-sdk';
import type { RecordedRequest } from '../support/retell-emulator';
import { provision, useEmulatorWithClient } from './helpers';

const env = useEmulatorWithClient({ autoSimulateCalls: false });
let fromNumber: string;
beforeEach(async () => {
	env.emu.reset();
	fromNumber = (await provision(env.client)).number.phone_number;
});

const CREATE_CALL = { method: 'POST', path: '/v2/create-phone-call' } as const;

function callsTo(toNumber: string): number {
	return [...env.emu.state.calls.values()].filter((call) => call.call_type === 'phone_call' && call.to_number === toNumber).length;
}

function createRequests(): RecordedRequest[] {
	return env.emu.requests.filter((request) => request.path === CREATE_CALL.path);
}

/** A request the env.client gave up on is still being carried out; this waits until the emulator has finished with it. */
async function answered(request: RecordedRequest): Promise<void> {
	while (request.answeredAt === 0) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('failNext: scripted faults', () => {
	it('matches on body fields, so one item of many can be failed', async () => {
		env.emu.failNext({ ...CREATE_CALL, body: { to_number: '+12125550102' } }, { status: 503 });
		await env.client.call.createPhoneCall({ from_number: fromNumber, to_number: '+12125550101' });
		await expect(env.client.call.createPhoneCall({ from_number: fromNumber, to_number: '+12125550102' })).rejects.toBeInstanceOf(InternalServerError);
		await env.client.call.createPhoneCall({ from_number: fromNumber, to_number: '+12125550102' });
		expect(createRequests().map((request) => request.status)).toEqual([201, 503, 201]);
		expect(callsTo('+12125550102')).toBe(1);
	});

	it('drops the connection without an answer, before or after carrying the request out', async () => {
		env.emu.failNext(CREATE_CALL, { dropConnection: true });
		await expect(env.client.call.createPhoneCall({ from_number: fromNumber, to_number: '+12125550111' })).rejects.toBeInstanceOf(APIConnectionError);
		expect(callsTo('+12125550111')).toBe(0);

		env.emu.failNext(CREATE_CALL, { dropConnection: true, afterHandling: true });
		await expect(env.client.call.createPhoneCall({ from_number: fromNumber, to_number: '+12125550112' })).rejects.toBeInstanceOf(APIConnectionError);
		expect(callsTo('+12125550112')).toBe(1);

		expect(createRequests()).toEqual([
			expect.objectContaining({ status: 0, dropped: true }),
			expect.objectContaining({ status: 0, dropped: true }),
		]);
		expect(createRequests().every((request) => request.answeredAt >= request.at)).toBe(true);
	});

	// The SDK's timeout error is APIConnectionTimeoutError outside jest. Under jest, undici's AbortError is a DOMException
	// of another realm, which retell-sdk's castToError (internal/errors.js) turns into a nameless Error, so the SDK
	// reports its parent class, APIConnectionError.
	it('stalls an answer past the env.client timeout: the request is carried out all the same', async () => {
		const impatient = new Retell({ apiKey: env.emu.apiKey, baseURL: env.emu.url, maxRetries: 0, timeout: 200 });

		env.emu.failNext(CREATE_CALL, { stallMs: Infinity, afterHandling: true });
		await expect(impatient.call.createPhoneCall({ from_number: fromNumber, to_number: '+12125550121' })).rejects.toBeInstanceOf(APIConnectionError);
		expect(callsTo('+12125550121')).toBe(1);

		// Stalled before handling: the call is placed once the emulator lets go, after the env.client left.
		env.emu.failNext(CREATE_CALL, { stallMs: Infinity });
		await expect(impatient.call.createPhoneCall({ from_number: fromNumber, to_number: '+12125550122' })).rejects.toBeInstanceOf(APIConnectionError);
		await answered(createRequests()[1]!);
		expect(callsTo('+12125550122')).toBe(1);
		expect(createRequests().map((request) => request.status)).toEqual([201, 201]);
	});

	it('delays the real answer by a finite stall', async () => {
		env.emu.failNext({ path: '/get-concurrency' }, { stallMs: 150 });
		await expect(env.client.concurrency.retrieve()).resolves.toMatchObject({ current_concurrency: 0 });
		const [request] = env.emu.requests.filter((r) => r.path === '/get-concurrency');
		expect(request!.answeredAt - request!.at).toBeGreaterThanOrEqual(150);
	});

	it('refuses a fault that does nothing or says two things', () => {
		expect(() => env.emu.failNext(CREATE_CALL, {})).toThrow('needs a status, dropConnection or stallMs');
		expect(() => env.emu.failNext(CREATE_CALL, { status: 500, dropConnection: true })).toThrow('not both');
		expect(() => env.emu.failNext(CREATE_CALL, { stallMs: -1 })).toThrow('must not be negative');
		expect(() => env.emu.failNext(CREATE_CALL, { status: 500 }, 0)).toThrow('at least 1');
	});
});

describe('onRequest', () => {
	it('runs before the answer, so a test can change the account between two requests; removed on request and by reset', async () => {
		const seen: string[] = [];
		const stop = env.emu.onRequest((request) => {
			seen.push(`${request.method} ${request.path}`);
			if (request.path === '/v3/list-calls') env.emu.seedCalls(1);
		});
		expect((await env.client.call.list()).items).toHaveLength(1);
		stop();
		expect((await env.client.call.list()).items).toHaveLength(1);
		expect(seen).toEqual(['POST /v3/list-calls']);

		env.emu.onRequest(() => {
			seen.push('after reset');
		});
		env.emu.reset();
		await env.client.concurrency.retrieve();
		expect(seen).toEqual(['POST /v3/list-calls']);
	});
});

describe('paginationKeys: lastId', () => {
	afterEach(() => env.emu.setOptions({ paginationKeys: 'cursor' }));

	it('hands out the last item’s id as the key, exclusive, and keeps pages stable across inserts and deletes', async () => {
		env.emu.setOptions({ paginationKeys: 'lastId' });
		const seeded = env.emu.seedCalls(30);
		const newestFirst = [...seeded].reverse().map((call) => call.call_id);
		const first = await env.client.call.list({ limit: 10 });
		expect(first.items.map((call) => call.call_id)).toEqual(newestFirst.slice(0, 10));
		expect(first.pagination_key).toBe(newestFirst[9]);

		const [newer] = env.emu.seedCalls(1);
		await env.client.call.delete(newestFirst[3]!); // already listed
		await env.client.call.delete(newestFirst[14]!); // not listed yet
		const rest: string[] = [];
		let key = first.pagination_key;
		while (key) {
			const page = await env.client.call.list({ limit: 10, pagination_key: key });
			rest.push(...page.items.map((call) => call.call_id));
			key = page.has_more ? page.pagination_key : undefined;
		}
		expect(rest).toEqual(newestFirst.slice(10).filter((id) => id !== newestFirst[14]));
		expect(rest).not.toContain(newer!.call_id);
	});

	it('refuses an id that names no call (Retell does not say what it does then)', async () => {
		env.emu.setOptions({ paginationKeys: 'lastId' });
		env.emu.seedCalls(3);
		await expect(env.client.call.list({ limit: 1, pagination_key: 'call_unknown' })).rejects.toMatchObject({ status: 400 });
	});

	it('works for the query-string lists too', async () => {
		env.emu.setOptions({ paginationKeys: 'lastId' });
		const llms = [await env.client.llm.create({}), await env.client.llm.create({}), await env.client.llm.create({})];
		const first = await env.client.llm.list({ limit: 2, sort_order: 'ascending' });
		const firstIds = llms.slice(0, 2).map((llm) => llm.llm_id);
		// provision() made one LLM before these three.
		expect(first.items.map((llm) => llm.llm_id)).toEqual([expect.any(String), firstIds[0]]);
		const second = await env.client.llm.list({ limit: 2, sort_order: 'ascending', pagination_key: first.pagination_key });
		expect(first.pagination_key).toBe(firstIds[0]);
		expect(second.items.map((llm) => llm.llm_id)).toEqual(llms.slice(1).map((llm) => llm.llm_id));
	});
});
