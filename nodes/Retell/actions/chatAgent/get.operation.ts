import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { fieldReader, getResourceId } from '../../../shared/parameters';
import { omitBlank } from '../../../shared/validation';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { chatAgentLocator } from '../../../shared/retell/fields';
import { versionOption } from '../common.descriptions';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';

const properties: INodeProperties[] = [
	{ ...chatAgentLocator, description: 'The chat agent to get' },
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [{ ...versionOption, description: 'Get this version of the chat agent instead of the latest one' }],
	},
];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const agentId = getResourceId(this, 'chatAgentId', itemIndex, 'Chat Agent ID');
	const read = fieldReader(this.getNode(), itemIndex, this.getNodeParameter('options', itemIndex, {}));
	const query = omitBlank({ version: read.number('version', 'Version') });
	const agent = await retellRequest(this, client, async (retell) => await retell.chatAgent.retrieve(agentId, query), {
		kind: 'read',
		itemIndex,
		resourceLabel: 'Chat agent',
	});
	return { ...agent };
}

export const operation = retellOperation({
	resource: 'chatAgent',
	operation: 'get',
	option: {
		name: 'Get',
		description: "Get a chat agent's full settings",
		action: 'Get a chat agent',
	},
	docsUrl: apiReference('get-chat-agent'),
	properties,
	execute,
});
