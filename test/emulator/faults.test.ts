import Retell, { APIConnectionError, InternalServerError } from 'retell-sdk';
import type { RecordedRequest, RetellEmulator } from '../support/retell-emulator';
import { provision, startEmulatorWithClient } from './helpers';

let emu: RetellEmulator;
let client: Retell;
let fromNumber: string;

beforeAll(async () => {
	({ emu, client } = await startEmulatorWithClient({ autoSimulateCalls: false }));
});
beforeEach(async () => {
	emu.reset();
	fromNumber = (await provision(client)).number.phone_number;
});
afterAll(() => emu.close());

const CREATE_CALL = { method: 'POST', path: '/v2/create-phone-call' } as const;

function callsTo(toNumber: string): number {
	return [...emu.state.calls.values()].filter((call) => call.call_type === 'phone_call' && call.to_number === toNumber).length;
}

function createRequests(): RecordedRequest[] {
	return emu.requests.filter((request) => request.path === CREATE_CALL.path);
}

/** A request the client gave up on is still being carried out; this waits until the emulator has finished with it. */
async function answered(request: RecordedRequest): Promise<void> {
	while (request.answeredAt === 0) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('failNext: scripted faults', () => {
	it('matches on body fields, so one item of many can be failed', async () => {
		emu.failNext({ ...CREATE_CALL, body: { to_number: '+12125550102' } }, { status: 503 });
		await client.call.createPhoneCall({ from_number: fromNumber, to_number: '+12125550101' });
		await expect(client.call.createPhoneCall({ from_number: fromNumber, to_number: '+12125550102' })).rejects.toBeInstanceOf(InternalServerError);
		await client.call.createPhoneCall({ from_number: fromNumber, to_number: '+12125550102' });
		expect(createRequests().map((request) => request.status)).toEqual([201, 503, 201]);
		expect(callsTo('+12125550102')).toBe(1);
	});

	it('drops the connection without an answer, before or after carrying the request out', async () => {
		emu.failNext(CREATE_CALL, { dropConnection: true });
		await expect(client.call.createPhoneCall({ from_number: fromNumber, to_number: '+12125550111' })).rejects.toBeInstanceOf(APIConnectionError);
		expect(callsTo('+12125550111')).toBe(0);

		emu.failNext(CREATE_CALL, { dropConnection: true, afterHandling: true });
		await expect(client.call.createPhoneCall({ from_number: fromNumber, to_number: '+12125550112' })).rejects.toBeInstanceOf(APIConnectionError);
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
	it('stalls an answer past the client timeout: the request is carried out all the same', async () => {
		const impatient = new Retell({ apiKey: emu.apiKey, baseURL: emu.url, maxRetries: 0, timeout: 200 });

		emu.failNext(CREATE_CALL, { stallMs: Infinity, afterHandling: true });
		await expect(impatient.call.createPhoneCall({ from_number: fromNumber, to_number: '+12125550121' })).rejects.toBeInstanceOf(APIConnectionError);
		expect(callsTo('+12125550121')).toBe(1);

		// Stalled before handling: the call is placed once the emulator lets go, after the client left.
		emu.failNext(CREATE_CALL, { stallMs: Infinity });
		await expect(impatient.call.createPhoneCall({ from_number: fromNumber, to_number: '+12125550122' })).rejects.toBeInstanceOf(APIConnectionError);
		await answered(createRequests()[1]!);
		expect(callsTo('+12125550122')).toBe(1);
		expect(createRequests().map((request) => request.status)).toEqual([201, 201]);
	});

	it('delays the real answer by a finite stall', async () => {
		emu.failNext({ path: '/get-concurrency' }, { stallMs: 150 });
		await expect(client.concurrency.retrieve()).resolves.toMatchObject({ current_concurrency: 0 });
		const [request] = emu.requests.filter((r) => r.path === '/get-concurrency');
		expect(request!.answeredAt - request!.at).toBeGreaterThanOrEqual(150);
	});

	it('refuses a fault that does nothing or says two things', () => {
		expect(() => emu.failNext(CREATE_CALL, {})).toThrow('needs a status, dropConnection or stallMs');
		expect(() => emu.failNext(CREATE_CALL, { status: 500, dropConnection: true })).toThrow('not both');
		expect(() => emu.failNext(CREATE_CALL, { stallMs: -1 })).toThrow('must not be negative');
		expect(() => emu.failNext(CREATE_CALL, { status: 500 }, 0)).toThrow('at least 1');
	});
});

describe('onRequest', () => {
	it('runs before the answer, so a test can change the account between two requests; removed on request and by reset', async () => {
		const seen: string[] = [];
		const stop = emu.onRequest((request) => {
			seen.push(`${request.method} ${request.path}`);
			if (request.path === '/v3/list-calls') emu.seedCalls(1);
		});
		expect((await client.call.list()).items).toHaveLength(1);
		stop();
		expect((await client.call.list()).items).toHaveLength(1);
		expect(seen).toEqual(['POST /v3/list-calls']);

		emu.onRequest(() => {
			seen.push('after reset');
		});
		emu.reset();
		await client.concurrency.retrieve();
		expect(seen).toEqual(['POST /v3/list-calls']);
	});
});

describe('paginationKeys: lastId', () => {
	afterEach(() => emu.setOptions({ paginationKeys: 'cursor' }));

	it('hands out the last item’s id as the key, exclusive, and keeps pages stable across inserts and deletes', async () => {
		emu.setOptions({ paginationKeys: 'lastId' });
		const seeded = emu.seedCalls(30);
		const newestFirst = [...seeded].reverse().map((call) => call.call_id);
		const first = await client.call.list({ limit: 10 });
		expect(first.items.map((call) => call.call_id)).toEqual(newestFirst.slice(0, 10));
		expect(first.pagination_key).toBe(newestFirst[9]);

		const [newer] = emu.seedCalls(1);
		await client.call.delete(newestFirst[3]!); // already listed
		await client.call.delete(newestFirst[14]!); // not listed yet
		const rest: string[] = [];
		let key = first.pagination_key;
		while (key) {
			const page = await client.call.list({ limit: 10, pagination_key: key });
			rest.push(...page.items.map((call) => call.call_id));
			key = page.has_more ? page.pagination_key : undefined;
		}
		expect(rest).toEqual(newestFirst.slice(10).filter((id) => id !== newestFirst[14]));
		expect(rest).not.toContain(newer!.call_id);
	});

	it('refuses an id that names no call (Retell does not say what it does then)', async () => {
		emu.setOptions({ paginationKeys: 'lastId' });
		emu.seedCalls(3);
		await expect(client.call.list({ limit: 1, pagination_key: 'call_unknown' })).rejects.toMatchObject({ status: 400 });
	});

	it('works for the query-string lists too', async () => {
		emu.setOptions({ paginationKeys: 'lastId' });
		const llms = [await client.llm.create({}), await client.llm.create({}), await client.llm.create({})];
		const first = await client.llm.list({ limit: 2, sort_order: 'ascending' });
		const firstIds = llms.slice(0, 2).map((llm) => llm.llm_id);
		// provision() made one LLM before these three.
		expect(first.items.map((llm) => llm.llm_id)).toEqual([expect.any(String), firstIds[0]]);
		const second = await client.llm.list({ limit: 2, sort_order: 'ascending', pagination_key: first.pagination_key });
		expect(first.pagination_key).toBe(firstIds[0]);
		expect(second.items.map((llm) => llm.llm_id)).toEqual(llms.slice(1).map((llm) => llm.llm_id));
	});
});
