import type { AppCreateParams } from 'retell-sdk/resources/app';

import { recordAppUsage, refuseAppCredentials } from '../support/retell-emulator/routes/apps';
import { recordRequests, runError, useEmulator } from './helpers';

const env = useEmulator({ resource: 'app' });
const retell = env.run;
const requestsSince = env.requestsSince;

async function createApp(params: Partial<AppCreateParams> = {}) {
	return await env.sdk.app.create({ type: 'crm', provider: 'hubspot', auth_config: { type: 'api_key', api_key: 'pat-na1-0001' }, ...params });
}

describe('App → Get', () => {
	it('gets an app by its ID', async () => {
		const app = await createApp({ name: 'HubSpot' });
		const mark = env.emulator.requests.length;

		const run = await retell({ operation: 'get', appId: app.app_id });

		expect(requestsSince(mark)).toEqual([{ method: 'GET', path: `/get-app/${app.app_id}`, query: {}, body: undefined }]);
		expect(run.json()).toEqual([{ ...app }]);
	});

	it('answers "App not found" with the 404 and the item index', async () => {
		const run = await retell({ operation: 'get', appId: '={{ $json.id }}' }, { input: [{ id: 'app_doesnotexist' }] });

		expect(runError(run)).toMatchObject({ message: 'App not found', httpCode: '404', itemIndex: 0 });
	});

	it('requires an App ID before any request', async () => {
		const run = await retell({ operation: 'get', appId: '={{ "" }}' });

		expect(runError(run)).toMatchObject({ message: 'App ID is required', itemIndex: 0 });
		expect(env.emulator.requests).toEqual([]);
	});
});

describe('App → Get Many', () => {
	it('pages through every app, newest first, or stops at the Limit', async () => {
		const created = [];
		for (let index = 0; index < 5; index++) created.push(await createApp({ provider: 'zendesk', type: 'support', name: `Desk ${index}` }));
		const requests = recordRequests(env.emulator);

		const all = await retell({ operation: 'getAll', returnAll: true });
		const limited = await retell({ operation: 'getAll', limit: 2, options: { sortOrder: 'ascending' } });

		expect(requests().map(({ method, path, query }) => ({ method, path, query }))).toEqual([
			{ method: 'GET', path: '/list-apps', query: { limit: '1000' } },
			{ method: 'GET', path: '/list-apps', query: { limit: '2', sort_order: 'ascending' } },
		]);
		expect(all.json().map((app) => app.name)).toEqual(['Desk 4', 'Desk 3', 'Desk 2', 'Desk 1', 'Desk 0']);
		expect(limited.json()).toEqual([{ ...created[0] }, { ...created[1] }]);
	});

	it('follows pagination_key while Retell has more', async () => {
		for (let index = 0; index < 1001; index++) {
			const appId = `app_seeded${String(index).padStart(5, '0')}`;
			const at = 1_700_000_000_000 + index;
			env.emulator.state.apps.set(appId, { app_id: appId, org_id: 'org_emulator', provider: `desk${index}`, type: 'support', created_timestamp: at, user_modified_timestamp: at });
			env.emulator.state.registerCreated(appId);
		}
		const requests = recordRequests(env.emulator);

		const run = await retell({ operation: 'getAll', returnAll: true });

		expect(run.json()).toHaveLength(1001);
		expect(run.json().at(-1)).toMatchObject({ app_id: 'app_seeded00000' });
		expect(requests().map(({ query }) => query)).toEqual([{ limit: '1000' }, { limit: '1000', pagination_key: expect.any(String) }]);
	});
});

describe('App → Delete', () => {
	it('deletes an app; the CRM configuration linked to it is unlinked', async () => {
		const app = await createApp();
		await env.sdk.crm.updateConfig({ app_id: app.app_id });
		const mark = env.emulator.requests.length;

		const run = await retell({ operation: 'deleteApp', appId: app.app_id });

		expect(run.json()).toEqual([{ deleted: true, app_id: app.app_id }]);
		expect(requestsSince(mark)).toEqual([{ method: 'DELETE', path: `/delete-app/${app.app_id}`, query: {}, body: undefined }]);
		expect(env.emulator.state.apps.has(app.app_id)).toBe(false);
		expect(await env.sdk.crm.getConfig()).not.toHaveProperty('app_id');
	});

	it("passes on Retell's refusal of an app in use, and deletes it with Force Delete", async () => {
		const app = await createApp();
		recordAppUsage(env.emulator.state, app.app_id, { type: 'agent', agent_id: 'agent_1', agent_versions: [0], configured_timestamp: 1 });

		const refused = await retell({ operation: 'deleteApp', appId: app.app_id });
		const mark = env.emulator.requests.length;
		const forced = await retell({ operation: 'deleteApp', appId: app.app_id, options: { forceDelete: true } });

		expect(runError(refused)).toMatchObject({ message: expect.stringContaining('force_delete=true'), httpCode: '400', itemIndex: 0 });
		expect(requestsSince(mark)).toEqual([{ method: 'DELETE', path: `/delete-app/${app.app_id}`, query: { force_delete: 'true' }, body: undefined }]);
		expect(forced.json()).toEqual([{ deleted: true, app_id: app.app_id }]);
	});

	it('reports a delete whose answer was lost as deleted, with answer_lost, after reading that the app is gone', async () => {
		const app = await createApp();
		env.emulator.failNext({ method: 'DELETE' }, { status: 502, afterHandling: true });
		const requests = recordRequests(env.emulator);

		const run = await retell({ operation: 'deleteApp', appId: app.app_id });

		expect(run.json()).toEqual([{ deleted: true, app_id: app.app_id, answer_lost: true }]);
		expect(requests().map(({ method, path, status }) => `${method} ${path} ${status}`)).toEqual([
			`DELETE /delete-app/${app.app_id} 502`,
			`GET /get-app/${app.app_id} 404`,
		]);
	});
});

