import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { fieldReader, getCollection } from '../../../shared/parameters';
import { apiReference } from '../../../shared/retell/docs';
import { appLocator, optionalLocator } from '../../../shared/retell/fields';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { omitBlank } from '../../../shared/validation';
import { retellOperation } from '../node.type';
import type { CrmGetSchemaParams } from './types';

const properties: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				...optionalLocator(appLocator),
				displayName: 'App',
				description:
					'Read the schema of this CRM app instead of the one linked in the CRM configuration, e.g. before linking it. Needs an API key with the App.Read scope.',
			},
		],
	},
];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const options = fieldReader(this.getNode(), itemIndex, getCollection(this, 'options', itemIndex));
	const query: CrmGetSchemaParams = omitBlank({ app_id: options.resourceId('appId') });
	const schema = await retellRequest(this, client, async (retell) => await retell.crm.getSchema(query), {
		kind: 'read',
		itemIndex,
		resourceLabel: 'CRM app',
	});
	return toDataObject(schema);
}

export const operation = retellOperation({
	resource: 'crm',
	operation: 'getSchema',
	option: {
		name: 'Get Schema',
		description:
			"List the fields of the connected CRM's contact object (name, type, label, options): the CRM fields sync mappings can name",
		action: 'Get the CRM contact schema',
	},
	docsUrl: apiReference('get-crm-schema'),
	properties,
	execute,
});
