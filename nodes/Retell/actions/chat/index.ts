import { retellResource } from '../node.type';
import { operation as create } from './create.operation';
import { operation as createSmsChat } from './createSmsChat.operation';
import { operation as deleteChat } from './deleteChat.operation';
import { operation as end } from './end.operation';
import { operation as get } from './get.operation';
import { operation as getAll } from './getAll.operation';
import { operation as rerunAnalysis } from './rerunAnalysis.operation';
import { operation as sendMessage } from './sendMessage.operation';
import { operation as update } from './update.operation';

export const chat = retellResource('chat', 'Chat', 'get', [
	create,
	createSmsChat,
	deleteChat,
	end,
	get,
	getAll,
	rerunAnalysis,
	sendMessage,
	update,
]);
