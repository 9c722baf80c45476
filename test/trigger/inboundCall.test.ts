import type { WebhookServer } from '../harness';
import { sendInboundCallWebhook } from '../retell-emulator/functionCalls';
import { post, type RetellAccount, startRetell, startTrigger } from './helpers';

let account: RetellAccount;
let server: WebhookServer;

beforeAll(async () => {
	account = await startRetell();
});

afterEach(async () => {
	await server.close();
});

afterAll(async () => {
	await account.emulator.close();
});

function ring(options: Partial<Parameters<typeof sendInboundCallWebhook>[0]> = {}) {
	return sendInboundCallWebhook({
		url: server.webhookUrl(),
		apiKey: account.emulator.apiKey,
		fromNumber: '+14155550123',
		toNumber: '+14155550100',
		agentId: 'agent_default0000',
		agentVersion: 3,
		callId: 'call_inbound0001',
		...options,
	});
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
