import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getResourceId } from '../../../shared/collectionFields';
import { collectPages, retellRequest, type RetellClient } from '../../transport';
import { agentLocator, limitProperty, returnAllProperty } from '../common.descriptions';

const properties: INodeProperties[] = [
	{ ...agentLocator, description: 'The agent whose versions to list' },
	returnAllProperty,
	limitProperty,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['agent'], operation: ['getVersions'] } },
	properties,
);

/** Uses list-agent-versions: the older get-agent-versions is deprecated (https://docs.retellai.com/deprecation-notice). */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: RetellClient,
): Promise<IDataObject[]> {
	const agentId = getResourceId(this, 'agentId', itemIndex, 'Agent ID');
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false);
	const limit = returnAll ? undefined : this.getNodeParameter('limit', itemIndex, 50);
	const versions = await collectPages(
		async (paginationKey, pageSize) =>
			await retellRequest(
				this,
				client,
				async (retell) =>
					await retell.agent.listVersions(agentId, {
						limit: pageSize,
						...(paginationKey ? { pagination_key: paginationKey } : {}),
					}),
				{ kind: 'read', itemIndex, resourceLabel: 'Agent' },
			),
		limit,
	);
	return versions.map((version) => ({ agent_id: agentId, ...version }));
}
