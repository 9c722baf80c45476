import { byId, fromList, recordRequests, runError, useAccount } from './helpers';

const env = useAccount();

function sent(requests: ReturnType<ReturnType<typeof recordRequests>>) {
	return requests.map(({ method, path, query, body }) => ({ method, path, query, body }));
}

describe('Call → Register Phone Call', () => {
	it('registers a call on the agent with direction, numbers, variables and metadata, and the call is registered', async () => {
		const requests = recordRequests(env.emulator);
		const run = await env.run({
			resource: 'call',
			operation: 'registerPhoneCall',
			agentId: fromList(env.account.agentId),
			direction: 'outbound',
			fromNumber: '+14155550100',
			toNumber: ' +14155550123 ',
			dynamicVariables: { variable: [{ name: 'customer_name', value: 'Ada' }] },
			options: { agentVersion: '0', metadataJson: '{"crm_id": "42"}' },
		});

		expect(sent(requests())).toEqual([
			{
				method: 'POST',
				path: '/v2/register-phone-call',
				query: {},
				body: {
					agent_id: env.account.agentId,
					agent_version: 0,
					direction: 'outbound',
					from_number: '+14155550100',
					to_number: '+14155550123',
					retell_llm_dynamic_variables: { customer_name: 'Ada' },
					metadata: { crm_id: '42' },
				},
			},
		]);
		const [call] = run.json();
		expect(call).toMatchObject({
			call_type: 'phone_call',
			call_status: 'registered',
			agent_id: env.account.agentId,
			agent_version: 0,
			direction: 'outbound',
			from_number: '+14155550100',
			to_number: '+14155550123',
			retell_llm_dynamic_variables: { customer_name: 'Ada' },
			metadata: { crm_id: '42' },
		});
		expect(call.call_id).toMatch(/^call_/);
		expect(await env.sdk.call.retrieve(String(call.call_id))).toMatchObject({ call_status: 'registered', agent_id: env.account.agentId });
	});

	it('sends just the agent and the inbound direction when nothing else is set', async () => {
		const requests = recordRequests(env.emulator);
		const run = await env.run({ resource: 'call', operation: 'registerPhoneCall', agentId: byId(env.account.otherAgentId) });

		expect(sent(requests()).map((request) => request.body)).toEqual([{ agent_id: env.account.otherAgentId, direction: 'inbound' }]);
		expect(run.json()[0]).toMatchObject({ call_status: 'registered', direction: 'inbound', agent_id: env.account.otherAgentId });
	});

	it('refuses a number that is not E.164 before any request', async () => {
		const requests = recordRequests(env.emulator);
		const run = await env.run({
			resource: 'call',
			operation: 'registerPhoneCall',
			agentId: byId(env.account.agentId),
			toNumber: '415 555 0123',
		});

		expect(runError(run)).toMatchObject({ message: 'To Number must be an E.164 phone number, like +14155550100', itemIndex: 0 });
		expect(requests()).toEqual([]);
	});

	it("passes on Retell's 422 for an agent the account does not have", async () => {
		const run = await env.run({ resource: 'call', operation: 'registerPhoneCall', agentId: byId('agent_doesnotexist') });

		expect(runError(run)).toMatchObject({
			message: 'Retell: Cannot find requested asset under given api key.',
			httpCode: '422',
			itemIndex: 0,
		});
	});

	it('does not register again after a lost answer, since the first call ID may already be in use', async () => {
		env.emulator.failNext({ method: 'POST', path: '/v2/register-phone-call' }, { status: 502, afterHandling: true });
		const before = env.emulator.state.calls.size;
		const requests = recordRequests(env.emulator);
		const run = await env.run({ resource: 'call', operation: 'registerPhoneCall', agentId: byId(env.account.agentId) });

		expect(runError(run)).toMatchObject({ httpCode: '502', itemIndex: 0 });
		expect(requests()).toHaveLength(1);
		expect(env.emulator.state.calls.size).toBe(before + 1);
	});
});
