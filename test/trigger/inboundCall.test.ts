import type { INodeParameters } from 'n8n-workflow';

import type { TestNode, WebhookServer } from '../support/harness';
import { post, ringInbound, startTrigger, useRetell } from './helpers';

const account = useRetell();
let server: WebhookServer;

afterEach(async () => {
	await server.close();
});

/** Retell → Webhook Response → Build Inbound Call Response, the node the notice tells users to end with. */
const inboundResponse = (parameters: INodeParameters): TestNode => ({
	type: 'retell',
	parameters: { resource: 'webhookResponse', operation: 'buildInboundCallResponse', ...parameters },
});

function ring(options: Parameters<typeof ringInbound>[2] = {}) {
	return ringInbound(account, server, options);
}

describe('Retell Trigger: inbound calls', () => {
	it("hands the workflow the caller, and answers Retell with the last node's call_inbound", async () => {
		server = await startTrigger(account, { mode: 'inboundCall' }, [
			{
				type: 'test.setJson',
				parameters: {
					json: '={{ JSON.stringify({ call_inbound: { override_agent_id: "agent_vip000000", dynamic_variables: { caller: $json.from_number } } }) }}',
				},
			},
		]);
		expect(server.webhookUrl()).toMatch(/\/inbound$/);

		const result = await ring();

		expect(result.ok).toBe(true);
		expect(result.attempts).toHaveLength(1);
		expect(result.callInbound).toEqual({ override_agent_id: 'agent_vip000000', dynamic_variables: { caller: '+14155550123' } });
		expect(server.executions[0].json('Retell Trigger')).toEqual([
			{
				event: 'call_inbound',
				from_number: '+14155550123',
				to_number: '+14155550100',
				agent_id: 'agent_default0000',
				agent_version: 3,
				call_id: 'call_inbound0001',
			},
		]);
	});

	it('answers 500 when the workflow fails, so Retell retries and then falls back', async () => {
		server = await startTrigger(account, { mode: 'inboundCall' }, [{ type: 'test.fail' }]);
		const result = await ring();
		expect(result.ok).toBe(false);
		expect(result.attempts.map((attempt) => attempt.status)).toEqual([500, 500, 500, 500]);
		expect(result.callInbound).toBeUndefined();
	});

	it('refuses bodies that are not an inbound call with 400, and unsigned ones with 401', async () => {
		server = await startTrigger(account, { mode: 'inboundCall' }, [{ type: 'test.setJson', parameters: { json: '{}' } }]);
		const apiKey = account.emulator.apiKey;
		const url = server.webhookUrl();
		expect((await post(url, JSON.stringify({ call_inbound: { from_number: '+1', to_number: '+2' } }), { apiKey })).status).toBe(400);
		expect((await post(url, JSON.stringify({ event: 'chat_inbound', chat_inbound: {} }), { apiKey })).status).toBe(400);
		expect((await post(url, JSON.stringify({ event: 'call_inbound', call_inbound: { from_number: '+1' } }), { apiKey })).status).toBe(400);
		expect((await ring({ signature: null, retries: 0 })).status).toBe(401);
		await server.idle();
		expect(server.executions).toHaveLength(0);
	});
});

describe('Retell Trigger → Retell (Build Inbound Call Response): what Retell receives', () => {
	it('gets call_inbound and nothing else, the variables as text, and no override for unknown callers', async () => {
		server = await startTrigger(account, { mode: 'inboundCall' }, [
			inboundResponse({
				overrideAgentId: { __rl: true, mode: 'id', value: '={{ $json.from_number === "+14155550123" ? "agent_vip000000" : "" }}' },
				dynamicVariables: {
					variable: [
						{ name: 'caller', value: '={{ $json.from_number }}' },
						{ name: 'agent_version', value: '={{ $json.agent_version }}' },
						{ name: 'known', value: '={{ $json.from_number === "+14155550123" }}' },
					],
				},
				options: { metadata: { field: [{ name: 'inbound_call_id', value: '={{ $json.call_id }}' }] } },
			}),
		]);
		const requestsBefore = account.emulator.requests.length;

		const known = await ring();
		const unknown = await ring({ fromNumber: '+14155550999' });

		expect(known.attempts).toHaveLength(1);
		expect(JSON.parse(known.attempts[0].text)).toEqual({
			call_inbound: {
				override_agent_id: 'agent_vip000000',
				dynamic_variables: { caller: '+14155550123', agent_version: '3', known: 'true' },
				metadata: { inbound_call_id: 'call_inbound0001' },
			},
		});
		expect(unknown.callInbound).toEqual({
			dynamic_variables: { caller: '+14155550999', agent_version: '3', known: 'false' },
			metadata: { inbound_call_id: 'call_inbound0001' },
		});
		expect(account.emulator.requests).toHaveLength(requestsBefore);
	});

	it('turns a lookup\'s numbers, booleans and nulls into the text variables Retell requires', async () => {
		server = await startTrigger(account, { mode: 'inboundCall' }, [
			{
				type: 'test.setJson',
				parameters: { json: '{"name": "Ada", "balance": 12.5, "vip": true, "last_order": null, "agent": "agent_vip000000"}' },
			},
			inboundResponse({
				overrideAgentId: { __rl: true, mode: 'id', value: '={{ $json.agent }}' },
				dynamicVariablesInput: 'json',
				dynamicVariablesJson:
					'={{ { customer_name: $json.name, balance: $json.balance, vip: $json.vip, last_order: $json.last_order, caller: $("Retell Trigger").item.json.from_number } }}',
				options: { overrideAgentVersion: 2, agentOverride: '{"retell_llm": {"begin_message": "Welcome back, Ada!"}}' },
			}),
		]);

		const result = await ring();

		expect(result.ok).toBe(true);
		expect(JSON.parse(result.attempts[0].text)).toEqual({
			call_inbound: {
				override_agent_id: 'agent_vip000000',
				override_agent_version: 2,
				dynamic_variables: { customer_name: 'Ada', balance: '12.5', vip: 'true', last_order: '', caller: '+14155550123' },
				agent_override: { retell_llm: { begin_message: 'Welcome back, Ada!' } },
			},
		});
	});
});

describe('Retell Trigger (Respond: Using Webhook Response Node) → Build Inbound Call Response → more nodes', () => {
	it('answers while the call rings, before the nodes after it run; their failure changes nothing for Retell', async () => {
		server = await startTrigger(account, { mode: 'inboundCall', respond: 'responseNode' }, [
			inboundResponse({
				overrideAgentId: { __rl: true, mode: 'id', value: 'agent_vip000000' },
				dynamicVariables: { variable: [{ name: 'caller', value: '={{ $json.from_number }}' }] },
			}),
			{ type: 'test.fail', parameters: { message: 'The CRM log is down' } },
		]);

		const result = await ring();

		expect(result.ok).toBe(true);
		expect(result.attempts).toHaveLength(1);
		expect(result.callInbound).toEqual({ override_agent_id: 'agent_vip000000', dynamic_variables: { caller: '+14155550123' } });
		await server.idle();
		expect(server.executions[0].error?.message).toBe('The CRM log is down');
	});
});
