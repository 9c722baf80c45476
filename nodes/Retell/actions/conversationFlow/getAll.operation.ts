import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { limitProperty, readLimit, readSortOrder, returnAllProperty, sortOrderOption } from '../../../shared/getMany';
import { fieldReader, getCollection } from '../../../shared/parameters';
import { apiReference } from '../../../shared/retell/docs';
import { type RetellClient } from '../../../shared/retell/transport';
import { listAll } from '../../../shared/retell/transport/pages';
import { retellOperation } from '../node.type';
import type { ConversationFlowListParams } from './types';

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

/** The paginated v2 list; the unversioned list-conversation-flows is deprecated (https://docs.retellai.com/deprecation-notice). */
async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject[]> {
	const sortOrder = readSortOrder(fieldReader(this.getNode(), itemIndex, getCollection(this, 'options', itemIndex)));
	const order: ConversationFlowListParams = sortOrder ? { sort_order: sortOrder } : {};
	const flows = await listAll(this, client, async (retell, page) => await retell.conversationFlow.list({ ...page, ...order }), {
		limit: readLimit(this, itemIndex),
		itemIndex,
	});
	return flows.map(toDataObject);
}

export const operation = retellOperation({
	resource: 'conversationFlow',
	operation: 'getAll',
	option: {
		name: 'Get Many',
		description: 'List conversation flows, each the latest version with its nodes',
		action: 'Get many conversation flows',
	},
	docsUrl: apiReference('list-conversation-flows'),
	properties,
	execute,
});
