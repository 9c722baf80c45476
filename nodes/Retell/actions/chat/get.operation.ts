import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { apiReference } from '../../../shared/retell/docs';
import { chatIdProperty, readChatId } from '../../../shared/retell/fields';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { retellOperation } from '../node.type';

const properties: INodeProperties[] = [{ ...chatIdProperty, description: 'The chat to get, with its transcript and analysis' }];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const chatId = readChatId(this, itemIndex);
	const chat = await retellRequest(this, client, async (retell) => await retell.chat.retrieve(chatId), {
		kind: 'read',
		itemIndex,
		resourceLabel: 'Chat',
	});
	return toDataObject(chat);
}

export const operation = retellOperation({
	resource: 'chat',
	operation: 'get',
	option: {
		name: 'Get',
		description: 'Get a chat: its status, messages, analysis and cost',
		action: 'Get a chat',
	},
	docsUrl: apiReference('get-chat'),
	properties,
	execute,
});
