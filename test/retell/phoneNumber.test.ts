import type { IDataObject } from 'n8n-workflow';

import { fromList, recordRequests, runError, runRetell, useAccount } from './helpers';

const env = useAccount();

const phoneNumber = (operation: string, parameters: Record<string, unknown> = {}) => ({
	resource: 'phoneNumber',
	operation,
	...parameters,
});

const agents = (...rows: Array<[string, number, string?]>) => ({
	agent: rows.map(([agentId, weight, agentVersion = '']) => ({ agentId, weight, agentVersion })),
});

/** Every key of a request body, at every depth: the deprecated single-agent fields must be none of them. */
function allKeys(value: unknown): string[] {
	if (Array.isArray(value)) return value.flatMap(allKeys);
	if (typeof value !== 'object' || value === null) return [];
	return Object.entries(value).flatMap(([key, nested]) => [key, ...allKeys(nested)]);
}

async function buyNumber(nickname: string): Promise<string> {
	const run = await runRetell(env.emulator, phoneNumber('buy', { areaCode: '212', options: { nickname } }));
	return String(run.json()[0].phone_number);
}

describe('Phone Number → Buy', () => {
	it('buys a number with weighted agents, as snake_case, Additional Fields merged last', async () => {
		const requests = recordRequests(env.emulator);
		const run = await runRetell(
			env.emulator,
			phoneNumber('buy', {
				areaCode: '415',
				countryCode: 'US',
				numberProvider: 'telnyx',
				inboundAgents: agents([env.account.agentId, 0.5], [env.account.otherAgentId, 0.5, 'latest']),
				outboundAgents: agents([env.account.agentId, 1, '0']),
				options: {
					nickname: 'Front desk',
					inboundWebhookUrl: 'https://n8n.example.com/webhook/inbound',
					additionalFieldsJson: '{"fallback_number": "+14155550199", "nickname": "Reception"}',
				},
			}),
		);

		expect(requests()).toEqual([
			expect.objectContaining({
				method: 'POST',
				path: '/create-phone-number',
				status: 201,
				body: {
					area_code: 415,
					country_code: 'US',
					number_provider: 'telnyx',
					inbound_agents: [
						{ agent_id: env.account.agentId, weight: 0.5 },
						{ agent_id: env.account.otherAgentId, weight: 0.5, agent_version: 'latest' },
					],
					outbound_agents: [{ agent_id: env.account.agentId, weight: 1, agent_version: 0 }],
					nickname: 'Reception',
					inbound_webhook_url: 'https://n8n.example.com/webhook/inbound',
					fallback_number: '+14155550199',
				},
			}),
		]);
		const [bought] = run.json();
		expect(bought).toMatchObject({
			phone_number: expect.stringMatching(/^\+1415\d{7}$/),
			phone_number_type: 'retell-telnyx',
			nickname: 'Reception',
		});
		expect(env.emulator.state.phoneNumbers.has(String(bought.phone_number))).toBe(true);
	});

	it('sends only what was set: a toll-free number with no agents', async () => {
		const requests = recordRequests(env.emulator);
		const run = await runRetell(env.emulator, phoneNumber('buy', { tollFree: true }));

		expect(run.status).toBe('success');
		expect(requests().map((request) => request.body)).toEqual([
			{ country_code: 'US', toll_free: true, number_provider: 'twilio' },
		]);
	});

	it.each([
		['an area code that is not three digits', { areaCode: '41' }, 'Area Code must be three digits, like 415'],
		[
			'inbound weights that do not add up to 1',
			{ inboundAgents: agents(['agent_a', 0.6], ['agent_b', 0.3]) },
			'Inbound Agents: the weights add up to 0.9, not 1',
		],
		['an agent without an ID', { outboundAgents: agents(['', 1]) }, 'Outbound Agents: row 1 has no agent'],
		[
			'a removed single-agent field',
			{ options: { additionalFieldsJson: '{"inbound_agent_id": "agent_a"}' } },
			'Retell no longer accepts inbound_agent_id',
		],
	])('refuses %s before any request', async (_case, parameters, message) => {
		const requests = recordRequests(env.emulator);
		const run = await runRetell(env.emulator, phoneNumber('buy', parameters));

		expect(runError(run)).toMatchObject({ message, itemIndex: 0 });
		expect(requests()).toEqual([]);
	});
});

