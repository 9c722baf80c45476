import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getResourceId } from '../../../shared/parameters';
import { retellRequest, type RetellClient } from '../../transport';
import { agentLocator } from '../common.descriptions';

const properties: INodeProperties[] = [
	{
		...agentLocator,
		description: 'The agent to delete. Phone numbers bound to it stop answering with it.',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['agent'], operation: ['deleteAgent'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const agentId = getResourceId(this, 'agentId', itemIndex, 'Agent ID');
	await retellRequest(this, client, async (retell) => await retell.agent.delete(agentId), {
		kind: 'write',
		itemIndex,
		resourceLabel: 'Agent',
	});
	return { deleted: true, agent_id: agentId };
}
