import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { apiReference } from '../../../shared/retell/docs';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { retellOperation } from '../node.type';

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const identity = await retellRequest(this, client, async (retell) => await retell.identity.retrieve(), { kind: 'read', itemIndex });
	return toDataObject(identity);
}

export const operation = retellOperation({
	resource: 'account',
	operation: 'getApiKeyInfo',
	option: {
		name: 'Get API Key Info',
		description: 'Get the name of the API key in use and of its organization, e.g. to label which account a workflow runs on',
		action: 'Get API key info',
	},
	docsUrl: apiReference('get-api-key-info'),
	properties: [],
	execute,
});
