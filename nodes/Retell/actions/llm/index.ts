import { retellResource } from '../node.type';
import { operation as create } from './create.operation';
import { operation as deleteLlm } from './deleteLlm.operation';
import { operation as get } from './get.operation';
import { operation as getAll } from './getAll.operation';
import { operation as update } from './update.operation';

export const llm = retellResource('llm', 'LLM', 'create', [create, deleteLlm, get, getAll, update]);
