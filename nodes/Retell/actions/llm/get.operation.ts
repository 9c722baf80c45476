import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { fieldReader, getResourceId } from '../../../shared/parameters';
import { omitBlank } from '../../../shared/validation';
import { retellRequest, type RetellClient } from '../../transport';
import { llmLocator } from '../common.descriptions';
import { llmVersionOption } from './version';

const properties: INodeProperties[] = [
	{ ...llmLocator, description: 'The Retell LLM to get' },
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [{ ...llmVersionOption, description: 'Get this version of the LLM instead of the latest one' }],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['llm'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const llmId = getResourceId(this, 'llmId', itemIndex, 'LLM ID');
	const read = fieldReader(this.getNode(), itemIndex, this.getNodeParameter('options', itemIndex, {}));
	const query = omitBlank({ version: read.number('version', 'Version') });
	const llm = await retellRequest(this, client, async (retell) => await retell.llm.retrieve(llmId, query), {
		kind: 'read',
		itemIndex,
		resourceLabel: 'LLM',
	});
	return { ...llm };
}
