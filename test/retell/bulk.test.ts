import { fromList, recordRequests, runRetell, useAccount } from './helpers';

const env = useAccount();

const CALLS = 200;
const toNumber = (index: number) => `+1415555${String(1000 + index).padStart(4, '0')}`;

describe('many Create Phone Call items against a rate-limited Retell', () => {
	it('places every call exactly once through a 429 storm, with no failed item', async () => {
		// Five requests at a time, each held 15 ms, against twenty in flight from the node: most first attempts get 429.
		env.emulator.setOptions({ concurrencyLimit: 5, latencyMs: 15 });
		const requests = recordRequests(env.emulator);
		const input = Array.from({ length: CALLS }, (_, index) => ({ to: toNumber(index) }));

		const run = await runRetell(
			env.emulator,
			{
				resource: 'call',
				operation: 'createPhoneCall',
				fromNumber: fromList(env.account.fromNumber),
				toNumber: '={{ $json.to }}',
				options: { concurrency: 20 },
			},
			{ input },
		);
		env.emulator.setOptions({ concurrencyLimit: Infinity, latencyMs: 0 });

		expect(run.status).toBe('success');
		const output = run.json();
		expect(output.filter((item) => 'error' in item)).toEqual([]);
		expect(output.map((item) => item.to_number)).toEqual(input.map((item) => item.to));
		expect(run.items().map((item) => item.pairedItem)).toEqual(input.map((_, item) => ({ item })));

		const creates = requests().filter((request) => request.path === '/v2/create-phone-call');
		expect(creates.filter((request) => request.status === 429).length).toBeGreaterThan(0);
		expect(creates.filter((request) => request.status === 201)).toHaveLength(CALLS);
		expect(creates.every((request) => request.status === 201 || request.status === 429)).toBe(true);

		const placed = [...env.emulator.state.calls.values()].filter((call) => call.call_type === 'phone_call');
		expect(placed).toHaveLength(CALLS);
		expect(new Set(placed.map((call) => (call.call_type === 'phone_call' ? call.to_number : '')))).toEqual(
			new Set(input.map((item) => item.to)),
		);
		expect(new Set(output.map((item) => item.call_id)).size).toBe(CALLS);
	});
});
