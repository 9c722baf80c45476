import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { fieldReader, getString } from '../../../shared/parameters';
import { omitBlank } from '../../../shared/validation';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import type { LlmCreateParams } from '../../../shared/retell/transport/types';
import { readAdditionalJson, withJsonOption } from '../common.descriptions';
import { generalPromptField, llmSettingFields, readLlmSettings } from './settings';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';

const DOCS_URL = apiReference('create-retell-llm');

const properties: INodeProperties[] = [
	generalPromptField,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: withJsonOption(llmSettingFields, DOCS_URL),
	},
];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const read = fieldReader(this.getNode(), itemIndex, this.getNodeParameter('additionalFields', itemIndex, {}));
	const body: LlmCreateParams = {
		...omitBlank({ general_prompt: getString(this, 'generalPrompt', itemIndex) }),
		...readLlmSettings(read),
		...readAdditionalJson(read),
	};
	const llm = await retellRequest(this, client, async (retell) => await retell.llm.create(body), {
		kind: 'create',
		itemIndex,
	});
	return { ...llm };
}

export const operation = retellOperation({
	resource: 'llm',
	operation: 'create',
	option: {
		name: 'Create',
		description: 'Create a Retell LLM: the prompt, model and tools an agent talks with',
		action: 'Create an LLM',
	},
	docsUrl: DOCS_URL,
	properties,
	execute,
});