describe('Phone Number → Import', () => {
	it('imports a SIP number with its trunk credentials', async () => {
		const requests = recordRequests(env.emulator);
		const run = await runRetell(
			env.emulator,
			phoneNumber('importPhoneNumber', {
				numberToImport: '+4520123456',
				terminationUri: 'acme.pstn.twilio.com',
				outboundAgents: agents([env.account.agentId, 1]),
				options: {
					sipTrunkAuthUsername: 'acme',
					sipTrunkAuthPassword: 's3cret',
					transport: 'TLS',
					nickname: 'Copenhagen',
				},
			}),
		);

		expect(requests()).toEqual([
			expect.objectContaining({
				method: 'POST',
				path: '/import-phone-number',
				body: {
					phone_number: '+4520123456',
					termination_uri: 'acme.pstn.twilio.com',
					sip_trunk_auth_username: 'acme',
					sip_trunk_auth_password: 's3cret',
					transport: 'TLS',
					nickname: 'Copenhagen',
					outbound_agents: [{ agent_id: env.account.agentId, weight: 1 }],
				},
			}),
		]);
		expect(run.json()[0]).toMatchObject({ phone_number: '+4520123456', phone_number_type: 'custom' });
	});

	it('imports a pseudo number with Ignore E.164 Validation, which then works wherever a number is picked by ID', async () => {
		const imported = await runRetell(
			env.emulator,
			phoneNumber('importPhoneNumber', {
				numberToImport: 'sip-line-7',
				terminationUri: 'pbx.example.com',
				outboundAgents: agents([env.account.agentId, 1]),
				options: { ignoreE164Validation: true },
			}),
		);
		expect(imported.json()[0]).toMatchObject({ phone_number: 'sip-line-7', phone_number_type: 'custom' });

		const requests = recordRequests(env.emulator);
		const got = await runRetell(env.emulator, phoneNumber('get', { phoneNumber: { __rl: true, mode: 'id', value: 'sip-line-7' } }));
		expect(got.json()).toEqual([expect.objectContaining({ phone_number: 'sip-line-7' })]);
		// A call from it to an internal extension: Retell skips E.164 for both numbers on custom telephony.
		const call = await runRetell(env.emulator, {
			resource: 'call',
			operation: 'createPhoneCall',
			fromNumber: { __rl: true, mode: 'id', value: 'sip-line-7' },
			toNumber: '204',
			options: { ignoreE164Validation: true },
		});
		expect(call.json()).toEqual([expect.objectContaining({ from_number: 'sip-line-7', to_number: '204', call_status: 'registered' })]);
		expect(requests().map((request) => [request.path, request.status])).toEqual([
			['/get-phone-number/sip-line-7', 200],
			['/v2/create-phone-call', 201],
		]);
	});

	it.each([
		['a number that is not E.164', { numberToImport: '+0123', terminationUri: 'x.pstn.twilio.com' }, 'Phone Number must be an E.164 phone number, like +14155550100'],
		['a missing termination URI', { numberToImport: '+4520123457', terminationUri: '={{ $json.uri }}' }, 'Termination URI is required'],
	])('refuses %s before any request', async (_case, parameters, message) => {
		const requests = recordRequests(env.emulator);
		const run = await runRetell(env.emulator, phoneNumber('importPhoneNumber', parameters));

		expect(runError(run)).toMatchObject({ message, itemIndex: 0 });
		expect(requests()).toEqual([]);
	});
});

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

