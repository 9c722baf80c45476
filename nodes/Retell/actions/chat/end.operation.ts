import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { apiReference } from '../../../shared/retell/docs';
import { chatIdProperty, readChatId } from '../../../shared/retell/fields';
import { lostAnswerFields, retellCheckedWrite } from '../../../shared/retell/transport/checkedWrite';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { retellOperation } from '../node.type';

const properties: INodeProperties[] = [{ ...chatIdProperty, description: 'The ongoing chat to end' }];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const chatId = readChatId(this, itemIndex);
	const options = { itemIndex, resourceLabel: 'Chat' };
	// An ended chat "no longer can generate new response" (SDK 5.66.1 ChatResponse.chat_status), so a repeat after a
	// lost answer would be refused: the chat's status says whether the first attempt ended it.
	const outcome = await retellCheckedWrite(
		this,
		client,
		async (retell) => await retell.chat.end(chatId),
		async (retell) => {
			const chat = await retellRequest(this, retell, async (sdk) => await sdk.chat.retrieve(chatId), {
				...options,
				kind: 'read',
			});
			return chat.chat_status !== 'ongoing';
		},
		options,
	);
	return { ended: true, chat_id: chatId, ...lostAnswerFields(outcome) };
}

export const operation = retellOperation({
	resource: 'chat',
	operation: 'end',
	option: {
		name: 'End',
		description: 'End an ongoing chat: the agent stops answering and the post-chat analysis follows',
		action: 'End a chat',
	},
	docsUrl: apiReference('end-chat'),
	properties,
	execute,
});
