import { retellResource } from '../node.type';
import { operation as create } from './create.operation';
import { operation as createVersion } from './createVersion.operation';
import { operation as deleteAgent } from './deleteAgent.operation';
import { operation as deleteVersion } from './deleteVersion.operation';
import { operation as get } from './get.operation';
import { operation as getAll } from './getAll.operation';
import { operation as getMcpTools } from './getMcpTools.operation';
import { operation as getVersions } from './getVersions.operation';
import { operation as provision } from './provision.operation';
import { operation as publish } from './publish.operation';
import { operation as repair } from './repair.operation';
import { operation as testReply } from './testReply.operation';
import { operation as update } from './update.operation';

export const agent = retellResource('agent', 'Agent', 'create', [
	create,
	createVersion,
	deleteAgent,
	deleteVersion,
	get,
	getAll,
	getMcpTools,
	getVersions,
	provision,
	publish,
	repair,
	testReply,
	update,
]);
