import { agentFixtures } from './agentHelpers';
import { byId, useEmulator } from './helpers';

const env = useEmulator({ resource: 'agent' });
const retell = env.run;
const requestsSince = env.requestsSince;
const { createAgent } = agentFixtures(env);

describe('Agent → Publish and Get Versions', () => {
	it('publishes a version with its title', async () => {
		const existing = await createAgent();
		const mark = env.emulator.requests.length;

		const run = await retell({
			operation: 'publish',
			agentId: byId(existing.agent_id),
			version: 0,
			additionalFields: { versionTitle: 'Launch', versionDescription: '' },
		});

		expect(run.json()).toEqual([{ published: true, agent_id: existing.agent_id, version: 0, version_title: 'Launch' }]);
		expect(requestsSince(mark)).toEqual([
			{
				method: 'POST',
				path: `/publish-agent-version/${existing.agent_id}`,
				query: {},
				body: { version: 0, version_title: 'Launch' },
			},
		]);
		expect(env.emulator.state.getAgent(existing.agent_id, 0)?.is_published).toBe(true);
	});

	it('lists versions through list-agent-versions, all of them or up to Limit', async () => {
		const existing = await createAgent();
		for (let version = 1; version <= 4; version++) {
			env.emulator.state.putAgentVersion({ ...existing, version, is_published: version === 2 });
		}
		const mark = env.emulator.requests.length;

		const all = await retell({ operation: 'getVersions', agentId: byId(existing.agent_id), returnAll: true });
		const limited = await retell({ operation: 'getVersions', agentId: byId(existing.agent_id), limit: 2 });

		expect(requestsSince(mark)).toEqual([
			{ method: 'GET', path: `/list-agent-versions/${existing.agent_id}`, query: { limit: '1000' }, body: undefined },
			{ method: 'GET', path: `/list-agent-versions/${existing.agent_id}`, query: { limit: '2' }, body: undefined },
		]);
		expect(all.json().map(({ agent_id, version, is_published }) => ({ agent_id, version, is_published }))).toEqual(
			[4, 3, 2, 1, 0].map((version) => ({ agent_id: existing.agent_id, version, is_published: version === 2 })),
		);
		expect(limited.json().map(({ version }) => version)).toEqual([4, 3]);
	});
});
