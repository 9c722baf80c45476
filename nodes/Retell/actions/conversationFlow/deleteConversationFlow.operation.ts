import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getResourceId } from '../../../shared/parameters';
import { apiReference } from '../../../shared/retell/docs';
import { conversationFlowLocator } from '../../../shared/retell/fields';
import type { RetellClient } from '../../../shared/retell/transport';

import { deleteById, forceDeleteOptions, readForceDelete } from '../deleteById';
import { retellOperation } from '../node.type';

const properties: INodeProperties[] = [
	{ ...conversationFlowLocator, description: 'The conversation flow to delete, with all its versions' },
	forceDeleteOptions(
		'Whether to delete the flow even when agents still run on it. Those agents then point at a flow that no longer exists.',
	),
];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const flowId = getResourceId(this, 'conversationFlowId', itemIndex, 'Conversation Flow ID');
	const query = readForceDelete(this, itemIndex);
	return await deleteById(this, client, itemIndex, {
		label: 'Conversation flow',
		idField: 'conversation_flow_id',
		id: flowId,
		remove: async (retell) => await retell.conversationFlow.delete(flowId, query),
		read: async (retell) => await retell.conversationFlow.retrieve(flowId),
	});
}

export const operation = retellOperation({
	resource: 'conversationFlow',
	operation: 'deleteConversationFlow',
	option: {
		name: 'Delete',
		description: 'Delete a conversation flow and all its versions; one an agent runs on needs Force Delete',
		action: 'Delete a conversation flow',
	},
	docsUrl: apiReference('delete-conversation-flow'),
	properties,
	execute,
});
