import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getResourceId } from '../../../shared/parameters';
import type { RetellClient } from '../../transport';
import { deleteById } from '../deleteById';
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
	return await deleteById(this, client, itemIndex, {
		label: 'Agent',
		idField: 'agent_id',
		id: agentId,
		remove: async (retell) => await retell.agent.delete(agentId),
		read: async (retell) => await retell.agent.retrieve(agentId),
	});
}
