import { retellResource } from '../node.type';
import { operation as addSources } from './addSources.operation';
import { operation as create } from './create.operation';
import { operation as deleteKnowledgeBase } from './deleteKnowledgeBase.operation';
import { operation as deleteSource } from './deleteSource.operation';
import { operation as get } from './get.operation';
import { operation as getAll } from './getAll.operation';

export const knowledgeBase = retellResource('knowledgeBase', 'Knowledge Base', 'create', [addSources, create, deleteKnowledgeBase, deleteSource, get, getAll]);
