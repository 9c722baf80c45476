import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { limitProperty, readLimit, readSortOrder, returnAllProperty, sortOrderOption } from '../../../shared/getMany';
import { fieldReader, getCollection } from '../../../shared/parameters';
import { apiReference } from '../../../shared/retell/docs';
import { type RetellClient } from '../../../shared/retell/transport';
import { listAll } from '../../../shared/retell/transport/pages';
import { retellOperation } from '../node.type';

const properties: INodeProperties[] = [
	returnAllProperty,
	limitProperty,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [{ ...sortOrderOption, description: 'Order by creation time' }],
	},
];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject[]> {
	const sortOrder = readSortOrder(fieldReader(this.getNode(), itemIndex, getCollection(this, 'options', itemIndex)));
	const apps = await listAll(
		this,
		client,
		async (retell, page) => await retell.app.list({ ...page, ...(sortOrder && { sort_order: sortOrder }) }),
		{ limit: readLimit(this, itemIndex), itemIndex },
	);
	return apps.map(toDataObject);
}

export const operation = retellOperation({
	resource: 'app',
	operation: 'getAll',
	option: {
		name: 'Get Many',
		description: "List the account's apps with their type, provider and connection status, newest first",
		action: 'Get many apps',
	},
	docsUrl: apiReference('list-apps'),
	properties,
	execute,
});
