import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { fieldReader } from '../../../shared/collectionFields';
import { collectPages, retellRequest, type RetellClient } from '../../transport';
import type { AgentListParams } from '../../transport/types';
import { limitProperty, returnAllProperty } from '../common.descriptions';

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
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false);
	const limit = returnAll ? undefined : this.getNodeParameter('limit', itemIndex, 50);
	const query = fieldReader(this.getNode(), itemIndex, this.getNodeParameter('filters', itemIndex, {}))
		.string('query', 'Search')
		?.trim();
	// Voice agents only: chat agents share this list and are told apart by the channel filter.
	const filterCriteria: AgentListParams.FilterCriteria = {
		channel: { type: 'string', op: 'eq', value: 'voice' },
		...(query ? { query } : {}),
	};
	const agents = await collectPages(
		async (paginationKey, pageSize) =>
			await retellRequest(
				this,
				client,
				async (retell) =>
					await retell.agent.list({
						limit: pageSize,
						...(paginationKey ? { pagination_key: paginationKey } : {}),
						filter_criteria: filterCriteria,
					}),
				{ kind: 'read', itemIndex },
			),
		limit,
	);
	return agents.map((agent) => ({ ...agent }));
}
