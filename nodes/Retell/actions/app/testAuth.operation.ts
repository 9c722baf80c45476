import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { apiReference } from '../../../shared/retell/docs';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { retellOperation } from '../node.type';
import { appIdProperty, readAppId } from './appFields';

const properties: INodeProperties[] = [{ ...appIdProperty, description: 'The app whose stored credentials to check' }];

/** Probing again only records a fresher outcome on `connection_status`, so a lost answer is simply asked again. */
async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const appId = readAppId(this, itemIndex);
	const result = await retellRequest(this, client, async (retell) => await retell.app.testAuth(appId), {
		kind: 'write',
		itemIndex,
		resourceLabel: 'App',
	});
	return { app_id: appId, ...result };
}

export const operation = retellOperation({
	resource: 'app',
	operation: 'testAuth',
	option: {
		name: 'Test Auth',
		description:
			"Check that the provider still accepts the app's stored credentials: success is false when it refuses them (e.g. to alert when a CRM connection broke); the app's connection status is updated either way",
		action: 'Test the credentials of an app',
	},
	docsUrl: apiReference('test-app-auth'),
	properties,
	execute,
});
