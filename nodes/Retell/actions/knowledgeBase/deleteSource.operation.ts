import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getResourceId, getString } from '../../../shared/parameters';
import { assertPresent } from '../../../shared/validation';
import { lostAnswerFields, retellCheckedWrite } from '../../../shared/retell/transport/checkedWrite';
import { type RetellClient } from '../../../shared/retell/transport';
import type { KnowledgeBaseResponse } from '../../../shared/retell/transport/types';
import { knowledgeBaseLocator } from '../../../shared/retell/fields';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';

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

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const knowledgeBaseId = getResourceId(this, 'knowledgeBaseId', itemIndex, 'Knowledge Base ID');
	const sourceId = assertPresent(this.getNode(), getString(this, 'sourceId', itemIndex), 'Source ID', itemIndex);
	let knowledgeBase: KnowledgeBaseResponse | undefined;
	const outcome = await retellCheckedWrite(
		this,
		client,
		async (retell) => {
			knowledgeBase = await retell.knowledgeBase.deleteSource(sourceId, { knowledge_base_id: knowledgeBaseId });
		},
		async (retell) => {
			knowledgeBase = await retell.knowledgeBase.retrieve(knowledgeBaseId);
			return !(knowledgeBase.knowledge_base_sources ?? []).some((source) => source.source_id === sourceId);
		},
		{ itemIndex, resourceLabel: 'Knowledge base source' },
	);
	return {
		deleted: true,
		source_id: sourceId,
		knowledge_base_id: knowledgeBaseId,
		knowledge_base: { ...knowledgeBase },
		...lostAnswerFields(outcome),
	};
}

export const operation = retellOperation({
	resource: 'knowledgeBase',
	operation: 'deleteSource',
	option: {
		name: 'Delete Source',
		description: 'Remove one text, web page or file from a knowledge base',
		action: 'Delete a source from a knowledge base',
	},
	docsUrl: apiReference('delete-knowledge-base-source'),
	properties,
	execute,
});