describe('Phone Number → Update', () => {
	it('rebinds weighted agents and renames the number, never with the removed single-agent fields', async () => {
		const number = await buyNumber('Sales');
		const requests = recordRequests(env.emulator);
		const run = await runRetell(
			env.emulator,
			phoneNumber('update', {
				phoneNumber: fromList(number),
				inboundAgents: agents([env.account.agentId, 0.7], [env.account.otherAgentId, 0.3, 'latest_published']),
				outboundAgents: agents([env.account.otherAgentId, 1]),
				updateFields: { nickname: 'Sales (new)', inboundWebhookUrl: 'https://n8n.example.com/webhook/sales' },
			}),
		);

		const [request] = requests();
		expect(request).toMatchObject({ method: 'PATCH', path: `/update-phone-number/${number}` });
		expect(request.body).toEqual({
			inbound_agents: [
				{ agent_id: env.account.agentId, weight: 0.7 },
				{ agent_id: env.account.otherAgentId, weight: 0.3, agent_version: 'latest_published' },
			],
			outbound_agents: [{ agent_id: env.account.otherAgentId, weight: 1 }],
			nickname: 'Sales (new)',
			inbound_webhook_url: 'https://n8n.example.com/webhook/sales',
		});
		expect(allKeys(request.body).filter((key) => /_agent_(id|version)$/.test(key))).toEqual([]);
		expect(run.json()[0]).toMatchObject({ phone_number: number, nickname: 'Sales (new)' });
		expect(env.emulator.state.phoneNumbers.get(number)?.outbound_agents).toEqual([{ agent_id: env.account.otherAgentId, weight: 1 }]);
	});

	it('accepts weights whose floating-point sum is not exactly 1', async () => {
		const number = await buyNumber('Split');
		const run = await runRetell(
			env.emulator,
			phoneNumber('update', {
				phoneNumber: fromList(number),
				inboundAgents: agents([env.account.agentId, 0.1], [env.account.otherAgentId, 0.2], [env.account.agentId, 0.7]),
			}),
		);

		expect(run.status).toBe('success');
	});

	it.each([
		[
			'weights that add up to more than 1',
			{ inboundAgents: agents(['agent_a', 0.7], ['agent_b', 0.7]) },
			'Inbound Agents: the weights add up to 1.4, not 1',
		],
		[
			'a removed single-agent field in Additional Fields',
			{ updateFields: { additionalFieldsJson: '{"outbound_agent_id": "agent_a", "outbound_agent_version": 2}' } },
			'Retell no longer accepts outbound_agent_id, outbound_agent_version',
		],
		['nothing to update', {}, 'Nothing to update: bind agents or add a field under Update Fields'],
	])('refuses %s before any request', async (_case, parameters, message) => {
		const requests = recordRequests(env.emulator);
		const run = await runRetell(env.emulator, phoneNumber('update', { phoneNumber: fromList(env.account.fromNumber), ...parameters }));

		expect(runError(run)).toMatchObject({ message, itemIndex: 0 });
		expect(requests()).toEqual([]);
	});

	it('reports the weights of the item that is wrong under Continue On Fail', async () => {
		const number = await buyNumber('Per item');
		const requests = recordRequests(env.emulator);
		const run = await runRetell(
			env.emulator,
			phoneNumber('update', {
				phoneNumber: fromList(number),
				inboundAgents: { agent: [{ agentId: env.account.agentId, weight: '={{ $json.weight }}', agentVersion: '' }] },
			}),
			{ input: [{ weight: 1 }, { weight: 0.5 }], continueOnFail: true },
		);

		const items = run.items();
		expect(items[0].json).toMatchObject({ phone_number: number });
		expect(items[1]).toEqual({
			json: expect.objectContaining({ error: 'Inbound Agents: the weights add up to 0.5, not 1' }),
			pairedItem: { item: 1 },
		});
		expect(requests()).toHaveLength(1);
	});
});

describe('Phone Number → Delete', () => {
	it('deletes the number and says so', async () => {
		const number = await buyNumber('Temporary');
		const requests = recordRequests(env.emulator);
		const run = await runRetell(env.emulator, phoneNumber('deletePhoneNumber', { phoneNumber: fromList(number) }));

		expect(requests()).toEqual([
			expect.objectContaining({ method: 'DELETE', path: `/delete-phone-number/${number}`, status: 204 }),
		]);
		expect(run.json()).toEqual([{ deleted: true, phone_number: number } satisfies IDataObject]);
		expect(env.emulator.state.phoneNumbers.has(number)).toBe(false);
	});
});
