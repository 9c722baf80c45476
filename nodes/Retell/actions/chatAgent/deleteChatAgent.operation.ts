import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getResourceId } from '../../../shared/parameters';
import type { RetellClient } from '../../../shared/retell/transport';
import { deleteById } from '../deleteById';
import { chatAgentLocator } from '../../../shared/retell/fields';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';

const properties: INodeProperties[] = [
	{ ...chatAgentLocator, description: 'The chat agent to delete, with all its versions' },
];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const agentId = getResourceId(this, 'chatAgentId', itemIndex, 'Chat Agent ID');
	return await deleteById(this, client, itemIndex, {
		label: 'Chat agent',
		idField: 'agent_id',
		id: agentId,
		remove: async (retell) => await retell.chatAgent.delete(agentId),
		read: async (retell) => await retell.chatAgent.retrieve(agentId),
	});
}

export const operation = retellOperation({
	resource: 'chatAgent',
	operation: 'deleteChatAgent',
	option: {
		name: 'Delete',
		description: 'Delete a chat agent and all its versions',
		action: 'Delete a chat agent',
	},
	docsUrl: apiReference('delete-chat-agent'),
	properties,
	execute,
});
