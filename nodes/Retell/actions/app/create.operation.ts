import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { fieldReader, getCollection, getOption, getString } from '../../../shared/parameters';
import { apiReference } from '../../../shared/retell/docs';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { assertPresent, omitBlank } from '../../../shared/validation';
import { retellOperation } from '../node.type';
import { appSettingFields, credentialProperties, crmSettingFields, readAppSettings, readAuthConfig, readCrmSettings } from './appFields';
import type { AppCreateParams, AppType } from './types';

const APP_TYPES: AppType[] = ['calendar', 'communication', 'crm', 'knowledge_base', 'support'];

const NO_CREDENTIALS = 'none';

const properties: INodeProperties[] = [
	{
		displayName: 'Type',
		name: 'appType',
		type: 'options',
		required: true,
		options: [
			{ name: 'Calendar', value: 'calendar' },
			{ name: 'Communication', value: 'communication' },
			{ name: 'CRM', value: 'crm' },
			{ name: 'Knowledge Base', value: 'knowledge_base' },
			{ name: 'Support Desk', value: 'support' },
		],
		default: 'crm',
		description: 'What kind of system the app connects',
	},
	{
		displayName: 'Provider',
		name: 'provider',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'hubspot',
		description: 'The provider, named as Retell names it for this type, e.g. hubspot or salesforce for a CRM. Up to 20 apps per provider.',
	},
	...credentialProperties({
		name: 'None (Authorize in Retell)',
		value: NO_CREDENTIALS,
		description: "For providers that authorize through Retell's OAuth page: the app starts not connected until authorized there",
	}),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [...appSettingFields, ...crmSettingFields].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	},
];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const node = this.getNode();
	const fields = fieldReader(node, itemIndex, getCollection(this, 'additionalFields', itemIndex));
	const body: AppCreateParams = {
		type: getOption(this, 'appType', APP_TYPES, itemIndex),
		provider: assertPresent(node, getString(this, 'provider', itemIndex), 'Provider', itemIndex),
		...omitBlank({
			auth_config: readAuthConfig(this, itemIndex, NO_CREDENTIALS),
			crm_config: readCrmSettings(this, itemIndex, 'additionalFields', fields),
		}),
		...readAppSettings(this, itemIndex, fields),
	};
	const app = await retellRequest(this, client, async (retell) => await retell.app.create(body), { kind: 'create', itemIndex });
	return toDataObject(app);
}

export const operation = retellOperation({
	resource: 'app',
	operation: 'create',
	option: {
		name: 'Create',
		description:
			'Connect Retell to an external system (CRM, calendar, support desk…) with its credentials; the output never holds the secrets',
		action: 'Create an app',
	},
	docsUrl: apiReference('create-app'),
	properties,
	execute,
});
