import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { type FieldReader, keysOf, optionsFrom } from '../../../shared/parameters';
import { omitBlank } from '../../../shared/validation';
import type { LlmCreateParams } from '../../../shared/retell/transport/types';
import { LLM_MODEL_NAMES, START_SPEAKER_NAMES } from './models';

export const generalPromptField: INodeProperties = {
	displayName: 'General Prompt',
	name: 'generalPrompt',
	type: 'string',
	typeOptions: { rows: 6 },
	default: '',
	placeholder: 'You are the friendly receptionist of …',
	description: 'The instructions the agent follows in every state of the call. May use {{dynamic_variables}}.',
};

/** The options of the LLM's "Additional Fields" / "Update Fields" collections. */
export const llmSettingFields: INodeProperties[] = [
	{
		displayName: 'Begin Message',
		name: 'beginMessage',
		type: 'string',
		default: '',
		placeholder: 'Hi, this is Ada from Acme. How can I help?',
		description:
			'What the agent says first. Leave it out to let the model make up an opening; to wait for the caller instead, set "begin_message" to "" in Additional Fields (JSON).',
	},
	{
		displayName: 'Default Dynamic Variables (JSON)',
		name: 'defaultDynamicVariables',
		type: 'json',
		default: '{}',
		description:
			'Values for {{variables}} in the prompt and tools when a call does not provide them, as a JSON object of strings such as {"customer_name": "there"}',
	},
	{
		displayName: 'Knowledge Base Names or IDs',
		name: 'knowledgeBaseIds',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getKnowledgeBases' },
		default: [],
		description:
			'The knowledge bases the agent may look answers up in. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Model',
		name: 'model',
		type: 'options',
		options: optionsFrom(LLM_MODEL_NAMES),
		default: 'gpt-4.1',
		description: 'The text model. Retell uses GPT-4.1 when none is set.',
	},
	{
		displayName: 'Model Temperature',
		name: 'modelTemperature',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
		default: 0,
		description: 'Randomness of replies, from 0 (predictable, best for tool calls) to 1',
	},
	{
		displayName: 'Start Speaker',
		name: 'startSpeaker',
		type: 'options',
		options: optionsFrom(START_SPEAKER_NAMES),
		default: 'agent',
		description: 'Who speaks first when the call connects',
	},
	{
		displayName: 'Starting State',
		name: 'startingState',
		type: 'string',
		default: '',
		description: 'Name of the state the call starts in; required when States is set',
	},
	{
		displayName: 'States (JSON)',
		name: 'states',
		type: 'json',
		default: '[]',
		description:
			'The call\'s states as a JSON array, each with a name, a state_prompt, edges and tools. See <a href="https://docs.retellai.com/build/single-multi-prompt/multi-prompt">multi-prompt agents</a>.',
	},
	{
		displayName: 'Tools (JSON)',
		name: 'generalTools',
		type: 'json',
		default: '[]',
		description:
			'Tools available in every state, as a JSON array such as [{"type": "end_call", "name": "end_call", "description": "End the call when the caller says goodbye"}]. A "custom" tool can call an n8n Retell Trigger URL.',
	},
];

export function readLlmSettings(read: FieldReader): LlmCreateParams {
	const settings: LlmCreateParams = omitBlank({
		begin_message: read.string('beginMessage', 'Begin Message'),
		knowledge_base_ids: read.list('knowledgeBaseIds'),
		model: read.option('model', keysOf(LLM_MODEL_NAMES), 'Model'),
		model_temperature: read.number('modelTemperature', 'Model Temperature'),
		start_speaker: read.option('startSpeaker', keysOf(START_SPEAKER_NAMES), 'Start Speaker'),
		starting_state: read.string('startingState', 'Starting State')?.trim(),
	});
	// Tools, states and variables keep Retell's own nested shapes; Retell validates them.
	const passThrough: IDataObject = omitBlank({
		default_dynamic_variables: emptyToUndefined(
			read.jsonObject('defaultDynamicVariables', 'Default Dynamic Variables (JSON)'),
		),
		general_tools: read.jsonObjects('generalTools', 'Tools (JSON)'),
		states: read.jsonObjects('states', 'States (JSON)'),
	});
	return { ...settings, ...passThrough };
}

function emptyToUndefined(value: IDataObject | undefined): IDataObject | undefined {
	return value && Object.keys(value).length > 0 ? value : undefined;
}
