import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { fieldReader } from '../../../shared/parameters';
import { listAll, type RetellClient } from '../../transport';
import type { AgentListParams } from '../../transport/types';
import { limitProperty, readLimit, returnAllProperty } from '../common.descriptions';

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

export const description = updateDisplayOptions({ show: { resource: ['agent'], operation: ['getAll'] } }, properties);

export async function execute(
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
