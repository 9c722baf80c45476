import { retellResource } from '../node.type';
import { operation as create } from './create.operation';
import { operation as createVersion } from './createVersion.operation';
import { operation as deleteChatAgent } from './deleteChatAgent.operation';
import { operation as deleteVersion } from './deleteVersion.operation';
import { operation as get } from './get.operation';
import { operation as getAll } from './getAll.operation';
import { operation as getVersions } from './getVersions.operation';
import { operation as publish } from './publish.operation';
import { operation as update } from './update.operation';

export const chatAgent = retellResource('chatAgent', 'Chat Agent', 'create', [
	create,
	createVersion,
	deleteChatAgent,
	deleteVersion,
	get,
	getAll,
	getVersions,
	publish,
	update,
]);
