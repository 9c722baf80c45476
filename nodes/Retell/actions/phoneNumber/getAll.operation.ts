import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { listAll, type RetellClient } from '../../transport';
import { limitProperty, readLimit, readSortOrder, returnAllProperty, sortOrderOption } from '../common.descriptions';

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

export const description = updateDisplayOptions(
	{ show: { resource: ['phoneNumber'], operation: ['getAll'] } },
	properties,
);

/**
 * The paginated v2 list; the unversioned list-phone-numbers is deprecated
 * (https://docs.retellai.com/deprecation-notice).
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: RetellClient,
): Promise<IDataObject[]> {
	const limit = readLimit(this, itemIndex);
	const sortOrder = readSortOrder(this, itemIndex);

	const numbers = await listAll(
		this,
		client,
		async (retell, page) => await retell.phoneNumber.list({ ...page, ...sortOrder }),
		{ limit, itemIndex },
	);
	return numbers.map(toDataObject);
}
