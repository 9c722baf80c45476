import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getResourceId } from '../../../shared/parameters';
import type { RetellClient } from '../../../shared/retell/transport';
import { deleteById } from '../deleteById';
import { knowledgeBaseLocator } from '../../../shared/retell/fields';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';

const properties: INodeProperties[] = [
	{
		...knowledgeBaseLocator,
		description: 'The knowledge base to delete. LLMs that use it can no longer look answers up in it.',
	},
];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const knowledgeBaseId = getResourceId(this, 'knowledgeBaseId', itemIndex, 'Knowledge Base ID');
	return await deleteById(this, client, itemIndex, {
		label: 'Knowledge base',
		idField: 'knowledge_base_id',
		id: knowledgeBaseId,
		remove: async (retell) => await retell.knowledgeBase.delete(knowledgeBaseId),
		read: async (retell) => await retell.knowledgeBase.retrieve(knowledgeBaseId),
	});
}

export const operation = retellOperation({
	resource: 'knowledgeBase',
	operation: 'deleteKnowledgeBase',
	option: {
		name: 'Delete',
		description: 'Delete a knowledge base with all its sources',
		action: 'Delete a knowledge base',
	},
	docsUrl: apiReference('delete-knowledge-base'),
	properties,
	execute,
});