describe('App → Get Usages', () => {
	it('lists the agents and knowledge bases using an app, most recently configured first, with current names', async () => {
		const app = await createApp();
		const llm = await env.sdk.llm.create({});
		const agent = await env.sdk.agent.create({ agent_name: 'Booker', response_engine: { type: 'retell-llm', llm_id: llm.llm_id }, voice_id: '11labs-Jenny' });
		recordAppUsage(env.emulator.state, app.app_id, { type: 'agent', agent_id: agent.agent_id, agent_versions: [0, 2], configured_timestamp: 1_700_000_000_000 });
		recordAppUsage(env.emulator.state, app.app_id, { type: 'knowledge_base', knowledge_base_id: 'knowledge_base_gone', configured_timestamp: 1_700_000_500_000 });
		recordAppUsage(env.emulator.state, app.app_id, { type: 'agent', agent_id: 'agent_deleted', agent_versions: [1], configured_timestamp: 1_699_000_000_000 });
		const mark = env.emulator.requests.length;

		const all = await retell({ operation: 'getUsages', appId: app.app_id, returnAll: true });
		const oldest = await retell({ operation: 'getUsages', appId: app.app_id, limit: 1, options: { sortOrder: 'ascending' } });

		expect(requestsSince(mark)).toEqual([
			{ method: 'GET', path: `/list-app-usages/${app.app_id}`, query: { limit: '1000' }, body: undefined },
			{ method: 'GET', path: `/list-app-usages/${app.app_id}`, query: { limit: '1', sort_order: 'ascending' }, body: undefined },
		]);
		expect(all.json()).toEqual([
			{ app_id: app.app_id, type: 'knowledge_base', knowledge_base_id: 'knowledge_base_gone', configured_timestamp: 1_700_000_500_000 },
			{ app_id: app.app_id, type: 'agent', agent_id: agent.agent_id, agent_name: 'Booker', agent_versions: [2, 0], configured_timestamp: 1_700_000_000_000 },
			{ app_id: app.app_id, type: 'agent', agent_id: 'agent_deleted', agent_versions: [1], configured_timestamp: 1_699_000_000_000 },
		]);
		expect(oldest.json()).toEqual([{ app_id: app.app_id, type: 'agent', agent_id: 'agent_deleted', agent_versions: [1], configured_timestamp: 1_699_000_000_000 }]);
	});

	it('answers "App not found" for an unknown app', async () => {
		const run = await retell({ operation: 'getUsages', appId: 'app_doesnotexist', returnAll: true });

		expect(runError(run)).toMatchObject({ message: 'App not found', httpCode: '404', itemIndex: 0 });
	});
});

describe('App → Test Auth', () => {
	it('reports accepted credentials, and the app becomes connected', async () => {
		const app = await createApp();
		const mark = env.emulator.requests.length;

		const run = await retell({ operation: 'testAuth', appId: app.app_id });

		expect(requestsSince(mark)).toEqual([{ method: 'POST', path: `/test-app-auth/${app.app_id}`, query: {}, body: undefined }]);
		expect(run.json()).toEqual([{ app_id: app.app_id, success: true }]);
		expect((await env.sdk.app.get(app.app_id)).connection_status).toBe('connected');
	});

	it('reports success false once the provider refuses the stored credentials, so a workflow can alert; new ones reconnect', async () => {
		const app = await createApp();
		await env.sdk.app.testAuth(app.app_id);
		refuseAppCredentials(env.emulator.state, app.app_id);

		const broken = await retell({ operation: 'testAuth', appId: app.app_id });
		const statusAfterFailure = (await env.sdk.app.get(app.app_id)).connection_status;
		await env.sdk.app.update(app.app_id, { auth_config: { type: 'api_key', api_key: 'pat-na1-0002' } });
		const repaired = await retell({ operation: 'testAuth', appId: app.app_id });

		expect(broken.json()).toEqual([{ app_id: app.app_id, success: false }]);
		expect(statusAfterFailure).toBe('error');
		expect(repaired.json()).toEqual([{ app_id: app.app_id, success: true }]);
	});

	it('fails the probe of an app never authorized, and of credentials the provider rejects from the start', async () => {
		const unauthorized = await env.sdk.app.create({ type: 'calendar', provider: 'google_calendar' });
		const rejected = await createApp({ auth_config: { type: 'api_key', api_key: 'invalid-key' } });

		const run = await retell({ operation: 'testAuth', appId: '={{ $json.id }}' }, { input: [{ id: unauthorized.app_id }, { id: rejected.app_id }] });

		expect(run.json()).toEqual([
			{ app_id: unauthorized.app_id, success: false },
			{ app_id: rejected.app_id, success: false },
		]);
	});

	it('answers "App not found" for an unknown app', async () => {
		const run = await retell({ operation: 'testAuth', appId: 'app_doesnotexist' });

		expect(runError(run)).toMatchObject({ message: 'App not found', httpCode: '404', itemIndex: 0 });
	});
});
