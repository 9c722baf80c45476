import type { PhoneCallResponse } from 'retell-sdk/resources/call';

import { byId, fromList, recordRequests, runError, runRetell, useAccount } from './helpers';

const env = useAccount();

const createPhoneCall = (parameters: Record<string, unknown> = {}) => ({
	resource: 'call',
	operation: 'createPhoneCall',
	fromNumber: fromList(env.account.fromNumber),
	toNumber: '+4520123456',
	...parameters,
});

function storedCall(callId: unknown): PhoneCallResponse | undefined {
	const call = env.emulator.state.calls.get(String(callId));
	return call?.call_type === 'phone_call' ? call : undefined;
}

describe('Call → Create Phone Call', () => {
	it('sends a snake_case body with string dynamic variables and no blank override agent', async () => {
		const requests = recordRequests(env.emulator);
		const run = await runRetell(
			env.emulator,
			createPhoneCall({
				dynamicVariables: {
					variable: [
						{ name: 'customer_name', value: 'Ada' },
						{ name: 'balance', value: '={{ 42 }}' },
					],
				},
				options: {
					metadata: { field: [{ name: 'crm_id', value: 'C-7' }, { name: 'source', value: 'rows' }] },
					metadataJson: '{"source": "json", "lead": 7}',
				},
			}),
		);

		expect(run.status).toBe('success');
		expect(requests()).toEqual([
			expect.objectContaining({
				method: 'POST',
				path: '/v2/create-phone-call',
				status: 201,
				body: {
					from_number: env.account.fromNumber,
					to_number: '+4520123456',
					retell_llm_dynamic_variables: { customer_name: 'Ada', balance: '42' },
					metadata: { crm_id: 'C-7', source: 'json', lead: 7 },
				},
			}),
		]);
		const [output] = run.json();
		expect(output).toMatchObject({
			call_type: 'phone_call',
			call_status: 'registered',
			direction: 'outbound',
			from_number: env.account.fromNumber,
			to_number: '+4520123456',
			agent_id: env.account.agentId,
		});
		expect(storedCall(output.call_id)?.retell_llm_dynamic_variables).toEqual({ customer_name: 'Ada', balance: '42' });
		expect(run.items()[0].pairedItem).toEqual({ item: 0 });
	});

	it('sends the override agent, JSON dynamic variables as text, SIP headers, and merges Additional Fields last', async () => {
		const requests = recordRequests(env.emulator);
		const run = await runRetell(
			env.emulator,
			createPhoneCall({
				toNumber: '+14155550123',
				overrideAgentId: byId(env.account.otherAgentId),
				dynamicVariablesInput: 'json',
				dynamicVariablesJson: '{"name": "Ada", "age": 36, "vip": true, "tags": ["a", "b"], "note": null}',
				options: {
					overrideAgentVersion: '0',
					customSipHeaders: { header: [{ name: 'X-Campaign', value: 'spring' }] },
					metadataJson: '{"source": "field"}',
					additionalFieldsJson: '{"metadata": {"source": "json"}}',
				},
			}),
		);

		expect(run.status).toBe('success');
		expect(requests().map((request) => request.body)).toEqual([
			{
				from_number: env.account.fromNumber,
				to_number: '+14155550123',
				override_agent_id: env.account.otherAgentId,
				override_agent_version: 0,
				retell_llm_dynamic_variables: { name: 'Ada', age: '36', vip: 'true', tags: '["a","b"]', note: '' },
				metadata: { source: 'json' },
				custom_sip_headers: { 'X-Campaign': 'spring' },
			},
		]);
		expect(run.json()[0]).toMatchObject({ agent_id: env.account.otherAgentId, metadata: { source: 'json' } });
	});

	it('skips the E.164 checks only when Ignore E.164 Validation is on, and leaves the rest to Retell', async () => {
		const requests = recordRequests(env.emulator);
		const run = await runRetell(
			env.emulator,
			createPhoneCall({ fromNumber: byId(env.account.fromNumber), toNumber: '204', options: { ignoreE164Validation: true } }),
		);

		expect(requests().map((request) => request.body)).toEqual([
			{ from_number: env.account.fromNumber, to_number: '204', ignore_e164_validation: true },
		]);
		// The flag "does not apply when you are using Retell Telephony" (SDK 5.66.1): a bought number dials E.164 only.
		expect(runError(run)).toMatchObject({ httpCode: '400', message: expect.stringContaining('to_number 204 is not a valid E.164 phone number') });
	});

	it.each([
		['To Number', { toNumber: '+0123' }],
		['To Number', { toNumber: '4155550100' }],
		['To Number', { toNumber: '+1 415 555 0100' }],
		['To Number', { toNumber: '={{ $json.missing }}' }],
		['From Number', { fromNumber: byId('14155550100') }],
	])('refuses a %s that is not E.164 (%j) before any request', async (field, parameters) => {
		const requests = recordRequests(env.emulator);
		const run = await runRetell(env.emulator, createPhoneCall(parameters));

		expect(run.status).toBe('error');
		expect(runError(run)).toMatchObject({ message: `${field} must be an E.164 phone number, like +14155550100`, itemIndex: 0 });
		expect(requests()).toEqual([]);
	});

	it.each([
		['metadata', { options: { metadataJson: '{"crm_id": ' } }, 'Metadata (JSON) is not valid JSON'],
		['dynamic variables', { dynamicVariablesInput: 'json', dynamicVariablesJson: '[1, 2]' }, 'Dynamic Variables (JSON) must be a JSON object'],
		['additional fields', { options: { additionalFieldsJson: '{oops}' } }, 'Additional Fields (JSON) is not valid JSON'],
	])('refuses %s that do not parse before any request', async (_field, parameters, message) => {
		const requests = recordRequests(env.emulator);
		const run = await runRetell(env.emulator, createPhoneCall(parameters));

		expect(runError(run)).toMatchObject({ message, itemIndex: 0 });
		expect(requests()).toEqual([]);
	});

	it('reports the index of the invalid item and sends nothing for it', async () => {
		const requests = recordRequests(env.emulator);
		const run = await runRetell(
			env.emulator,
			createPhoneCall({ toNumber: '={{ $json.to }}', options: { concurrency: 1 } }),
			{ input: [{ to: '+14155550130' }, { to: '4155550131' }] },
		);

		expect(runError(run)).toMatchObject({ message: expect.stringContaining('To Number'), itemIndex: 1 });
		expect(requests().map((request) => request.body)).toEqual([expect.objectContaining({ to_number: '+14155550130' })]);
	});

	it('turns failed items into error items paired with their input under Continue On Fail, and keeps going', async () => {
		const requests = recordRequests(env.emulator);
		const run = await runRetell(env.emulator, createPhoneCall({ toNumber: '={{ $json.to }}' }), {
			input: [{ to: '+14155550140' }, { to: '+0140' }, { to: '+14155550142' }],
			continueOnFail: true,
		});

		expect(run.status).toBe('success');
		const items = run.items();
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json).toMatchObject({ to_number: '+14155550140', call_status: 'registered' });
		expect(items[1].json).toEqual({
			error: 'To Number must be an E.164 phone number, like +14155550100',
			errorDescription: expect.stringContaining('+0140'),
		});
		expect(items[2].json).toMatchObject({ to_number: '+14155550142' });
		expect(requests()).toHaveLength(2);
	});

	it('turns a Retell error into an error item with Retell\'s message and HTTP code, never the API key', async () => {
		env.emulator.failNext(
			{ method: 'POST', path: '/v2/create-phone-call' },
			{ status: 402, body: { status: 'error', message: 'Trial has ended, please add payment method.' } },
		);
		const run = await runRetell(env.emulator, createPhoneCall(), { continueOnFail: true });

		expect(run.json()).toEqual([
			{
				error: 'Retell: Trial has ended, please add payment method.',
				errorDescription: expect.stringContaining('payment method'),
				httpCode: '402',
			},
		]);
		expect(JSON.stringify(run.runData)).not.toContain(env.emulator.apiKey);
	});

	it('never re-sends a create after a 500: one request, and an error that says the call may have been placed', async () => {
		// One scripted 500: a re-send would be answered 201 and show up as a second request.
		env.emulator.failNext({ method: 'POST', path: '/v2/create-phone-call' }, { status: 500 });
		const requests = recordRequests(env.emulator);
		const run = await runRetell(env.emulator, createPhoneCall({ toNumber: '+14155550150' }));

		expect(requests().filter((request) => request.path === '/v2/create-phone-call')).toHaveLength(1);
		const error = runError(run);
		expect(error).toMatchObject({ httpCode: '500', itemIndex: 0 });
		expect(error.description).toMatch(/may still have been carried out \(for a call: the phone may ring\)/);
		expect(JSON.stringify(error)).not.toContain(env.emulator.apiKey);
	});

	it('re-sends a create that was rate-limited (429: Retell did nothing)', async () => {
		env.emulator.failNext({ method: 'POST', path: '/v2/create-phone-call' }, { status: 429, headers: { 'retry-after': '0' } });
		const requests = recordRequests(env.emulator);
		const run = await runRetell(env.emulator, createPhoneCall({ toNumber: '+14155550160' }));

		expect(run.status).toBe('success');
		expect(requests().map((request) => request.status)).toEqual([429, 201]);
		expect(run.json()).toEqual([expect.objectContaining({ to_number: '+14155550160' })]);
	});
});

