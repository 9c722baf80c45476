import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { fieldReader, getResourceId } from '../../../shared/parameters';
import { omitBlank } from '../../../shared/validation';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { llmLocator } from '../../../shared/retell/fields';
import { versionOption } from '../common.descriptions';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';

const properties: INodeProperties[] = [
	{ ...llmLocator, description: 'The Retell LLM to get' },
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [{ ...versionOption, description: 'Get this version of the LLM instead of the latest one' }],
	},
];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
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

export const operation = retellOperation({
	resource: 'llm',
	operation: 'get',
	option: {
		name: 'Get',
		description: 'Get a Retell LLM with its prompt, model and tools',
		action: 'Get an LLM',
	},
	docsUrl: apiReference('get-retell-llm'),
	properties,
	execute,
});
