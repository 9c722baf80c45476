import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { fieldReader, getString } from '../../../shared/parameters';
import { assertPresent, omitBlank } from '../../../shared/validation';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import type { KnowledgeBaseCreateParams } from '../../../shared/retell/transport/types';
import { readSources, sourceProperties } from './sources';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';

/** Retell rejects longer names (https://docs.retellai.com/api-references/create-knowledge-base). */
const MAX_NAME_LENGTH = 39;

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'knowledgeBaseName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Acme FAQ',
		description: 'Name of the knowledge base, under 40 characters',
	},
	...sourceProperties,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Auto Refresh',
				name: 'enableAutoRefresh',
				type: 'boolean',
				default: false,
				description: 'Whether Retell re-reads the URLs every day',
			},
			{
				displayName: 'Max Chunk Size',
				name: 'maxChunkSize',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 2000,
				description: 'Most characters per chunk the documents are split into. Cannot be changed later.',
			},
			{
				displayName: 'Min Chunk Size',
				name: 'minChunkSize',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 400,
				description: 'Smaller chunks are merged with their neighbours. Cannot be changed later.',
			},
		],
	},
];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const node = this.getNode();
	const name = assertPresent(node, getString(this, 'knowledgeBaseName', itemIndex), 'Name', itemIndex);
	if (name.length > MAX_NAME_LENGTH) {
		throw new NodeOperationError(node, `Name must be under 40 characters (it has ${name.length})`, { itemIndex });
	}
	const options = fieldReader(node, itemIndex, this.getNodeParameter('options', itemIndex, {}));
	const body: KnowledgeBaseCreateParams = {
		knowledge_base_name: name,
		...(await readSources(this, itemIndex)),
		...omitBlank({
			enable_auto_refresh: options.boolean('enableAutoRefresh', 'Auto Refresh'),
			max_chunk_size: options.number('maxChunkSize', 'Max Chunk Size'),
			min_chunk_size: options.number('minChunkSize', 'Min Chunk Size'),
		}),
	};
	const knowledgeBase = await retellRequest(
		this,
		client,
		async (retell) => await retell.knowledgeBase.create(body),
		{ kind: 'create', itemIndex },
	);
	return { ...knowledgeBase };
}

export const operation = retellOperation({
	resource: 'knowledgeBase',
	operation: 'create',
	option: {
		name: 'Create',
		description: 'Create a knowledge base from texts, web pages and files, for LLMs to look answers up in',
		action: 'Create a knowledge base',
	},
	docsUrl: apiReference('create-knowledge-base'),
	properties,
	execute,
});
