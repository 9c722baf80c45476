import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getResourceId, getString } from '../../../shared/parameters';
import { assertPresent } from '../../../shared/validation';
import { retellRequest, type RetellClient } from '../../transport';
import { knowledgeBaseLocator } from '../common.descriptions';

const properties: INodeProperties[] = [
	{ ...knowledgeBaseLocator, description: 'The knowledge base the source belongs to' },
	{
		displayName: 'Source ID',
		name: 'sourceId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'source_a1b2c3…',
		description: 'The source to remove. Get lists a knowledge base\'s sources with their IDs.',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['knowledgeBase'], operation: ['deleteSource'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const knowledgeBaseId = getResourceId(this, 'knowledgeBaseId', itemIndex, 'Knowledge Base ID');
	const sourceId = assertPresent(this.getNode(), getString(this, 'sourceId', itemIndex), 'Source ID', itemIndex);
	const knowledgeBase = await retellRequest(
		this,
		client,
		async (retell) => await retell.knowledgeBase.deleteSource(sourceId, { knowledge_base_id: knowledgeBaseId }),
		{ kind: 'write', itemIndex, resourceLabel: 'Knowledge base source' },
	);
	return { deleted: true, source_id: sourceId, knowledge_base_id: knowledgeBaseId, knowledge_base: { ...knowledgeBase } };
}
