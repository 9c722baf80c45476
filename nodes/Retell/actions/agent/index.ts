import { retellResource } from '../node.type';
import { operation as create } from './create.operation';
import { operation as deleteAgent } from './deleteAgent.operation';
import { operation as get } from './get.operation';
import { operation as getAll } from './getAll.operation';
import { operation as getVersions } from './getVersions.operation';
import { operation as provision } from './provision.operation';
import { operation as publish } from './publish.operation';
import { operation as update } from './update.operation';

export const agent = retellResource('agent', 'Agent', 'create', [create, deleteAgent, get, getAll, getVersions, provision, publish, update]);
