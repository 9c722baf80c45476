import { fromList, recordRequests, runError, runRetell, useAccount } from './helpers';
import { phoneNumber } from './phoneNumberHelpers';

const env = useAccount();

describe('Phone Number → Get', () => {
	it('gets a number by its E.164 value, with the "+" in the path as the SDK sends it', async () => {
		const requests = recordRequests(env.emulator);
		const run = await runRetell(env.emulator, phoneNumber('get', { phoneNumber: fromList(env.account.fromNumber) }));

		expect(requests()).toEqual([
			expect.objectContaining({ method: 'GET', path: `/get-phone-number/${env.account.fromNumber}`, status: 200 }),
		]);
		expect(run.json()).toEqual([
			expect.objectContaining({
				phone_number: env.account.fromNumber,
				outbound_agents: [{ agent_id: env.account.agentId, weight: 1 }],
			}),
		]);
	});

	it('says "Phone number not found" for a number the account does not have', async () => {
		const run = await runRetell(env.emulator, phoneNumber('get', { phoneNumber: fromList('+19995550100') }));

		expect(runError(run)).toMatchObject({ message: 'Phone number not found', httpCode: '422', itemIndex: 0 });
	});
});

describe('Phone Number → Get Many', () => {
	let stored: string[];

	beforeAll(() => {
		// More numbers than one page holds, stored directly: buying 1,050 through the API would only slow the test.
		for (let index = 0; index < 1050; index++) {
			const number = `+1646${String(2_000_000 + index).padStart(7, '0')}`;
			env.emulator.state.phoneNumbers.set(number, {
				phone_number: number,
				phone_number_type: 'retell-twilio',
				last_modification_timestamp: Date.now(),
			});
			env.emulator.state.registerCreated(number);
		}
		stored = [...env.emulator.state.phoneNumbers.keys()];
	});

	it('returns every number with Return All, following pagination_key', async () => {
		const requests = recordRequests(env.emulator);
		const run = await runRetell(env.emulator, phoneNumber('getAll', { returnAll: true }));

		const numbers = run.json().map((number) => number.phone_number);
		expect(numbers).toHaveLength(stored.length);
		expect(new Set(numbers)).toEqual(new Set(stored));
		const queries = requests().map((request) => request.query);
		expect(requests().map((request) => `${request.method} ${request.path}`)).toEqual([
			'GET /v2/list-phone-numbers',
			'GET /v2/list-phone-numbers',
		]);
		expect(queries[0]).toEqual({ limit: '1000' });
		expect(queries[1]).toEqual({ limit: '1000', pagination_key: expect.any(String) });
	});

	it('stops at the Limit with one request, in the chosen order', async () => {
		const requests = recordRequests(env.emulator);
		const run = await runRetell(
			env.emulator,
			phoneNumber('getAll', { returnAll: false, limit: 3, options: { sortOrder: 'ascending' } }),
		);

		expect(run.json().map((number) => number.phone_number)).toEqual(stored.slice(0, 3));
		expect(requests().map((request) => request.query)).toEqual([{ limit: '3', sort_order: 'ascending' }]);
	});
});
