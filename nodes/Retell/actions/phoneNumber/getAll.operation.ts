import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { fieldReader } from '../../../shared/collectionFields';
import { toDataObject } from '../../../shared/dataObject';
import { getBoolean, getCollection } from '../../../shared/parameters';
import { collectPages, retellRequest, type RetellClient } from '../../transport';
import type { PhoneNumberListParams } from '../../transport/types';
import { limitProperty, returnAllProperty } from '../common.descriptions';

const SORT_ORDERS = ['ascending', 'descending'] as const;

const properties: INodeProperties[] = [
	returnAllProperty,
	limitProperty,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Sort Order',
				name: 'sortOrder',
				type: 'options',
				options: [
					{ name: 'Newest First', value: 'descending' },
					{ name: 'Oldest First', value: 'ascending' },
				],
				default: 'descending',
			},
		],
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
	const limit = getBoolean(this, 'returnAll', itemIndex) ? undefined : this.getNodeParameter('limit', itemIndex, 50);
	const options = fieldReader(this.getNode(), itemIndex, getCollection(this, 'options', itemIndex));
	const sortOrder = options.option('sortOrder', SORT_ORDERS, 'Sort Order');

	const numbers = await collectPages(async (paginationKey, pageSize) => {
		const params: PhoneNumberListParams = {
			limit: pageSize,
			...(paginationKey ? { pagination_key: paginationKey } : {}),
			...(sortOrder ? { sort_order: sortOrder } : {}),
		};
		return await retellRequest(this, client, async (retell) => await retell.phoneNumber.list(params), {
			kind: 'read',
			itemIndex,
		});
	}, limit);
	return numbers.map(toDataObject);
}
