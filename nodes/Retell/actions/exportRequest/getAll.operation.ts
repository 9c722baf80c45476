import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { fieldReader, getCollection } from '../../../shared/parameters';
import { limitProperty, readLimit, readSortOrder, returnAllProperty, sortOrderOption } from '../../../shared/getMany';
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
		options: [sortOrderOption],
	},
];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject[]> {
	const sortOrder = readSortOrder(fieldReader(this.getNode(), itemIndex, getCollection(this, 'options', itemIndex)));
	const exports = await listAll(
		this,
		client,
		async (retell, page) => await retell.exportRequest.list({ ...page, ...(sortOrder ? { sort_order: sortOrder } : {}) }),
		{ limit: readLimit(this, itemIndex), itemIndex },
	);
	return exports.map(toDataObject);
}

export const operation = retellOperation({
	resource: 'exportRequest',
	operation: 'getAll',
	option: {
		name: 'Get Many',
		description:
			'List the call and chat exports requested in the Retell dashboard, with their status and, once completed, the download URL',
		action: 'Get many export requests',
	},
	docsUrl: apiReference('list-export-requests'),
	properties,
	execute,
});
