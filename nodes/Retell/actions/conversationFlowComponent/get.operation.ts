import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { getResourceId } from '../../../shared/parameters';
import { apiReference } from '../../../shared/retell/docs';
import { conversationFlowComponentLocator } from '../../../shared/retell/fields';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { retellOperation } from '../node.type';

const properties: INodeProperties[] = [
	{ ...conversationFlowComponentLocator, description: 'The shared component to get, with its nodes and tools' },
];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const componentId = getResourceId(this, 'componentId', itemIndex, 'Component ID');
	const component = await retellRequest(
		this,
		client,
		async (retell) => await retell.conversationFlowComponent.retrieve(componentId),
		{ kind: 'read', itemIndex, resourceLabel: 'Conversation flow component' },
	);
	return toDataObject(component);
}

export const operation = retellOperation({
	resource: 'conversationFlowComponent',
	operation: 'get',
	option: {
		name: 'Get',
		description: 'Get a shared conversation flow component: its nodes and tools',
		action: 'Get a conversation flow component',
	},
	docsUrl: apiReference('get-conversation-flow-component'),
	properties,
	execute,
});
