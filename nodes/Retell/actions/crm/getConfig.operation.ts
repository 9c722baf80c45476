import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { apiReference } from '../../../shared/retell/docs';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { retellOperation } from '../node.type';

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const config = await retellRequest(this, client, async (retell) => await retell.crm.getConfig(), { kind: 'read', itemIndex });
	return toDataObject(config);
}

export const operation = retellOperation({
	resource: 'crm',
	operation: 'getConfig',
	option: {
		name: 'Get Config',
		description:
			"Get the account's CRM configuration: the linked CRM app, custom contact fields, which post-call analysis values are written to contacts, and when contacts last synced",
		action: 'Get the CRM configuration',
	},
	docsUrl: apiReference('get-crm-config'),
	properties: [],
	execute,
});
