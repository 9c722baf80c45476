import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { fieldReader, getCollection } from '../../../shared/parameters';
import { listAll } from '../../../shared/retell/transport/pages';
import { type RetellClient } from '../../../shared/retell/transport';
import { limitProperty, readLimit, readSortOrder, returnAllProperty, sortOrderOption } from '../../../shared/getMany';
import { apiReference } from '../../../shared/retell/docs';
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

/**
 * The paginated v2 list; the unversioned list-phone-numbers is deprecated
 * (https://docs.retellai.com/deprecation-notice).
 */
async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: RetellClient,
): Promise<IDataObject[]> {
	const limit = readLimit(this, itemIndex);
	const sortOrder = readSortOrder(fieldReader(this.getNode(), itemIndex, getCollection(this, 'options', itemIndex)));

	const numbers = await listAll(
		this,
		client,
		async (retell, page) => await retell.phoneNumber.list({ ...page, ...(sortOrder && { sort_order: sortOrder }) }),
		{ limit, itemIndex },
	);
	return numbers.map(toDataObject);
}

export const operation = retellOperation({
	resource: 'phoneNumber',
	operation: 'getAll',
	option: {
		name: 'Get Many',
		description: 'List the numbers of the account',
		action: 'Get many phone numbers',
	},
	docsUrl: apiReference('list-phone-numbers'),
	properties,
	execute,
});
