import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { fieldReader, getCollection, getResourceId } from '../../../shared/parameters';
import { apiReference } from '../../../shared/retell/docs';
import { chatAgentLocator } from '../../../shared/retell/fields';
import { toAgentVersion } from '../../../shared/retell/responses';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { omitBlank } from '../../../shared/validation';
import { dynamicVariablesProperties, readCallData } from '../call/callFields';
import { retellOperation } from '../node.type';
import { chatMetadataOptions, type ChatCreateParams } from './chatFields';

const properties: INodeProperties[] = [
	{ ...chatAgentLocator, description: 'The chat agent that answers in this chat' },
	...dynamicVariablesProperties,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Agent Version',
				name: 'agentVersion',
				type: 'string',
				default: '',
				placeholder: '3',
				description: 'Version (or version tag) of the chat agent to use; empty means its latest version',
			},
			...chatMetadataOptions,
		],
	},
];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const options = fieldReader(this.getNode(), itemIndex, getCollection(this, 'options', itemIndex));
	const body: ChatCreateParams = omitBlank({
		agent_id: getResourceId(this, 'chatAgentId', itemIndex, 'Chat Agent'),
		agent_version: toAgentVersion(options.string('agentVersion')),
		...readCallData(this, itemIndex, 'options'),
	});
	const chat = await retellRequest(this, client, async (retell) => await retell.chat.create(body), {
		kind: 'create',
		itemIndex,
	});
	return toDataObject(chat);
}

export const operation = retellOperation({
	resource: 'chat',
	operation: 'create',
	option: {
		name: 'Create',
		description:
			'Start a text chat with a chat agent through the API (no SMS is sent); then send the user\'s messages with Send Message',
		action: 'Create a chat',
	},
	docsUrl: apiReference('create-chat'),
	properties,
	execute,
});
