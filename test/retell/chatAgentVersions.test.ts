import { byId, recordRequests, runError, useEmulator } from './helpers';

const env = useEmulator({ resource: 'chatAgent' });

/** A chat agent with published version 0 and draft version 1, as after a publish and an edit in the dashboard. */
async function chatAgentWithTwoVersions(): Promise<string> {
	const llm = await env.sdk.llm.create({ general_prompt: 'You answer questions about orders.' });
	const agent = await env.sdk.chatAgent.create({ response_engine: { type: 'retell-llm', llm_id: llm.llm_id }, agent_name: 'First' });
	await env.sdk.chatAgent.publish(agent.agent_id, { version: 0 });
	await env.sdk.chatAgent.update(agent.agent_id, { agent_name: 'Second' });
	return agent.agent_id;
}

function sent(requests: ReturnType<ReturnType<typeof recordRequests>>) {
	return requests.map(({ method, path, query, body }) => ({ method, path, query, body }));
}

const versionsOf = (agentId: string) => env.emulator.state.chatAgentVersions.get(agentId)?.map(({ version }) => version);

describe('Chat Agent → Create Version', () => {
	it('creates a draft copied from the base version through the shared create-agent-version', async () => {
		const agentId = await chatAgentWithTwoVersions();
		const requests = recordRequests(env.emulator);

		const run = await env.run({ operation: 'createVersion', chatAgentId: byId(agentId), baseVersion: 0 });

		expect(sent(requests())).toEqual([{ method: 'POST', path: `/create-agent-version/${agentId}`, query: {}, body: { base_version: 0 } }]);
		expect(run.json()).toEqual([
			expect.objectContaining({ agent_id: agentId, version: 2, base_version: 0, is_published: false, agent_name: 'First' }),
		]);
		expect(versionsOf(agentId)).toEqual([0, 1, 2]);
	});

	it("passes on Retell's 404 for a missing base version, and refuses a negative one before any request", async () => {
		const agentId = await chatAgentWithTwoVersions();
		const missing = await env.run({ operation: 'createVersion', chatAgentId: byId(agentId), baseVersion: 5 });
		const requests = recordRequests(env.emulator);
		const negative = await env.run({ operation: 'createVersion', chatAgentId: byId(agentId), baseVersion: -1 });

		expect(runError(missing)).toMatchObject({ message: 'Retell: The requested resource was not found.', httpCode: '404', itemIndex: 0 });
		expect(runError(negative)).toMatchObject({ message: 'Base Version must be a whole number of 0 or more', itemIndex: 0 });
		expect(requests()).toEqual([]);
		expect(versionsOf(agentId)).toEqual([0, 1]);
	});
});

describe('Chat Agent → Delete Version', () => {
	it('deletes one version through the shared delete-agent-version and keeps the others', async () => {
		const agentId = await chatAgentWithTwoVersions();
		const requests = recordRequests(env.emulator);

		const run = await env.run({ operation: 'deleteVersion', chatAgentId: byId(agentId), version: 1 });

		expect(run.json()).toEqual([{ deleted: true, agent_id: agentId, version: 1 }]);
		expect(sent(requests())).toEqual([
			{ method: 'DELETE', path: `/delete-agent-version/${agentId}`, query: { version: '1' }, body: undefined },
		]);
		expect(versionsOf(agentId)).toEqual([0]);
		expect(env.emulator.state.getChatAgent(agentId)?.agent_name).toBe('First');
	});

	it('reports a missing version as not found, and a delete whose answer was lost as deleted after reading the version', async () => {
		const agentId = await chatAgentWithTwoVersions();
		const missing = await env.run({ operation: 'deleteVersion', chatAgentId: byId(agentId), version: 4 });
		env.emulator.failNext({ method: 'DELETE', path: `/delete-agent-version/${agentId}` }, { status: 502, afterHandling: true });
		const requests = recordRequests(env.emulator);
		const lost = await env.run({ operation: 'deleteVersion', chatAgentId: byId(agentId), version: 1 });

		expect(runError(missing)).toMatchObject({ message: 'Chat agent version not found', httpCode: '404', itemIndex: 0 });
		expect(lost.json()).toEqual([{ deleted: true, agent_id: agentId, version: 1, answer_lost: true }]);
		expect(requests().map(({ method, path, query, status }) => ({ method, path, query, status }))).toEqual([
			{ method: 'DELETE', path: `/delete-agent-version/${agentId}`, query: { version: '1' }, status: 502 },
			{ method: 'GET', path: `/get-chat-agent/${agentId}`, query: { version: '1' }, status: 422 },
		]);
	});
});

