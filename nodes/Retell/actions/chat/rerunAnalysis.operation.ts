import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { apiReference } from '../../../shared/retell/docs';
import { chatIdProperty, readChatId } from '../../../shared/retell/fields';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { retellOperation } from '../node.type';

const properties: INodeProperties[] = [
	{ ...chatIdProperty, description: 'The ended chat to analyse again, e.g. after changing the agent\'s analysis fields' },
];

/** An `action`, never repeated after a timeout or 5xx: each run is billed (SDK 5.66.1 chat.rerunAnalysis). */
async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const chatId = readChatId(this, itemIndex);
	const chat = await retellRequest(this, client, async (retell) => await retell.chat.rerunAnalysis(chatId), {
		kind: 'action',
		itemIndex,
		resourceLabel: 'Chat',
	});
	return toDataObject(chat);
}

export const operation = retellOperation({
	resource: 'chat',
	operation: 'rerunAnalysis',
	option: {
		name: 'Rerun Analysis',
		description: 'Run the post-chat analysis of an ended chat again and return the chat with its new chat_analysis. Billed by Retell.',
		action: 'Rerun the analysis of a chat',
	},
	docsUrl: apiReference('rerun-chat-analysis'),
	properties,
	execute,
});
