import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getResourceId } from '../../../shared/parameters';
import { listAll, type RetellClient } from '../../transport';
import { agentLocator, limitProperty, readLimit, returnAllProperty } from '../common.descriptions';

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
	const versions = await listAll(
		this,
		client,
		async (retell, page) => await retell.agent.listVersions(agentId, page),
		{ limit: readLimit(this, itemIndex), itemIndex, resourceLabel: 'Agent' },
	);
	return versions.map((version) => ({ agent_id: agentId, ...version }));
}
