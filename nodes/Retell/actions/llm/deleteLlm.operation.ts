import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getResourceId } from '../../../shared/parameters';

import type { RetellClient } from '../../../shared/retell/transport';
import { deleteById, forceDeleteOptions, readForceDelete } from '../deleteById';
import { llmLocator } from '../../../shared/retell/fields';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';

const properties: INodeProperties[] = [
	{ ...llmLocator, description: 'The Retell LLM to delete' },
	forceDeleteOptions(
		'Whether to delete the LLM even when agents still use it. Those agents then point at an LLM that no longer exists.',
	),
];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const llmId = getResourceId(this, 'llmId', itemIndex, 'LLM ID');
	const query = readForceDelete(this, itemIndex);
	return await deleteById(this, client, itemIndex, {
		label: 'LLM',
		idField: 'llm_id',
		id: llmId,
		remove: async (retell) => await retell.llm.delete(llmId, query),
		read: async (retell) => await retell.llm.retrieve(llmId),
	});
}

export const operation = retellOperation({
	resource: 'llm',
	operation: 'deleteLlm',
	option: {
		name: 'Delete',
		description: 'Delete a Retell LLM that no agent uses',
		action: 'Delete an LLM',
	},
	docsUrl: apiReference('delete-retell-llm'),
	properties,
	execute,
});
