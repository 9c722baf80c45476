import { recordRequests, runError, runRetell, useAccount } from './helpers';

const env = useAccount();

describe('Call → Get', () => {
	it('gets the full call, transcript included', async () => {
		const [seeded] = env.emulator.seedCalls(1);
		const requests = recordRequests(env.emulator);
		const run = await runRetell(env.emulator, { resource: 'call', operation: 'get', callId: seeded.call_id });

		expect(requests()).toEqual([expect.objectContaining({ method: 'GET', path: `/v2/get-call/${seeded.call_id}` })]);
		expect(run.json()).toEqual([JSON.parse(JSON.stringify(seeded))]);
		expect(run.json()[0].transcript).toEqual(expect.any(String));
	});

	it('requires a call ID before any request', async () => {
		const requests = recordRequests(env.emulator);
		const run = await runRetell(env.emulator, { resource: 'call', operation: 'get', callId: '  ' });

		expect(runError(run)).toMatchObject({ message: 'Call ID is required', itemIndex: 0 });
		expect(requests()).toEqual([]);
	});

	it('says "Call not found" for an unknown call, with Retell\'s 422', async () => {
		const run = await runRetell(env.emulator, { resource: 'call', operation: 'get', callId: 'call_doesnotexist' });

		expect(runError(run)).toMatchObject({ message: 'Call not found', httpCode: '422' });
	});
});

describe('Call → Update', () => {
	it('patches metadata, data storage setting and custom attributes of an ended call', async () => {
		const [seeded] = env.emulator.seedCalls(1);
		const requests = recordRequests(env.emulator);
		const run = await runRetell(env.emulator, {
			resource: 'call',
			operation: 'update',
			callId: seeded.call_id,
			updateFields: {
				metadata: '{"outcome": "booked"}',
				dataStorageSetting: 'everything_except_pii',
				customAttributes: { attribute: [{ key: 'tier', value: 'gold' }] },
			},
		});

		expect(requests()).toEqual([
			expect.objectContaining({
				method: 'PATCH',
				path: `/v2/update-call/${seeded.call_id}`,
				body: {
					metadata: { outcome: 'booked' },
					data_storage_setting: 'everything_except_pii',
					custom_attributes: { tier: 'gold' },
				},
			}),
		]);
		expect(run.json()[0]).toMatchObject({
			call_id: seeded.call_id,
			metadata: { outcome: 'booked' },
			data_storage_setting: 'everything_except_pii',
		});
	});

	it.each([
		['nothing to update', {}, 'Nothing to update: add at least one field under Update Fields'],
		['metadata that does not parse', { metadata: '{"outcome": booked}' }, 'Metadata (JSON) is not valid JSON'],
	])('refuses %s before any request', async (_case, updateFields, message) => {
		const requests = recordRequests(env.emulator);
		const run = await runRetell(env.emulator, { resource: 'call', operation: 'update', callId: 'call_x', updateFields });

		expect(runError(run)).toMatchObject({ message, itemIndex: 0 });
		expect(requests()).toEqual([]);
	});
});

describe('Call → Delete', () => {
	it('deletes the call and says so', async () => {
		const [seeded] = env.emulator.seedCalls(1);
		const requests = recordRequests(env.emulator);
		const run = await runRetell(env.emulator, { resource: 'call', operation: 'deleteCall', callId: seeded.call_id });

		expect(requests()).toEqual([
			expect.objectContaining({ method: 'DELETE', path: `/v2/delete-call/${seeded.call_id}`, status: 204 }),
		]);
		expect(run.json()).toEqual([{ deleted: true, call_id: seeded.call_id }]);
		expect(env.emulator.state.calls.has(seeded.call_id)).toBe(false);
	});

	it('requires a call ID before any request, also when an expression yields none', async () => {
		const requests = recordRequests(env.emulator);
		const run = await runRetell(env.emulator, { resource: 'call', operation: 'deleteCall', callId: '={{ $json.id }}' });

		expect(runError(run)).toMatchObject({ message: 'Call ID is required', itemIndex: 0 });
		expect(requests()).toEqual([]);
	});
});
