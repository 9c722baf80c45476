import type { WorkflowRun } from '../support/harness';
import { distinctive, hunt } from '../support/secrets/hunt';
import { runError, useEmulator } from './helpers';

const env = useEmulator({ resource: 'app' });
const retell = env.run;
const requestsSince = env.requestsSince;

const phoneMapping = { fieldName: 'phone_number', externalFieldName: 'phone' };

/**
 * Where a secret given to the node could leak from a run: its output items and the error n8n shows (message,
 * description, context), and the emulator's stored apps. (The error also names its node, whose parameters are the
 * workflow's own, as typed: a secret typed into the workflow is in the workflow.)
 */
function leaksOf(run: WorkflowRun, secrets: Record<string, string>) {
	const corpora = [
		{ name: 'output', text: JSON.stringify(run.items()) },
		{ name: 'error', text: [run.error?.message, run.error?.description, JSON.stringify(run.error?.context)].join('\n') },
		{ name: 'emulator apps', text: JSON.stringify([...env.emulator.state.apps.values()]) },
	];
	return hunt(corpora, secrets);
}

describe('App → Create', () => {
	it('creates a CRM app with an API key, settings and sync mappings; the key is sent and never output', async () => {
		const apiKey = distinctive('pat_na1');
		const run = await retell({
			operation: 'create',
			appType: 'crm',
			provider: 'hubspot',
			authType: 'api_key',
			apiKey,
			additionalFields: {
				name: 'Sales HubSpot',
				tenantId: ' 4455 ',
				inboundSyncMappings: { mapping: [phoneMapping, { fieldName: 'first_name', externalFieldName: 'firstname' }, { fieldName: '', externalFieldName: '' }] },
				outboundSyncMappings: { mapping: [{ fieldName: 'last_name', externalFieldName: 'lastname' }] },
				syncNewContacts: true,
				syncConversationActivity: false,
			},
		});

		const crmConfig = {
			inbound_sync_mappings: [
				{ field_name: 'phone_number', external_field_name: 'phone' },
				{ field_name: 'first_name', external_field_name: 'firstname' },
			],
			outbound_sync_mappings: [{ field_name: 'last_name', external_field_name: 'lastname' }],
			sync_conversation_activity: false,
			sync_new_contacts: true,
		};
		expect(requestsSince(0)).toEqual([
			{
				method: 'POST',
				path: '/create-app',
				query: {},
				body: { type: 'crm', provider: 'hubspot', auth_config: { type: 'api_key', api_key: apiKey }, crm_config: crmConfig, name: 'Sales HubSpot', tenant_id: '4455' },
			},
		]);
		const [app] = run.json();
		expect(app).toEqual({
			app_id: expect.stringMatching(/^app_/),
			org_id: expect.any(String),
			provider: 'hubspot',
			type: 'crm',
			name: 'Sales HubSpot',
			tenant_id: '4455',
			auth_config: { type: 'api_key' },
			connection_status: 'not_connected',
			crm_config: crmConfig,
			created_timestamp: expect.any(Number),
			user_modified_timestamp: expect.any(Number),
		});
		expect(leaksOf(run, { apiKey })).toEqual([]);
	});

	it('sends a username and password, or an OAuth client, and outputs only their public halves', async () => {
		const password = distinctive('pw');
		const clientSecret = distinctive('cs');
		const basic = await retell({ operation: 'create', appType: 'support', provider: 'zendesk', authType: 'basic', username: 'ops@example.com', password });
		const oauth = await retell({
			operation: 'create',
			appType: 'crm',
			provider: 'salesforce',
			authType: 'oauth2',
			clientId: '3MVG9-client',
			clientSecret,
			additionalFields: { tenantUrl: 'https://acme.my.salesforce.com' },
		});

		expect(requestsSince(0).map(({ body }) => body)).toEqual([
			{ type: 'support', provider: 'zendesk', auth_config: { type: 'basic', username: 'ops@example.com', password } },
			{ type: 'crm', provider: 'salesforce', auth_config: { type: 'oauth2', client_id: '3MVG9-client', client_secret: clientSecret }, tenant_url: 'https://acme.my.salesforce.com' },
		]);
		expect(basic.json()[0]).toMatchObject({ auth_config: { type: 'basic', username: 'ops@example.com' } });
		expect(oauth.json()[0]).toMatchObject({ auth_config: { type: 'oauth2', client_id: '3MVG9-client' }, tenant_url: 'https://acme.my.salesforce.com' });
		expect([...leaksOf(basic, { password }), ...leaksOf(oauth, { clientSecret })]).toEqual([]);
	});

	it('sends no credentials for a provider authorized in Retell', async () => {
		const run = await retell({ operation: 'create', appType: 'calendar', provider: 'google_calendar', authType: 'none' });

		expect(requestsSince(0)).toEqual([{ method: 'POST', path: '/create-app', query: {}, body: { type: 'calendar', provider: 'google_calendar' } }]);
		expect(run.json()[0]).toMatchObject({ provider: 'google_calendar', connection_status: 'not_connected' });
		expect(run.json()[0]).not.toHaveProperty('auth_config');
	});

	it.each([
		['a blank provider', { provider: ' ' }, 'Provider is required'],
		['an empty API key', { apiKey: '={{ "" }}' }, 'API Key must be non-empty text'],
		[
			'inbound mappings without phone_number',
			{ additionalFields: { inboundSyncMappings: { mapping: [{ fieldName: 'first_name', externalFieldName: 'firstname' }] } } },
			'Inbound Sync Mappings must map the contact field phone_number',
		],
		[
			'a mapping without its CRM field',
			{ additionalFields: { outboundSyncMappings: { mapping: [{ fieldName: 'last_name', externalFieldName: '' }] } } },
			'Every outbound sync mapping needs a Contact Field and a CRM Field',
		],
		['a tenant URL without a scheme', { additionalFields: { tenantUrl: 'acme.my.salesforce.com' } }, 'Tenant URL must be an http(s) URL'],
	])('refuses %s before sending anything', async (_case, parameters, message) => {
		const run = await retell({ operation: 'create', appType: 'crm', provider: 'hubspot', authType: 'api_key', apiKey: 'pat-na1-123', ...parameters });

		expect(runError(run)).toMatchObject({ message, itemIndex: 0 });
		expect(env.emulator.requests).toEqual([]);
	});

	it('never quotes a secret given in the wrong form', async () => {
		const apiKey = distinctive('pat_na1');
		const run = await retell(
			{ operation: 'create', appType: 'crm', provider: 'hubspot', authType: 'api_key', apiKey: '={{ { key: $json.key } }}' },
			{ input: [{ key: apiKey }] },
		);

		expect(runError(run)).toMatchObject({ message: 'API Key must be non-empty text', itemIndex: 0 });
		expect(env.emulator.requests).toEqual([]);
		expect(leaksOf(run, { apiKey })).toEqual([]);
	});

	it("passes on Retell's 400 with its message, the item index and no secret", async () => {
		const apiKey = distinctive('key');
		const run = await retell(
			{ operation: 'create', appType: 'crm', provider: '={{ $json.provider }}', authType: 'api_key', apiKey },
			{ input: [{ provider: 'hubspot' }, { provider: 'pipedrive' }], continueOnFail: true },
		);

		expect(run.json().map((item) => item.provider ?? item.error)).toEqual(['hubspot', expect.stringContaining('pipedrive is not a CRM provider')]);
		expect(env.emulator.requests.map((request) => request.status)).toEqual([201, 400]);
		expect(leaksOf(run, { apiKey })).toEqual([]);

		const failed = await retell({ operation: 'create', appType: 'crm', provider: 'pipedrive', authType: 'api_key', apiKey });
		expect(runError(failed)).toMatchObject({ message: expect.stringContaining('pipedrive is not a CRM provider'), httpCode: '400', itemIndex: 0 });
		expect(leaksOf(failed, { apiKey })).toEqual([]);
	});
});

