import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { apiReference } from '../../../shared/retell/docs';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { omitBlank } from '../../../shared/validation';
import { retellOperation } from '../node.type';
import { readUpdate } from '../updateFields';
import {
	appIdProperty,
	appSettingFields,
	credentialProperties,
	crmSettingFields,
	readAppId,
	readAppSettings,
	readAuthConfig,
	readCrmSettings,
} from './appFields';
import type { AppUpdateParams } from './types';

const KEEP_CREDENTIALS = 'keep';

const properties: INodeProperties[] = [
	{ ...appIdProperty, description: 'The app to change' },
	...credentialProperties({
		name: 'Keep Current',
		value: KEEP_CREDENTIALS,
		description: 'Leave the stored credentials as they are',
	}),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Only the fields added here change; the app keeps every other setting',
		options: [...appSettingFields, ...crmSettingFields].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	},
];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const appId = readAppId(this, itemIndex);
	const changes: AppUpdateParams = readUpdate(this, itemIndex, {
		read: (fields) => ({
			...omitBlank({
				auth_config: readAuthConfig(this, itemIndex, KEEP_CREDENTIALS),
				crm_config: readCrmSettings(this, itemIndex, 'updateFields', fields),
			}),
			...readAppSettings(this, itemIndex, fields),
		}),
		nothing: { message: 'Nothing to update', description: 'Choose new Credentials, or add a field under Update Fields.' },
	});
	const options = { itemIndex, resourceLabel: 'App' };
	if (changes.crm_config) {
		// update-app keeps omitted top-level fields, but the SDK does not say whether crm_config is merged or replaced
		// (retell-sdk 5.66.1 app.d.ts `update`): the stored settings go along, so the ones not added here survive either way.
		const current = await retellRequest(this, client, async (retell) => await retell.app.get(appId), { ...options, kind: 'read' });
		changes.crm_config = { ...current.crm_config, ...changes.crm_config };
	}
	const app = await retellRequest(this, client, async (retell) => await retell.app.update(appId, changes), { ...options, kind: 'write' });
	return toDataObject(app);
}

export const operation = retellOperation({
	resource: 'app',
	operation: 'update',
	option: {
		name: 'Update',
		description:
			"Replace an app's credentials (e.g. a rotated API key) or change its name, tenant or CRM sync settings; new credentials reset its connection status",
		action: 'Update an app',
	},
	docsUrl: apiReference('update-app'),
	properties,
	execute,
});
