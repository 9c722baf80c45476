import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { fieldReader, getString } from '../../../shared/parameters';
import { omitBlank } from '../../../shared/validation';
import { retellRequest, type RetellClient } from '../../transport';
import type { LlmCreateParams } from '../../transport/types';
import { readAdditionalJson, withJsonOption } from '../common.descriptions';
import { generalPromptField, llmSettingFields, readLlmSettings } from './settings';

const properties: INodeProperties[] = [
	generalPromptField,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: withJsonOption(llmSettingFields, 'llm', 'create'),
	},
];

export const description = updateDisplayOptions({ show: { resource: ['llm'], operation: ['create'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
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
