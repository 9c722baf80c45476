import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getResourceId } from '../../../shared/parameters';
import { apiReference } from '../../../shared/retell/docs';
import { conversationFlowComponentLocator } from '../../../shared/retell/fields';
import type { RetellClient } from '../../../shared/retell/transport';
import { deleteById } from '../deleteById';
import { retellOperation } from '../node.type';

const properties: INodeProperties[] = [
	{
		...conversationFlowComponentLocator,
		description: 'The shared component to delete. Flows that use it keep a local copy of it.',
	},
];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const componentId = getResourceId(this, 'componentId', itemIndex, 'Component ID');
	return await deleteById(this, client, itemIndex, {
		label: 'Conversation flow component',
		idField: 'conversation_flow_component_id',
		id: componentId,
		remove: async (retell) => await retell.conversationFlowComponent.delete(componentId),
		read: async (retell) => await retell.conversationFlowComponent.retrieve(componentId),
	});
}

export const operation = retellOperation({
	resource: 'conversationFlowComponent',
	operation: 'deleteConversationFlowComponent',
	option: {
		name: 'Delete',
		description: 'Delete a shared component; each flow that uses it gets a local copy (Retell does this)',
		action: 'Delete a conversation flow component',
	},
	docsUrl: apiReference('delete-conversation-flow-component'),
	properties,
	execute,
});
