import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { limitProperty, readLimit, readSortOrder, returnAllProperty, sortOrderOption } from '../../../shared/getMany';
import { fieldReader, getCollection } from '../../../shared/parameters';
import { apiReference } from '../../../shared/retell/docs';
import { type RetellClient } from '../../../shared/retell/transport';
import { listAll } from '../../../shared/retell/transport/pages';
import { retellOperation } from '../node.type';
import type { ComponentListParams } from './types';

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

/** The paginated v2 list; the unversioned list-conversation-flow-components is deprecated (https://docs.retellai.com/deprecation-notice). */
async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject[]> {
	const sortOrder = readSortOrder(fieldReader(this.getNode(), itemIndex, getCollection(this, 'options', itemIndex)));
	const order: ComponentListParams = sortOrder ? { sort_order: sortOrder } : {};
	const components = await listAll(
		this,
		client,
		async (retell, page) => await retell.conversationFlowComponent.list({ ...page, ...order }),
		{ limit: readLimit(this, itemIndex), itemIndex },
	);
	return components.map(toDataObject);
}

export const operation = retellOperation({
	resource: 'conversationFlowComponent',
	operation: 'getAll',
	option: {
		name: 'Get Many',
		description: 'List shared components, each with its nodes and the flows that use it',
		action: 'Get many conversation flow components',
	},
	docsUrl: apiReference('list-conversation-flow-components'),
	properties,
	execute,
});
