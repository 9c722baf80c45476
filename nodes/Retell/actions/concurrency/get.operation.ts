import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';

const properties: INodeProperties[] = [];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const concurrency = await retellRequest(this, client, async (retell) => await retell.concurrency.retrieve(), {
		kind: 'read',
		itemIndex,
	});
	return { ...concurrency };
}

export const operation = retellOperation({
	resource: 'concurrency',
	operation: 'get',
	option: {
		name: 'Get',
		description: 'Get the account\'s current and maximum concurrent calls',
		action: 'Get concurrency',
	},
	docsUrl: apiReference('get-concurrency'),
	properties,
	execute,
});
