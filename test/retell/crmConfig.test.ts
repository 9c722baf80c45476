import { runError, useEmulator } from './helpers';

const env = useEmulator({ resource: 'crm' });
const retell = env.run;
const requestsSince = env.requestsSince;

async function crmApp(provider: 'hubspot' | 'salesforce' = 'hubspot') {
	return await env.sdk.app.create({ type: 'crm', provider, auth_config: { type: 'api_key', api_key: 'pat-na1-0001' } });
}

describe('CRM → Get Config', () => {
	it('gets the empty configuration of an account that set nothing up, then the stored one', async () => {
		const empty = await retell({ operation: 'getConfig' });
		const app = await crmApp();
		await env.sdk.crm.updateConfig({ app_id: app.app_id, custom_fields: [{ name: 'plan', type: 'string' }] });
		const stored = await retell({ operation: 'getConfig' });

		expect(requestsSince(0).filter(({ path }) => path === '/get-crm-config')).toEqual([
			{ method: 'GET', path: '/get-crm-config', query: {}, body: undefined },
			{ method: 'GET', path: '/get-crm-config', query: {}, body: undefined },
		]);
		expect(empty.json()).toEqual([{ org_id: expect.any(String) }]);
		expect(stored.json()).toEqual([{ org_id: expect.any(String), app_id: app.app_id, custom_fields: [{ name: 'plan', type: 'string' }] }]);
	});
});

describe('CRM → Update Config', () => {
	it('links a CRM app and replaces the custom fields, analysis mappings and column order', async () => {
		const app = await crmApp();
		const mark = env.emulator.requests.length;

		const run = await retell({
			operation: 'updateConfig',
			updateFields: {
				appId: ` ${app.app_id} `,
				customFields: {
					field: [
						{ name: 'next_appointment', type: 'datetime', label: 'Next appointment', description: '', options: '' },
						{ name: 'stage', type: 'enum', label: '', description: 'Pipeline stage', options: 'new, qualified ,customer' },
						{ name: 'notes', type: 'string', label: '', description: '', options: 'ignored' },
					],
				},
				analysisDataMappings: {
					mapping: [
						{ analysisDataName: 'appointment_time', fieldName: 'next_appointment', updateMode: 'overwrite' },
						{ analysisDataName: 'call_summary', fieldName: 'notes', updateMode: 'merge' },
					],
				},
				contactColumnsOrder: 'first_name, last_name, stage',
			},
		});

		const expected = {
			app_id: app.app_id,
			custom_fields: [
				{ name: 'next_appointment', type: 'datetime', label: 'Next appointment' },
				{ name: 'stage', type: 'enum', description: 'Pipeline stage', options: ['new', 'qualified', 'customer'] },
				{ name: 'notes', type: 'string' },
			],
			crm_analysis_data_mappings: [
				{ analysis_data_name: 'appointment_time', field_name: 'next_appointment', update_mode: 'overwrite' },
				{ analysis_data_name: 'call_summary', field_name: 'notes', update_mode: 'merge' },
			],
			contact_columns_order: ['first_name', 'last_name', 'stage'],
		};
		expect(requestsSince(mark)).toEqual([{ method: 'POST', path: '/update-crm-config', query: {}, body: expected }]);
		expect(run.json()).toEqual([{ org_id: expect.any(String), ...expected }]);
	});

	it('unlinks the CRM with Clear Fields, keeping the other settings', async () => {
		const app = await crmApp();
		await env.sdk.crm.updateConfig({ app_id: app.app_id, contact_columns_order: ['first_name'] });
		const mark = env.emulator.requests.length;

		const run = await retell({ operation: 'updateConfig', updateFields: { clearFields: ['app_id'] } });

		expect(requestsSince(mark)).toEqual([{ method: 'POST', path: '/update-crm-config', query: {}, body: { app_id: null } }]);
		expect(run.json()).toEqual([{ org_id: expect.any(String), contact_columns_order: ['first_name'] }]);
	});

	it('merges Additional Fields (JSON) last, e.g. to remove every custom field', async () => {
		await env.sdk.crm.updateConfig({ custom_fields: [{ name: 'plan', type: 'string' }] });
		const mark = env.emulator.requests.length;

		const run = await retell({ operation: 'updateConfig', updateFields: { additionalFieldsJson: '{"custom_fields": []}' } });

		expect(requestsSince(mark)).toEqual([{ method: 'POST', path: '/update-crm-config', query: {}, body: { custom_fields: [] } }]);
		expect(run.json()).toEqual([{ org_id: expect.any(String), custom_fields: [] }]);
	});

	it.each([
		['an enum without options', { customFields: { field: [{ name: 'stage', type: 'enum', options: ' , ' }] } }, 'Custom field stage is an Enum without options'],
		['a field name that is not snake_case', { customFields: { field: [{ name: 'NextAppointment', type: 'string' }] } }, 'Custom field name "NextAppointment" is not allowed'],
		['a field name starting with external', { customFields: { field: [{ name: 'external_ref', type: 'string' }] } }, 'Custom field name "external_ref" is not allowed'],
		['a mapping to phone_number', { analysisDataMappings: { mapping: [{ analysisDataName: 'callback', fieldName: 'phone_number', updateMode: 'overwrite' }] } }, 'An analysis data mapping cannot write phone_number'],
		['a mapping without a contact field', { analysisDataMappings: { mapping: [{ analysisDataName: 'callback', fieldName: '', updateMode: 'overwrite' }] } }, 'Every analysis data mapping needs an Analysis Data Name and a Contact Field'],
		['a CRM app both set and cleared', { appId: 'app_1', clearFields: ['app_id'] }, 'Linked CRM App (Stops Syncing): both set and cleared'],
		['an update that changes nothing', {}, 'Nothing to update'],
	])('refuses %s before sending anything', async (_case, updateFields, message) => {
		const run = await retell({ operation: 'updateConfig', updateFields });

		expect(runError(run)).toMatchObject({ message, itemIndex: 0 });
		expect(env.emulator.requests).toEqual([]);
	});

	it("passes on Retell's 400 when a custom field still targeted by a mapping is removed", async () => {
		await env.sdk.crm.updateConfig({
			custom_fields: [{ name: 'plan', type: 'string' }],
			crm_analysis_data_mappings: [{ analysis_data_name: 'plan_chosen', field_name: 'plan', update_mode: 'overwrite' }],
		});

		const run = await retell({ operation: 'updateConfig', updateFields: { customFields: { field: [{ name: 'tier', type: 'number' }] } } });

		expect(runError(run)).toMatchObject({ message: expect.stringContaining('plan is still the target of an analysis data mapping'), httpCode: '400', itemIndex: 0 });
		expect((await env.sdk.crm.getConfig()).custom_fields).toEqual([{ name: 'plan', type: 'string' }]);
	});

	it("passes on Retell's answer for an app that is not a CRM app", async () => {
		const calendar = await env.sdk.app.create({ type: 'calendar', provider: 'google_calendar' });

		const run = await retell({ operation: 'updateConfig', updateFields: { appId: calendar.app_id } });

		expect(runError(run)).toMatchObject({ message: expect.stringContaining('not a CRM app'), httpCode: '400', itemIndex: 0 });
	});
});

