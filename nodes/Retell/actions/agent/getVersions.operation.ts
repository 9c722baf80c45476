import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getResourceId } from '../../../shared/parameters';
import { listAll } from '../../../shared/retell/transport/pages';
import { type RetellClient } from '../../../shared/retell/transport';
import { agentLocator } from '../../../shared/retell/fields';
import { limitProperty, readLimit, returnAllProperty } from '../../../shared/getMany';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';

const properties: INodeProperties[] = [
	{ ...agentLocator, description: 'The agent whose versions to list' },
	returnAllProperty,
	limitProperty,
];

/** Uses list-agent-versions: the older get-agent-versions is deprecated (https://docs.retellai.com/deprecation-notice). */
async function execute(
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

export const operation = retellOperation({
	resource: 'agent',
	operation: 'getVersions',
	option: {
		name: 'Get Versions',
		description: 'List the versions of an agent and whether each is published',
		action: 'Get versions of an agent',
	},
	docsUrl: apiReference('get-agent-versions'),
	properties,
	execute,
});
