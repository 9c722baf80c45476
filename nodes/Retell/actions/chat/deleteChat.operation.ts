import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { apiReference } from '../../../shared/retell/docs';
import { chatIdProperty, readChatId } from '../../../shared/retell/fields';
import type { RetellClient } from '../../../shared/retell/transport';
import { deleteById } from '../deleteById';
import { retellOperation } from '../node.type';

const properties: INodeProperties[] = [chatIdProperty];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const chatId = readChatId(this, itemIndex);
	return await deleteById(this, client, itemIndex, {
		label: 'Chat',
		idField: 'chat_id',
		id: chatId,
		remove: async (retell) => await retell.chat.delete(chatId),
		read: async (retell) => await retell.chat.retrieve(chatId),
	});
}

export const operation = retellOperation({
	resource: 'chat',
	operation: 'deleteChat',
	option: {
		name: 'Delete',
		description: 'Delete a chat with its messages and analysis',
		action: 'Delete a chat',
	},
	docsUrl: apiReference('delete-chat'),
	properties,
	execute,
});
