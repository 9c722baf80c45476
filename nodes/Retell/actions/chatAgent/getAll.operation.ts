import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { fieldReader, getCollection } from '../../../shared/parameters';
import { listAll } from '../../../shared/retell/transport/pages';
import { type RetellClient } from '../../../shared/retell/transport';
import { limitProperty, readLimit, returnAllProperty } from '../../../shared/getMany';
import type { ChatAgentListParams } from './types';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';

const properties: INodeProperties[] = [
	returnAllProperty,
	limitProperty,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Search',
				name: 'query',
				type: 'string',
				default: '',
				description: 'Only chat agents whose name or ID contains this text (not case-sensitive)',
			},
		],
	},
];

async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: RetellClient,
): Promise<IDataObject[]> {
	const limit = readLimit(this, itemIndex);
	const query = fieldReader(this.getNode(), itemIndex, getCollection(this, 'filters', itemIndex))
		.string('query', 'Search')
		?.trim();
	// Chat agents only: voice agents share this list and are told apart by the channel filter.
	const filterCriteria: NonNullable<ChatAgentListParams['filter_criteria']> = {
		channel: { type: 'string', op: 'eq', value: 'chat' },
		...(query ? { query } : {}),
	};
	const agents = await listAll(
		this,
		client,
		async (retell, page) => await retell.chatAgent.list({ ...page, filter_criteria: filterCriteria }),
		{ limit, itemIndex },
	);
	return agents.map((agent) => ({ ...agent }));
}

export const operation = retellOperation({
	resource: 'chatAgent',
	operation: 'getAll',
	option: {
		name: 'Get Many',
		description: 'List chat agents (name and ID), optionally filtered by a search text',
		action: 'Get many chat agents',
	},
	docsUrl: apiReference('list-agents'),
	properties,
	execute,
});
