import type { IDataObject } from 'n8n-workflow';

import { isDataObject } from '../../nodes/shared/dataObject';
import type { EmulatedCall } from '../support/retell-emulator';
import { recordRequests, runError, runRetell, useEmulator } from './helpers';

const env = useEmulator({ emulator: { autoSimulateCalls: false }, resetEachTest: false });
let seeded: EmulatedCall[];
/** Start of the first seeded call; the seeded calls start one second apart. */
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const AGENT = 'agent_listtest000000000000000001';

beforeAll(() => {
	seeded = env.emulator.seedCalls(2500, { start_timestamp: T0, agent_id: AGENT });
});

const getMany = (parameters: Record<string, unknown>) => ({ resource: 'call', operation: 'getAll', ...parameters });

function listBodies(requests: ReturnType<ReturnType<typeof recordRequests>>): IDataObject[] {
	return requests
		.filter((request) => request.method === 'POST' && request.path === '/v3/list-calls')
		.map((request) => request.body)
		.filter(isDataObject);
}

const iso = (ms: number) => new Date(ms).toISOString();

function toNumberOf(call: EmulatedCall): string {
	return call.call_type === 'phone_call' ? call.to_number : '';
}

describe('Call → Get Many', () => {
	it('returns every call with Return All by following pagination_key, each call once', async () => {
		const requests = recordRequests(env.emulator);
		const run = await runRetell(env.emulator, getMany({ returnAll: true }));

		expect(run.status).toBe('success');
		const callIds = run.json().map((call) => call.call_id);
		expect(callIds).toHaveLength(2500);
		expect(new Set(callIds).size).toBe(2500);
		expect(new Set(callIds)).toEqual(new Set(seeded.map((call) => call.call_id)));

		const bodies = listBodies(requests());
		expect(bodies.map((body) => body.limit)).toEqual([1000, 1000, 1000]);
		expect(bodies[0].pagination_key).toBeUndefined();
		expect(bodies.slice(1).map((body) => typeof body.pagination_key)).toEqual(['string', 'string']);
		expect(new Set(bodies.map((body) => body.pagination_key)).size).toBe(3);
		expect(run.items().every((item) => JSON.stringify(item.pairedItem) === '{"item":0}')).toBe(true);
	});

	it('stops at the Limit and asks for no more than it needs', async () => {
		const requests = recordRequests(env.emulator);
		const run = await runRetell(env.emulator, getMany({ returnAll: false, limit: 120 }));

		expect(run.json()).toHaveLength(120);
		expect(listBodies(requests())).toEqual([{ limit: 120 }]);
		// Newest first is Retell's default order.
		expect(run.json()[0].call_id).toBe(seeded[2499].call_id);
	});

	it('fetches a Limit above one page in as many pages as needed', async () => {
		const requests = recordRequests(env.emulator);
		const run = await runRetell(env.emulator, getMany({ returnAll: false, limit: 1500 }));

		expect(new Set(run.json().map((call) => call.call_id)).size).toBe(1500);
		expect(listBodies(requests()).map((body) => body.limit)).toEqual([1000, 500]);
	});

	it('sends every filter as Retell\'s typed filter object, and gets only the matching calls', async () => {
		const requests = recordRequests(env.emulator);
		const run = await runRetell(
			env.emulator,
			getMany({
				returnAll: true,
				filters: {
					agents: { agent: [{ agentId: AGENT, versions: '0' }, { agentId: 'agent_other0000000000000000000001', versions: '' }] },
					callStatus: ['ended'],
					direction: ['outbound'],
					callType: ['phone_call'],
					startedAfter: iso(T0 + 10_000),
					startedBefore: iso(T0 + 19_000),
				},
				options: { sortOrder: 'ascending' },
			}),
		);

		expect(listBodies(requests())).toEqual([
			{
				limit: 1000,
				sort_order: 'ascending',
				filter_criteria: {
					agent: [{ agent_id: AGENT, version: [0] }, { agent_id: 'agent_other0000000000000000000001' }],
					call_status: { type: 'enum', op: 'in', value: ['ended'] },
					direction: { type: 'enum', op: 'in', value: ['outbound'] },
					call_type: { type: 'enum', op: 'in', value: ['phone_call'] },
					start_timestamp: { type: 'range', op: 'bt', value: [T0 + 10_000, T0 + 19_000] },
				},
			},
		]);
		// Seeded calls 10..19 started in the window; the even ones are outbound.
		expect(run.json().map((call) => call.call_id)).toEqual(
			[10, 12, 14, 16, 18].map((index) => seeded[index].call_id),
		);
	});

	it('sends a one-sided time filter as a number comparison, and merges Other Filters (JSON) last', async () => {
		const requests = recordRequests(env.emulator);
		const run = await runRetell(
			env.emulator,
			getMany({
				returnAll: true,
				filters: {
					startedAfter: iso(T0 + 2_490_000),
					toNumber: toNumberOf(seeded[2496]),
					filterCriteria: '{"call_successful": {"type": "boolean", "op": "eq", "value": true}}',
				},
			}),
		);

		expect(listBodies(requests())).toEqual([
			{
				limit: 1000,
				filter_criteria: {
					start_timestamp: { type: 'number', op: 'ge', value: T0 + 2_490_000 },
					to_number: { type: 'string', op: 'eq', value: toNumberOf(seeded[2496]) },
					call_successful: { type: 'boolean', op: 'eq', value: true },
				},
			},
		]);
		expect(run.json().map((call) => call.call_id)).toEqual([seeded[2496].call_id]);
	});

	it.each([
		['agent versions that are not numbers', { agents: { agent: [{ agentId: AGENT, versions: 'latest' }] } }, 'Agent versions must be whole numbers, like 1, 2'],
		['a time window that ends before it starts', { startedAfter: iso(T0 + 5_000), startedBefore: iso(T0) }, 'Started After is later than Started Before'],
		['other filters that do not parse', { filterCriteria: '{"call_successful": }' }, 'Other Filters (JSON) is not valid JSON'],
	])('refuses %s before any request', async (_case, filters, message) => {
		const requests = recordRequests(env.emulator);
		const run = await runRetell(env.emulator, getMany({ returnAll: true, filters }));

		expect(runError(run)).toMatchObject({ message, itemIndex: 0 });
		expect(requests()).toEqual([]);
	});
});
