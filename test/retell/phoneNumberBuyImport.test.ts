import { recordRequests, runError, runRetell, useAccount } from './helpers';
import { agents, phoneNumber } from './phoneNumberHelpers';

const env = useAccount();

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
