import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { fieldReader, getResourceId } from '../../../shared/parameters';
import { omitBlank } from '../../../shared/validation';
import type { RetellClient } from '../../transport';
import { deleteById } from '../deleteById';
import { llmLocator } from '../common.descriptions';

const properties: INodeProperties[] = [
	{ ...llmLocator, description: 'The Retell LLM to delete' },
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Force Delete',
				name: 'forceDelete',
				type: 'boolean',
				default: false,
				description:
					'Whether to delete the LLM even when agents still use it. Those agents then point at an LLM that no longer exists.',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['llm'], operation: ['deleteLlm'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const llmId = getResourceId(this, 'llmId', itemIndex, 'LLM ID');
	const read = fieldReader(this.getNode(), itemIndex, this.getNodeParameter('options', itemIndex, {}));
	const query = omitBlank({ force_delete: read.boolean('forceDelete', 'Force Delete') });
	return await deleteById(this, client, itemIndex, {
		label: 'LLM',
		idField: 'llm_id',
		id: llmId,
		remove: async (retell) => await retell.llm.delete(llmId, query),
		read: async (retell) => await retell.llm.retrieve(llmId),
	});
}