describe('App → Update', () => {
	async function hubspotApp() {
		return await env.sdk.app.create({
			type: 'crm',
			provider: 'hubspot',
			name: 'HubSpot',
			auth_config: { type: 'api_key', api_key: 'pat-na1-old' },
			crm_config: { inbound_sync_mappings: [{ field_name: 'phone_number', external_field_name: 'phone' }], sync_new_contacts: true },
		});
	}

	it('replaces the credentials and the name; the app is not connected until verified again', async () => {
		const existing = await hubspotApp();
		await env.sdk.app.testAuth(existing.app_id);
		const apiKey = distinctive('pat_na1');
		const mark = env.emulator.requests.length;

		const run = await retell({ operation: 'update', appId: existing.app_id, authType: 'api_key', apiKey, updateFields: { name: 'HubSpot (rotated)' } });

		expect(requestsSince(mark)).toEqual([
			{ method: 'PATCH', path: `/update-app/${existing.app_id}`, query: {}, body: { auth_config: { type: 'api_key', api_key: apiKey }, name: 'HubSpot (rotated)' } },
		]);
		expect(run.json()).toEqual([{ ...existing, name: 'HubSpot (rotated)', connection_status: 'not_connected', user_modified_timestamp: expect.any(Number) }]);
		expect(leaksOf(run, { apiKey })).toEqual([]);
	});

	it('changes a CRM setting and keeps the stored ones: it reads the app and sends its whole crm_config', async () => {
		const existing = await hubspotApp();
		const mark = env.emulator.requests.length;

		const run = await retell({ operation: 'update', appId: existing.app_id, updateFields: { syncConversationActivity: true } });

		const crmConfig = { inbound_sync_mappings: [{ field_name: 'phone_number', external_field_name: 'phone' }], sync_new_contacts: true, sync_conversation_activity: true };
		expect(requestsSince(mark)).toEqual([
			{ method: 'GET', path: `/get-app/${existing.app_id}`, query: {}, body: undefined },
			{ method: 'PATCH', path: `/update-app/${existing.app_id}`, query: {}, body: { crm_config: crmConfig } },
		]);
		expect(run.json()[0]).toMatchObject({ crm_config: crmConfig, auth_config: { type: 'api_key' }, connection_status: 'not_connected' });
	});

	it('refuses an update that changes nothing, before any request', async () => {
		const run = await retell({ operation: 'update', appId: 'app_123', updateFields: {} });

		expect(runError(run)).toMatchObject({ message: 'Nothing to update', itemIndex: 0 });
		expect(env.emulator.requests).toEqual([]);
	});

	it('answers "App not found" with the 404 of an unknown app', async () => {
		const run = await retell({ operation: 'update', appId: 'app_doesnotexist', updateFields: { name: 'x' } });

		expect(runError(run)).toMatchObject({ message: 'App not found', httpCode: '404', itemIndex: 0 });
	});
});
