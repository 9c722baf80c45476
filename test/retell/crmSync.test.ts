import type { AppCreateParams } from 'retell-sdk/resources/app';

import { refuseAppCredentials } from '../support/retell-emulator/routes/apps';
import { recordRequests, runError, useEmulator } from './helpers';

const env = useEmulator({ resource: 'crm' });
const retell = env.run;

const FAST = 1000;

afterEach(() => {
	env.emulator.setOptions({ timeScale: FAST });
});

/** A sync that stays where it is for the whole test: simulated seconds last a thousand real ones. */
function holdSyncs(): void {
	env.emulator.setOptions({ timeScale: 0.001 });
}

async function linkedCrm(crmConfig?: AppCreateParams['crm_config']) {
	const app = await env.sdk.app.create({ type: 'crm', provider: 'hubspot', auth_config: { type: 'api_key', api_key: 'pat-na1-0001' }, crm_config: crmConfig });
	await env.sdk.crm.updateConfig({ app_id: app.app_id });
	return app;
}

function exchanges(requests: ReturnType<ReturnType<typeof recordRequests>>): string[] {
	return requests.map((request) => `${request.method} ${request.path} ${request.status}`);
}

describe('CRM → Run Sync Job and Get Sync Job Status', () => {
	it('starts a sync that is queued, runs and ends idle with the time of the last successful sync', async () => {
		await linkedCrm({ inbound_sync_mappings: [{ field_name: 'phone_number', external_field_name: 'phone' }] });
		const before = Date.now();
		const requests = recordRequests(env.emulator);

		const started = await retell({ operation: 'runSyncJob' });
		await env.emulator.idle();
		const finished = await retell({ operation: 'getSyncJobStatus' });

		expect(requests().map(({ method, path, query, body, status }) => ({ method, path, query, body, status }))).toEqual([
			{ method: 'POST', path: '/run-sync-job', query: {}, body: undefined, status: 201 },
			{ method: 'GET', path: '/get-sync-job-status', query: {}, body: undefined, status: 200 },
		]);
		expect(started.json()).toEqual([{ status: 'queued', triggered_by: 'manual', start_timestamp: expect.any(Number), succeeded: 0, failed: 0 }]);
		expect(started.json()[0].start_timestamp).toBeGreaterThanOrEqual(before);
		expect(finished.json()).toEqual([{ status: 'idle' }]);
		expect((await env.sdk.crm.getConfig()).last_sync_timestamp).toBeGreaterThanOrEqual(before);
	});

	it('shows the sync in progress', async () => {
		await linkedCrm();
		holdSyncs();
		const started = await env.sdk.crm.runSyncJob();

		const run = await retell({ operation: 'getSyncJobStatus' });

		expect(run.json()).toEqual([{ ...started }]);
		expect(run.json()[0]).toMatchObject({ status: 'queued', triggered_by: 'manual' });
	});

	it.each([
		['the provider refuses the credentials', (appId: string) => refuseAppCredentials(env.emulator.state, appId), undefined],
		['a mapping names a field the CRM lacks', () => undefined, { outbound_sync_mappings: [{ field_name: 'last_name', external_field_name: 'surname' }] }],
	])('ends a sync whose records fail (%s) without a last successful sync', async (_case, breakIt, crmConfig) => {
		const app = await linkedCrm(crmConfig);
		breakIt(app.app_id);

		const run = await retell({ operation: 'runSyncJob' });
		await env.emulator.idle();

		expect(run.json()[0]).toMatchObject({ status: 'queued' });
		expect(await env.sdk.crm.getSyncJobStatus()).toEqual({ status: 'idle' });
		expect(await env.sdk.crm.getConfig()).not.toHaveProperty('last_sync_timestamp');
	});

	it("passes on Retell's refusal of a second sync while one runs, with the item index", async () => {
		await linkedCrm();
		holdSyncs();
		await env.sdk.crm.runSyncJob();

		const run = await retell({ operation: 'runSyncJob' });

		expect(runError(run)).toMatchObject({ message: expect.stringContaining('already running'), httpCode: '400', itemIndex: 0 });
	});

	it('with Accept a Running Sync, outputs the running sync instead', async () => {
		await linkedCrm();
		holdSyncs();
		const running = await env.sdk.crm.runSyncJob();
		const requests = recordRequests(env.emulator);

		const run = await retell({ operation: 'runSyncJob', options: { acceptRunningSync: true } });

		expect(run.json()).toEqual([{ ...running, already_running: true }]);
		expect(exchanges(requests())).toEqual(['POST /run-sync-job 400', 'GET /get-sync-job-status 200']);
	});

	it('fails without a linked CRM app, also when accepting a running sync', async () => {
		const run = await retell({ operation: 'runSyncJob', options: { acceptRunningSync: true } });

		expect(runError(run)).toMatchObject({ message: expect.stringContaining('No CRM app is linked'), httpCode: '400', itemIndex: 0 });
	});

	it('reports a start whose answer was lost from the sync status, with answer_lost, and starts no second sync', async () => {
		await linkedCrm();
		holdSyncs();
		env.emulator.failNext({ method: 'POST', path: '/run-sync-job' }, { status: 502, afterHandling: true });
		const requests = recordRequests(env.emulator);

		const run = await retell({ operation: 'runSyncJob' });

		expect(run.json()).toEqual([{ status: 'queued', triggered_by: 'manual', start_timestamp: expect.any(Number), succeeded: 0, failed: 0, answer_lost: true }]);
		expect(exchanges(requests())).toEqual(['POST /run-sync-job 502', 'GET /get-sync-job-status 200']);
	});

	it('starts the sync again when the failed attempt started none', async () => {
		await linkedCrm();
		holdSyncs();
		env.emulator.failNext({ method: 'POST', path: '/run-sync-job' }, { status: 503 });
		const requests = recordRequests(env.emulator);

		const run = await retell({ operation: 'runSyncJob' });

		expect(run.json()).toEqual([{ status: 'queued', triggered_by: 'manual', start_timestamp: expect.any(Number), succeeded: 0, failed: 0 }]);
		expect(exchanges(requests())).toEqual(['POST /run-sync-job 503', 'GET /get-sync-job-status 200', 'POST /run-sync-job 201']);
	});
});
