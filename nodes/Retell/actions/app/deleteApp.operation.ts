import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { apiReference } from '../../../shared/retell/docs';
import type { RetellClient } from '../../../shared/retell/transport';
import { deleteById, forceDeleteOptions, readForceDelete } from '../deleteById';
import { retellOperation } from '../node.type';
import { appIdProperty, readAppId } from './appFields';

const properties: INodeProperties[] = [
	{ ...appIdProperty, description: 'The app to delete. If it is the CRM linked in the CRM configuration, the link is cleared.' },
	forceDeleteOptions(
		'Whether to delete the app even while agents or knowledge bases use it (Get Usages lists them); without it Retell refuses',
	),
];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const appId = readAppId(this, itemIndex);
	return await deleteById(this, client, itemIndex, {
		label: 'App',
		idField: 'app_id',
		id: appId,
		remove: async (retell) => await retell.app.delete(appId, readForceDelete(this, itemIndex)),
		read: async (retell) => await retell.app.get(appId),
	});
}

export const operation = retellOperation({
	resource: 'app',
	operation: 'deleteApp',
	option: {
		name: 'Delete',
		description: 'Delete an app and its stored credentials; refused while agents or knowledge bases use it, unless forced',
		action: 'Delete an app',
	},
	docsUrl: apiReference('delete-app'),
	properties,
	execute,
});
