import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getResourceId } from '../../../shared/parameters';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { knowledgeBaseLocator } from '../../../shared/retell/fields';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';

const properties: INodeProperties[] = [{ ...knowledgeBaseLocator, description: 'The knowledge base to get' }];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const knowledgeBaseId = getResourceId(this, 'knowledgeBaseId', itemIndex, 'Knowledge Base ID');
	const knowledgeBase = await retellRequest(
		this,
		client,
		async (retell) => await retell.knowledgeBase.retrieve(knowledgeBaseId),
		{ kind: 'read', itemIndex, resourceLabel: 'Knowledge base' },
	);
	return { ...knowledgeBase };
}

export const operation = retellOperation({
	resource: 'knowledgeBase',
	operation: 'get',
	option: {
		name: 'Get',
		description: 'Get a knowledge base with its status and sources',
		action: 'Get a knowledge base',
	},
	docsUrl: apiReference('get-knowledge-base'),
	properties,
	execute,
});
