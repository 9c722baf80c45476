import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { fieldReader } from '../../../shared/parameters';
import { listAll } from '../../../shared/retell/transport/pages';
import { type RetellClient } from '../../../shared/retell/transport';
import type { AgentListParams } from '../../../shared/retell/transport/types';
import { limitProperty, readLimit, returnAllProperty } from '../../../shared/getMany';
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
				description: 'Only agents whose name or ID contains this text (not case-sensitive)',
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
	const query = fieldReader(this.getNode(), itemIndex, this.getNodeParameter('filters', itemIndex, {}))
		.string('query', 'Search')
		?.trim();
	// Voice agents only: chat agents share this list and are told apart by the channel filter.
	const filterCriteria: AgentListParams.FilterCriteria = {
		channel: { type: 'string', op: 'eq', value: 'voice' },
		...(query ? { query } : {}),
	};
	const agents = await listAll(
		this,
		client,
		async (retell, page) => await retell.agent.list({ ...page, filter_criteria: filterCriteria }),
		{ limit, itemIndex },
	);
	return agents.map((agent) => ({ ...agent }));
}

export const operation = retellOperation({
	resource: 'agent',
	operation: 'getAll',
	option: {
		name: 'Get Many',
		description: 'List voice agents (name and ID), optionally filtered by a search text',
		action: 'Get many agents',
	},
	docsUrl: apiReference('list-agents'),
	properties,
	execute,
});
