import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getResourceId } from '../../../shared/parameters';
import { omitBlank } from '../../../shared/validation';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import type { LlmUpdateParams } from '../../../shared/retell/transport/types';
import { llmLocator } from '../../../shared/retell/fields';
import { readAdditionalJson, withJsonOption } from '../common.descriptions';
import { type ClearableField, clearFieldsOption, readUpdate, readVersion, versionUpdateOptions } from '../updateFields';
import { generalPromptField, llmSettingFields, readLlmSettings } from './settings';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';

const DOCS_URL = apiReference('update-retell-llm');

/** Nullable in retell-sdk 5.66.1 `LlmUpdateParams`. */
const CLEARABLE: ClearableField[] = [
	{ name: 'Begin Message', value: 'begin_message' },
	{ name: 'General Prompt', value: 'general_prompt' },
	{ name: 'Knowledge Bases', value: 'knowledge_base_ids' },
	{ name: 'Starting State', value: 'starting_state' },
	{ name: 'States (JSON)', value: 'states' },
	{ name: 'Tools (JSON)', value: 'general_tools' },
];

const properties: INodeProperties[] = [
	{ ...llmLocator, description: 'The Retell LLM to update' },
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Only the fields added here are changed; every other setting of the LLM stays as it is',
		options: withJsonOption([...llmSettingFields, generalPromptField, clearFieldsOption(CLEARABLE, 'LLM')], DOCS_URL),
	},
	versionUpdateOptions,
];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const llmId = getResourceId(this, 'llmId', itemIndex, 'LLM ID');
	const changes: LlmUpdateParams = readUpdate(this, itemIndex, {
		read: (fields) => ({
			...omitBlank({ general_prompt: fields.string('generalPrompt', 'General Prompt') }),
			...readLlmSettings(fields),
			...readAdditionalJson(fields),
		}),
		clearable: CLEARABLE,
	});
	const params: LlmUpdateParams = { ...changes, ...readVersion(this, itemIndex) };
	const llm = await retellRequest(this, client, async (retell) => await retell.llm.update(llmId, params), {
		kind: 'write',
		itemIndex,
		resourceLabel: 'LLM',
	});
	return { ...llm };
}

export const operation = retellOperation({
	resource: 'llm',
	operation: 'update',
	option: {
		name: 'Update',
		description: 'Change some settings of a Retell LLM; the others stay as they are',
		action: 'Update an LLM',
	},
	docsUrl: DOCS_URL,
	properties,
	execute,
});
