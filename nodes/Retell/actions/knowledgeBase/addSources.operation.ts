import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getResourceId } from '../../../shared/parameters';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { knowledgeBaseLocator } from '../../../shared/retell/fields';
import { hasSources, readSources, sourceProperties } from './sources';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';

const properties: INodeProperties[] = [
	{ ...knowledgeBaseLocator, description: 'The knowledge base to add texts, URLs or files to' },
	...sourceProperties,
];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const knowledgeBaseId = getResourceId(this, 'knowledgeBaseId', itemIndex, 'Knowledge Base ID');
	const sources = await readSources(this, itemIndex);
	if (!hasSources(sources)) {
		throw new NodeOperationError(this.getNode(), 'Nothing to add', {
			itemIndex,
			description: 'Add at least one text, URL or binary property.',
		});
	}
	const knowledgeBase = await retellRequest(
		this,
		client,
		async (retell) => await retell.knowledgeBase.addSources(knowledgeBaseId, sources),
		{ kind: 'create', itemIndex, resourceLabel: 'Knowledge base' },
	);
	return { ...knowledgeBase };
}

export const operation = retellOperation({
	resource: 'knowledgeBase',
	operation: 'addSources',
	option: {
		name: 'Add Sources',
		description: 'Add texts, web pages or files to a knowledge base',
		action: 'Add sources to a knowledge base',
	},
	docsUrl: apiReference('add-knowledge-base-sources'),
	properties,
	execute,
});
