import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getResourceId } from '../../../shared/parameters';
import { retellRequest, type RetellClient } from '../../transport';
import { knowledgeBaseLocator } from '../common.descriptions';

const properties: INodeProperties[] = [{ ...knowledgeBaseLocator, description: 'The knowledge base to get' }];

export const description = updateDisplayOptions(
	{ show: { resource: ['knowledgeBase'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const knowledgeBaseId = getResourceId(this, 'knowledgeBaseId', itemIndex, 'Knowledge Base ID');
	const knowledgeBase = await retellRequest(
		this,
		client,
		async (retell) => await retell.knowledgeBase.retrieve(knowledgeBaseId),
		{ kind: 'read', itemIndex, resourceLabel: 'Knowledge base' },
	);
	return { ...knowledgeBase };
}
