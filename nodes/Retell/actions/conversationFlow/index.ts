import { retellResource } from '../node.type';
import { operation as create } from './create.operation';
import { operation as deleteConversationFlow } from './deleteConversationFlow.operation';
import { operation as get } from './get.operation';
import { operation as getAll } from './getAll.operation';
import { operation as update } from './update.operation';

export const conversationFlow = retellResource('conversationFlow', 'Conversation Flow', 'get', [
	create,
	deleteConversationFlow,
	get,
	getAll,
	update,
]);
