import { byId, recordRequests, runError, useAccount } from './helpers';

const env = useAccount();

describe('Clear Fields: removing a setting, which empty fields never do', () => {
	it("removes an agent's webhook URL and events (null, as retell-sdk types them), so Retell falls back to its defaults", async () => {
		const agentId = env.account.otherAgentId;
		await env.sdk.agent.update(agentId, { webhook_url: 'https://old.example.com/hook', webhook_events: ['call_ended'] });
		const requests = recordRequests(env.emulator);
		const run = await env.run({
			resource: 'agent',
			operation: 'update',
			agentId: byId(agentId),
			updateFields: { agentName: 'Collections', clearFields: ['webhook_url', 'webhook_events'] },
		});

		expect(requests().map((request) => request.body)).toEqual([{ agent_name: 'Collections', webhook_url: null, webhook_events: null }]);
		expect(run.json()[0]).toMatchObject({ agent_id: agentId, agent_name: 'Collections' });
		const stored = await env.sdk.agent.retrieve(agentId);
		expect(stored.webhook_url ?? null).toBeNull();
		expect(stored.webhook_events ?? null).toBeNull();
	});

	it("removes a number's inbound webhook URL, and a clear alone is enough to update", async () => {
		await env.sdk.phoneNumber.update(env.account.fromNumber, { inbound_webhook_url: 'https://old.example.com/inbound', nickname: 'Front desk' });
		const requests = recordRequests(env.emulator);
		const run = await env.run({
			resource: 'phoneNumber',
			operation: 'update',
			phoneNumber: byId(env.account.fromNumber),
			updateFields: { clearFields: ['inbound_webhook_url'] },
		});

		expect(requests().map((request) => request.body)).toEqual([{ inbound_webhook_url: null }]);
		expect(run.json()[0]).toMatchObject({ phone_number: env.account.fromNumber, nickname: 'Front desk' });
		expect((await env.sdk.phoneNumber.retrieve(env.account.fromNumber)).inbound_webhook_url ?? null).toBeNull();
	});

	it("removes an LLM's begin message", async () => {
		const llm = await env.sdk.llm.create({ general_prompt: 'You help.', begin_message: 'Hello there!' });
		const run = await env.run({ resource: 'llm', operation: 'update', llmId: byId(llm.llm_id), updateFields: { clearFields: ['begin_message'] } });
		expect(run.status).toBe('success');
		expect((await env.sdk.llm.retrieve(llm.llm_id)).begin_message ?? null).toBeNull();
	});

	it('refuses a field that is both set and cleared, before any request', async () => {
		const requests = recordRequests(env.emulator);
		const run = await env.run({
			resource: 'agent',
			operation: 'update',
			agentId: byId(env.account.agentId),
			updateFields: { webhookUrl: 'https://new.example.com/hook', clearFields: ['webhook_url'] },
		});
		expect(runError(run)).toMatchObject({ message: 'Webhook URL: both set and cleared', itemIndex: 0 });
		expect(requests()).toEqual([]);
	});
});
