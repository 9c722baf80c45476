import { agentFixtures } from './agentHelpers';
import { byId, recordRequests, runError, useEmulator } from './helpers';

const env = useEmulator({ resource: 'agent' });
const { createAgent } = agentFixtures(env);

/** An agent with published version 0 and draft version 1, as after a publish and an edit in the dashboard. */
async function agentWithTwoVersions(): Promise<string> {
	const agent = await createAgent('Two versions');
	await env.sdk.agent.publish(agent.agent_id, { version: 0 });
	await env.sdk.agent.update(agent.agent_id, { agent_name: 'Edited' });
	return agent.agent_id;
}

describe('Agent → Create Version', () => {
	it('creates a draft copied from the base version and returns it', async () => {
		const agentId = await agentWithTwoVersions();
		const requests = recordRequests(env.emulator);

		const run = await env.run({ operation: 'createVersion', agentId: byId(agentId), baseVersion: 0 });

		expect(requests().map(({ method, path, query, body }) => ({ method, path, query, body }))).toEqual([
			{ method: 'POST', path: `/create-agent-version/${agentId}`, query: {}, body: { base_version: 0 } },
		]);
		expect(run.json()).toEqual([
			expect.objectContaining({ agent_id: agentId, version: 2, base_version: 0, is_published: false, agent_name: 'Two versions' }),
		]);
		expect(env.emulator.state.agentVersions.get(agentId)?.map(({ version }) => version)).toEqual([0, 1, 2]);
	});

	it("passes on Retell's 404 for a base version the agent does not have, and its 422 for an unknown agent", async () => {
		const agentId = await agentWithTwoVersions();

		const noVersion = await env.run({ operation: 'createVersion', agentId: byId(agentId), baseVersion: 7 });
		const noAgent = await env.run({ operation: 'createVersion', agentId: byId('agent_unknown'), baseVersion: 0 });

		expect(runError(noVersion)).toMatchObject({ message: 'Retell: The requested resource was not found.', httpCode: '404', itemIndex: 0 });
		expect(runError(noAgent)).toMatchObject({
			message: 'Retell: Cannot find requested asset under given api key.',
			httpCode: '422',
			itemIndex: 0,
		});
		expect(env.emulator.state.agentVersions.get(agentId)).toHaveLength(2);
	});

	it.each([
		['a negative number', -1],
		['a fraction', 1.5],
		['text', '={{ "latest" }}'],
	])('refuses %s as Base Version before any request', async (_case, baseVersion) => {
		const requests = recordRequests(env.emulator);
		const run = await env.run({ operation: 'createVersion', agentId: byId('agent_abc123'), baseVersion });

		expect(runError(run)).toMatchObject({ message: 'Base Version must be a whole number of 0 or more', itemIndex: 0 });
		expect(requests()).toEqual([]);
	});
});

describe('Agent → Delete Version', () => {
	it('deletes one version and keeps the agent and its other versions', async () => {
		const agentId = await agentWithTwoVersions();
		const requests = recordRequests(env.emulator);

		const run = await env.run({ operation: 'deleteVersion', agentId: byId(agentId), version: 1 });

		expect(run.json()).toEqual([{ deleted: true, agent_id: agentId, version: 1 }]);
		expect(requests().map(({ method, path, query, body }) => ({ method, path, query, body }))).toEqual([
			{ method: 'DELETE', path: `/delete-agent-version/${agentId}`, query: { version: '1' }, body: undefined },
		]);
		expect(env.emulator.state.agentVersions.get(agentId)?.map(({ version }) => version)).toEqual([0]);
		expect(env.emulator.state.getAgent(agentId)?.version).toBe(0);
	});

	it('reports the failing item: "Agent version not found" with Retell\'s 404 for a version that does not exist', async () => {
		const agentId = await agentWithTwoVersions();

		const run = await env.run(
			{ operation: 'deleteVersion', agentId: byId(agentId), version: '={{ $json.version }}' },
			{ input: [{ version: 1 }, { version: 9 }] },
		);

		expect(runError(run)).toMatchObject({
			message: 'Agent version not found',
			description: 'Retell answered 404: The requested resource was not found.',
			httpCode: '404',
			itemIndex: 1,
		});
		expect(env.emulator.state.agentVersions.get(agentId)?.map(({ version }) => version)).toEqual([0]);
	});

	it('reports a delete whose answer was lost as deleted, with answer_lost, after reading that the version is gone', async () => {
		const agentId = await agentWithTwoVersions();
		env.emulator.failNext({ method: 'DELETE', path: `/delete-agent-version/${agentId}` }, { status: 502, afterHandling: true });
		const requests = recordRequests(env.emulator);

		const run = await env.run({ operation: 'deleteVersion', agentId: byId(agentId), version: 1 });

		expect(run.json()).toEqual([{ deleted: true, agent_id: agentId, version: 1, answer_lost: true }]);
		// Looked before repeating: no second DELETE, which Retell would answer with 404.
		expect(requests().map(({ method, path, query, status }) => ({ method, path, query, status }))).toEqual([
			{ method: 'DELETE', path: `/delete-agent-version/${agentId}`, query: { version: '1' }, status: 502 },
			{ method: 'GET', path: `/get-agent/${agentId}`, query: { version: '1' }, status: 422 },
		]);
	});

	it('refuses a version that is not a whole number before any request', async () => {
		const requests = recordRequests(env.emulator);
		const run = await env.run({ operation: 'deleteVersion', agentId: byId('agent_abc123'), version: 0.5 });

		expect(runError(run)).toMatchObject({ message: 'Version must be a whole number of 0 or more', itemIndex: 0 });
		expect(requests()).toEqual([]);
	});
});
