import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { apiReference } from '../../../shared/retell/docs';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { retellOperation } from '../node.type';
import { appIdProperty, readAppId } from './appFields';

const properties: INodeProperties[] = [appIdProperty];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const appId = readAppId(this, itemIndex);
	const app = await retellRequest(this, client, async (retell) => await retell.app.get(appId), {
		kind: 'read',
		itemIndex,
		resourceLabel: 'App',
	});
	return toDataObject(app);
}

export const operation = retellOperation({
	resource: 'app',
	operation: 'get',
	option: {
		name: 'Get',
		description:
			'Get an app (a connection to a CRM, calendar, support desk…) with its connection status; secrets are never returned',
		action: 'Get an app',
	},
	docsUrl: apiReference('get-app'),
	properties,
	execute,
});
