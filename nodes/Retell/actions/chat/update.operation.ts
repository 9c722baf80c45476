import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { apiReference } from '../../../shared/retell/docs';
import { chatIdProperty, readChatId } from '../../../shared/retell/fields';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { retellOperation } from '../node.type';
import { conversationUpdateFields, CHAT_UPDATE, readConversationUpdate } from '../conversationUpdate';
import type { ChatUpdateParams } from './chatFields';

const properties: INodeProperties[] = [chatIdProperty, conversationUpdateFields(CHAT_UPDATE)];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const chatId = readChatId(this, itemIndex);
	const body: ChatUpdateParams = readConversationUpdate(this, itemIndex, CHAT_UPDATE);

	const chat = await retellRequest(this, client, async (retell) => await retell.chat.update(chatId, body), {
		kind: 'write',
		itemIndex,
		resourceLabel: 'Chat',
	});
	return toDataObject(chat);
}

export const operation = retellOperation({
	resource: 'chat',
	operation: 'update',
	option: {
		name: 'Update',
		description: 'Change the metadata, data storage setting or custom attributes of a chat',
		action: 'Update a chat',
	},
	docsUrl: apiReference('update-chat'),
	properties,
	execute,
});