describe('Chat Agent → Get Versions', () => {
	it('lists versions through list-agent-versions, all of them or up to Limit', async () => {
		const agentId = await chatAgentWithTwoVersions();
		await env.sdk.chatAgent.createVersion(agentId, { base_version: 0 });
		const requests = recordRequests(env.emulator);

		const all = await env.run({ operation: 'getVersions', chatAgentId: byId(agentId), returnAll: true });
		const limited = await env.run({ operation: 'getVersions', chatAgentId: byId(agentId), limit: 2 });

		expect(sent(requests())).toEqual([
			{ method: 'GET', path: `/list-agent-versions/${agentId}`, query: { limit: '1000' }, body: undefined },
			{ method: 'GET', path: `/list-agent-versions/${agentId}`, query: { limit: '2' }, body: undefined },
		]);
		expect(all.json().map(({ agent_id, version, is_published, base_version }) => ({ agent_id, version, is_published, base_version }))).toEqual([
			{ agent_id: agentId, version: 2, is_published: false, base_version: 0 },
			{ agent_id: agentId, version: 1, is_published: false, base_version: 0 },
			{ agent_id: agentId, version: 0, is_published: true, base_version: undefined },
		]);
		expect(limited.json().map(({ version }) => version)).toEqual([2, 1]);
	});

	it('reports an unknown chat agent as not found', async () => {
		const run = await env.run({ operation: 'getVersions', chatAgentId: byId('agent_unknown'), returnAll: true });
		expect(runError(run)).toMatchObject({ message: 'Chat agent not found', httpCode: '422', itemIndex: 0 });
	});
});

describe('Chat Agent → Publish', () => {
	it('publishes a draft version with its title, and the Retell LLM version it runs on', async () => {
		const agentId = await chatAgentWithTwoVersions();
		const requests = recordRequests(env.emulator);

		const run = await env.run({
			operation: 'publish',
			chatAgentId: byId(agentId),
			version: 1,
			additionalFields: { versionTitle: 'Launch', versionDescription: '' },
		});

		expect(run.json()).toEqual([{ published: true, agent_id: agentId, version: 1, version_title: 'Launch' }]);
		expect(sent(requests())).toEqual([
			{ method: 'POST', path: `/publish-agent-version/${agentId}`, query: {}, body: { version: 1, version_title: 'Launch' } },
		]);
		const published = env.emulator.state.getChatAgent(agentId, 1);
		expect(published).toMatchObject({ is_published: true, version_title: 'Launch' });
		expect(published?.response_engine).toMatchObject({ type: 'retell-llm', version: 0 });
	});

	it("passes on Retell's 400 for a version that is already published", async () => {
		const agentId = await chatAgentWithTwoVersions();
		const run = await env.run({ operation: 'publish', chatAgentId: byId(agentId), version: 0 });
		expect(runError(run)).toMatchObject({ message: expect.stringContaining('Version 0 is already published.'), httpCode: '400', itemIndex: 0 });
	});

	it('reports a publish whose answer was lost as published, with answer_lost, instead of "already published"', async () => {
		const agentId = await chatAgentWithTwoVersions();
		env.emulator.failNext({ method: 'POST', path: `/publish-agent-version/${agentId}` }, { status: 502, afterHandling: true });
		const requests = recordRequests(env.emulator);

		const run = await env.run({ operation: 'publish', chatAgentId: byId(agentId), version: 1 });

		expect(run.json()).toEqual([{ published: true, agent_id: agentId, version: 1, answer_lost: true }]);
		expect(requests().map(({ method, path, query, status }) => ({ method, path, query, status }))).toEqual([
			{ method: 'POST', path: `/publish-agent-version/${agentId}`, query: {}, status: 502 },
			{ method: 'GET', path: `/get-chat-agent/${agentId}`, query: { version: '1' }, status: 200 },
		]);
	});
});
