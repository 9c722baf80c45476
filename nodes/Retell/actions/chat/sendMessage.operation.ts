import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { getString } from '../../../shared/parameters';
import { apiReference } from '../../../shared/retell/docs';
import { chatIdProperty, readChatId } from '../../../shared/retell/fields';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { assertPresent } from '../../../shared/validation';
import { retellOperation } from '../node.type';
import type { ChatCreateChatCompletionParams } from './chatFields';

const properties: INodeProperties[] = [
	{ ...chatIdProperty, description: 'The ongoing chat to write in, e.g. the chat_id of Create' },
	{
		displayName: 'Message',
		name: 'content',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		placeholder: 'Hi, can I move my appointment to Friday?',
		description: "The user's message; the agent's answer comes back as messages",
	},
];

/**
 * Retell stores the conversation and answers with the agent's new messages only ("Does not include the original
 * input messages", https://docs.retellai.com/api-references/create-chat-completion). An `action`, never repeated after a
 * timeout or 5xx: a repeat would post the user's message twice and bill a second reply.
 */
async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const body: ChatCreateChatCompletionParams = {
		chat_id: readChatId(this, itemIndex),
		content: assertPresent(this.getNode(), getString(this, 'content', itemIndex), 'Message', itemIndex),
	};
	const completion = await retellRequest(this, client, async (retell) => await retell.chat.createChatCompletion(body), {
		kind: 'action',
		itemIndex,
		resourceLabel: 'Chat',
	});
	return { chat_id: body.chat_id, messages: completion.messages.map(toDataObject) };
}

export const operation = retellOperation({
	resource: 'chat',
	operation: 'sendMessage',
	option: {
		name: 'Send Message',
		description:
			"Send the user's message to an ongoing chat and get the agent's reply as messages (the chat keeps the history)",
		action: 'Send a message in a chat',
	},
	docsUrl: apiReference('create-chat-completion'),
	properties,
	execute,
});