describe('Call → Create Web Call', () => {
	it('creates a v3 web call and returns the access token the browser joins with', async () => {
		const requests = recordRequests(env.emulator);
		const run = await runRetell(env.emulator, {
			resource: 'call',
			operation: 'createWebCall',
			agentId: fromList(env.account.agentId),
			dynamicVariables: { variable: [{ name: 'plan', value: 'pro' }] },
			options: { agentVersion: '0', metadataJson: '{"session": "abc"}' },
		});

		expect(requests()).toEqual([
			expect.objectContaining({
				method: 'POST',
				path: '/v3/create-web-call',
				body: {
					agent_id: env.account.agentId,
					agent_version: 0,
					retell_llm_dynamic_variables: { plan: 'pro' },
					metadata: { session: 'abc' },
				},
			}),
		]);
		const [output] = run.json();
		expect(output).toEqual({
			access_token: expect.any(String),
			call_id: expect.stringMatching(/^call_/),
			expires_at: expect.any(Number),
			ice_servers: [expect.objectContaining({ urls: expect.anything() })],
			transport: 'gateway',
		});
		expect(env.emulator.state.calls.get(String(output.call_id))).toMatchObject({ call_type: 'web_call', metadata: { session: 'abc' } });
	});

	it('requires an agent before any request, also when an expression yields none', async () => {
		const requests = recordRequests(env.emulator);
		const run = await runRetell(env.emulator, {
			resource: 'call',
			operation: 'createWebCall',
			agentId: byId('={{ $json.agent }}'),
		});

		expect(runError(run)).toMatchObject({ message: 'Agent is required', itemIndex: 0 });
		expect(requests()).toEqual([]);
	});
});
