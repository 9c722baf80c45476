import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getResourceId } from '../../../shared/parameters';
import type { RetellClient } from '../../../shared/retell/transport';
import { deleteById } from '../deleteById';
import { agentLocator } from '../../../shared/retell/fields';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';

const properties: INodeProperties[] = [
	{
		...agentLocator,
		description: 'The agent to delete. Phone numbers bound to it stop answering with it.',
	},
];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const agentId = getResourceId(this, 'agentId', itemIndex, 'Agent ID');
	return await deleteById(this, client, itemIndex, {
		label: 'Agent',
		idField: 'agent_id',
		id: agentId,
		remove: async (retell) => await retell.agent.delete(agentId),
		read: async (retell) => await retell.agent.retrieve(agentId),
	});
}

export const operation = retellOperation({
	resource: 'agent',
	operation: 'deleteAgent',
	option: {
		name: 'Delete',
		description: 'Delete an agent and all its versions',
		action: 'Delete an agent',
	},
	docsUrl: apiReference('delete-agent'),
	properties,
	execute,
});
