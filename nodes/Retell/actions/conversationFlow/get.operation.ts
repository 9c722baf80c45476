import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { fieldReader, getResourceId } from '../../../shared/parameters';
import { apiReference } from '../../../shared/retell/docs';
import { conversationFlowLocator } from '../../../shared/retell/fields';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { omitBlank } from '../../../shared/validation';
import { versionOption } from '../common.descriptions';
import { retellOperation } from '../node.type';

const properties: INodeProperties[] = [
	{ ...conversationFlowLocator, description: 'The conversation flow to get, with its nodes, tools and settings' },
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [{ ...versionOption, description: 'Get this version of the flow instead of the latest one' }],
	},
];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const flowId = getResourceId(this, 'conversationFlowId', itemIndex, 'Conversation Flow ID');
	const read = fieldReader(this.getNode(), itemIndex, this.getNodeParameter('options', itemIndex, {}));
	const query = omitBlank({ version: read.number('version', 'Version') });
	const flow = await retellRequest(this, client, async (retell) => await retell.conversationFlow.retrieve(flowId, query), {
		kind: 'read',
		itemIndex,
		resourceLabel: 'Conversation flow',
	});
	return toDataObject(flow);
}

export const operation = retellOperation({
	resource: 'conversationFlow',
	operation: 'get',
	option: { name: 'Get', description: 'Get a conversation flow: its nodes, edges, tools and model', action: 'Get a conversation flow' },
	docsUrl: apiReference('get-conversation-flow'),
	properties,
	execute,
});
