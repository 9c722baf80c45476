import { agentFixtures } from './agentHelpers';
import { byId, useEmulator } from './helpers';

const env = useEmulator({ resource: 'agent' });
const retell = env.run;
const requestsSince = env.requestsSince;
const { createAgent } = agentFixtures(env);

/** Many agents at once, straight into the emulator's state (thousands over HTTP would be slow). */
function seedAgents(count: number): string[] {
	const ids: string[] = [];
	for (let index = 0; index < count; index++) {
		const agentId = `agent_seeded${String(index).padStart(6, '0')}`;
		env.emulator.state.putAgentVersion({
			agent_id: agentId,
			agent_name: `Seeded ${index}`,
			version: 0,
			voice_id: '11labs-Jenny',
			response_engine: { type: 'custom-llm', llm_websocket_url: 'wss://llm.example.com' },
			last_modification_timestamp: 1_700_000_000_000 + index,
		});
		ids.push(agentId);
	}
	return ids;
}

describe('Agent → Get', () => {
	it('gets an agent, and a given version through the query', async () => {
		const existing = await createAgent();
		const mark = env.emulator.requests.length;

		const run = await retell({ operation: 'get', agentId: byId(existing.agent_id), options: { version: 0 } });

		expect(run.status).toBe('success');
		expect(requestsSince(mark)).toEqual([
			{ method: 'GET', path: `/get-agent/${existing.agent_id}`, query: { version: '0' }, body: undefined },
		]);
		expect(run.json()).toEqual([{ ...existing }]);
	});

	it('answers "Agent not found" with the HTTP code when Retell answers 422', async () => {
		const run = await retell({ operation: 'get', agentId: byId('agent_doesnotexist') });

		expect(run.status).toBe('error');
		expect(run.error?.message).toBe('Agent not found');
		expect(run.error).toMatchObject({ httpCode: '422' });
		expect(run.error?.description).toBe('Retell answered 422: Cannot find requested asset under given api key.');
		expect(run.error?.context.itemIndex).toBe(0);
		expect(JSON.stringify(run.error)).not.toContain(env.emulator.apiKey);
	});

	it('requires an agent ID, with the item index and no request', async () => {
		// An expression that resolves to nothing: a literal blank ID is caught by n8n's own validation.
		const run = await retell({ operation: 'get', agentId: byId('={{ $json.id }}') }, { input: [{ id: '  ' }] });

		expect(run.status).toBe('error');
		expect(run.error?.message).toBe('Agent ID is required');
		expect(run.error?.context.itemIndex).toBe(0);
		expect(env.emulator.requests).toEqual([]);
	});

	it('with Continue On Fail, turns the bad item into an error item paired to it and runs the others', async () => {
		const first = await createAgent('First');
		const second = await createAgent('Second');
		const mark = env.emulator.requests.length;

		const run = await retell(
			{ operation: 'get', agentId: byId('={{ $json.id }}') },
			{ input: [{ id: first.agent_id }, { id: '' }, { id: second.agent_id }], continueOnFail: true },
		);

		expect(run.status).toBe('success');
		expect(run.items().map(({ json, pairedItem }) => ({ name: json.agent_name, error: json.error, pairedItem }))).toEqual([
			{ name: 'First', error: undefined, pairedItem: { item: 0 } },
			{ name: undefined, error: 'Agent ID is required', pairedItem: { item: 1 } },
			{ name: 'Second', error: undefined, pairedItem: { item: 2 } },
		]);
		expect(requestsSince(mark).map(({ path }) => path).sort()).toEqual(
			[`/get-agent/${first.agent_id}`, `/get-agent/${second.agent_id}`].sort(),
		);
	});
});

describe('Agent → Get Many', () => {
	const voiceOnly = { filter_criteria: { channel: { type: 'string', op: 'eq', value: 'voice' } } };

	it('follows pagination_key through every page with Return All', async () => {
		const ids = seedAgents(2345);

		const run = await retell({ operation: 'getAll', returnAll: true });

		expect(run.status).toBe('success');
		const requests = requestsSince(0);
		expect(requests.map(({ method, path, query, body }) => ({ method, path, limit: query.limit, body }))).toEqual([
			{ method: 'POST', path: '/v2/list-agents', limit: '1000', body: voiceOnly },
			{ method: 'POST', path: '/v2/list-agents', limit: '1000', body: voiceOnly },
			{ method: 'POST', path: '/v2/list-agents', limit: '1000', body: voiceOnly },
		]);
		expect(requests[0].query.pagination_key).toBeUndefined();
		expect(requests[1].query.pagination_key).toEqual(expect.any(String));
		expect(requests[2].query.pagination_key).toEqual(expect.any(String));
		const agentIds = run.json().map((agent) => agent.agent_id);
		expect(agentIds).toHaveLength(2345);
		expect(new Set(agentIds)).toEqual(new Set(ids));
		expect(run.json()[0]).toEqual({
			agent_id: 'agent_seeded002344',
			agent_name: 'Seeded 2344',
			channel: 'voice',
			tags: {},
			user_modified_timestamp: 1_700_000_002_344,
		});
	});

	it('stops at Limit, asking only for what is still missing', async () => {
		seedAgents(1600);

		const run = await retell({ operation: 'getAll', returnAll: false, limit: 1200 });

		expect(run.json()).toHaveLength(1200);
		expect(requestsSince(0).map(({ query }) => query.limit)).toEqual(['1000', '200']);
	});

	it('passes the search text as filter_criteria.query', async () => {
		seedAgents(30);

		const run = await retell({ operation: 'getAll', returnAll: false, limit: 5, filters: { query: 'Seeded 2' } });

		expect(env.emulator.requests).toHaveLength(1);
		expect(env.emulator.requests[0]).toMatchObject({
			method: 'POST',
			path: '/v2/list-agents',
			query: { limit: '5' },
			body: { filter_criteria: { channel: { type: 'string', op: 'eq', value: 'voice' }, query: 'Seeded 2' } },
		});
		expect(run.json().map((agent) => agent.agent_name)).toEqual(['Seeded 29', 'Seeded 28', 'Seeded 27', 'Seeded 26', 'Seeded 25']);
	});
});
