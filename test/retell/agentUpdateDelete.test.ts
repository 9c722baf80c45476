import { agentFixtures } from './agentHelpers';
import { byId, useEmulator } from './helpers';

const env = useEmulator({ resource: 'agent' });
const retell = env.run;
const requestsSince = env.requestsSince;
const { createLlm, createAgent } = agentFixtures(env);

describe('Agent → Update', () => {
	it('sends only the fields that were set and leaves the others as they were', async () => {
		const existing = await createAgent('Before', 1.3);
		const mark = env.emulator.requests.length;

		const run = await retell({
			operation: 'update',
			agentId: byId(existing.agent_id),
			updateFields: { agentName: 'After', webhookUrl: '' },
		});

		expect(run.status).toBe('success');
		expect(requestsSince(mark)).toEqual([
			{ method: 'PATCH', path: `/update-agent/${existing.agent_id}`, query: {}, body: { agent_name: 'After' } },
		]);
		expect(run.json()[0]).toMatchObject({ agent_id: existing.agent_id, agent_name: 'After', voice_speed: 1.3 });
		expect(env.emulator.state.agents.get(existing.agent_id)).toMatchObject({ agent_name: 'After', voice_speed: 1.3 });
	});

	it('switches the response engine and sends the version as a query parameter', async () => {
		const existing = await createAgent();
		const otherLlmId = await createLlm();
		const mark = env.emulator.requests.length;

		const run = await retell({
			operation: 'update',
			agentId: byId(existing.agent_id),
			updateFields: { llmId: otherLlmId, voiceId: 'openai-Alloy', additionalFieldsJson: '{"webhook_url": null}' },
			options: { version: 0 },
		});

		expect(run.status).toBe('success');
		expect(requestsSince(mark)).toEqual([
			{
				method: 'PATCH',
				path: `/update-agent/${existing.agent_id}`,
				query: { version: '0' },
				body: { response_engine: { type: 'retell-llm', llm_id: otherLlmId }, voice_id: 'openai-Alloy', webhook_url: null },
			},
		]);
	});

	it('refuses an update without any field, or with two response engines, before sending anything', async () => {
		const empty = await retell({ operation: 'update', agentId: byId('agent_abc123'), updateFields: {} });
		const twoEngines = await retell({
			operation: 'update',
			agentId: byId('agent_abc123'),
			updateFields: { llmId: 'llm_abc123', llmWebsocketUrl: 'wss://llm.example.com' },
		});

		expect(empty.status).toBe('error');
		expect(empty.error?.message).toBe('Nothing to update');
		expect(empty.error?.context.itemIndex).toBe(0);
		expect(twoEngines.error?.message).toBe('Set only one response engine');
		expect(twoEngines.error?.context.itemIndex).toBe(0);
		expect(env.emulator.requests).toEqual([]);
	});
});

describe('Agent → Delete', () => {
	it('deletes the agent and says so', async () => {
		const existing = await createAgent();
		const mark = env.emulator.requests.length;

		const run = await retell({ operation: 'deleteAgent', agentId: byId(existing.agent_id) });

		expect(run.json()).toEqual([{ deleted: true, agent_id: existing.agent_id }]);
		expect(requestsSince(mark)).toEqual([
			{ method: 'DELETE', path: `/delete-agent/${existing.agent_id}`, query: {}, body: undefined },
		]);
		expect(env.emulator.state.agents.has(existing.agent_id)).toBe(false);
	});
});
