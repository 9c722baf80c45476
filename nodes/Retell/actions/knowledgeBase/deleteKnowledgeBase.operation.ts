import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getResourceId } from '../../../shared/parameters';
import type { RetellClient } from '../../transport';
import { deleteById } from '../deleteById';
import { knowledgeBaseLocator } from '../common.descriptions';

const properties: INodeProperties[] = [
	{
		...knowledgeBaseLocator,
		description: 'The knowledge base to delete. LLMs that use it can no longer look answers up in it.',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['knowledgeBase'], operation: ['deleteKnowledgeBase'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const knowledgeBaseId = getResourceId(this, 'knowledgeBaseId', itemIndex, 'Knowledge Base ID');
	return await deleteById(this, client, itemIndex, {
		label: 'Knowledge base',
		idField: 'knowledge_base_id',
		id: knowledgeBaseId,
		remove: async (retell) => await retell.knowledgeBase.delete(knowledgeBaseId),
		read: async (retell) => await retell.knowledgeBase.retrieve(knowledgeBaseId),
	});
}