describe('CRM → Get Schema', () => {
	it("lists the linked CRM's contact fields, or another CRM app's with App ID", async () => {
		const hubspot = await crmApp('hubspot');
		const salesforce = await crmApp('salesforce');
		await env.sdk.crm.updateConfig({ app_id: hubspot.app_id });
		const mark = env.emulator.requests.length;

		const linked = await retell({ operation: 'getSchema' });
		const other = await retell({ operation: 'getSchema', options: { appId: salesforce.app_id } });

		expect(requestsSince(mark)).toEqual([
			{ method: 'GET', path: '/get-crm-schema', query: {}, body: undefined },
			{ method: 'GET', path: '/get-crm-schema', query: { app_id: salesforce.app_id }, body: undefined },
		]);
		expect(linked.json()).toEqual([{ provider: 'hubspot', fields: expect.arrayContaining([{ name: 'phone', type: 'string', label: 'Phone Number' }]) }]);
		expect(other.json()[0]).toMatchObject({ provider: 'salesforce', fields: expect.arrayContaining([expect.objectContaining({ name: 'LeadSource', type: 'enum' })]) });
	});

	it("passes on Retell's 400 when no CRM is linked, and 'CRM app not found' for an unknown app", async () => {
		const unlinked = await retell({ operation: 'getSchema' });
		const unknown = await retell({ operation: 'getSchema', options: { appId: 'app_doesnotexist' } });

		expect(runError(unlinked)).toMatchObject({ message: expect.stringContaining('No CRM app is linked'), httpCode: '400', itemIndex: 0 });
		expect(runError(unknown)).toMatchObject({ message: 'CRM app not found', httpCode: '404', itemIndex: 0 });
	});
});
