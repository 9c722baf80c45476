import { retellResource } from '../node.type';
import { operation as create } from './create.operation';
import { operation as deleteConversationFlowComponent } from './deleteConversationFlowComponent.operation';
import { operation as get } from './get.operation';
import { operation as getAll } from './getAll.operation';
import { operation as update } from './update.operation';

export const conversationFlowComponent = retellResource('conversationFlowComponent', 'Conversation Flow Component', 'get', [
	create,
	deleteConversationFlowComponent,
	get,
	getAll,
	update,
]);
