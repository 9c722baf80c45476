import type { IDataObject, INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isDataObject } from '../../../shared/dataObject';
import { type FieldReader, keysOf, optionsFrom } from '../../../shared/parameters';
import { omitBlank } from '../../../shared/validation';
import { LLM_MODEL_NAMES, START_SPEAKER_NAMES } from '../llm/models';
import { assertStartNode, readNodes } from './nodes';
import type { ConversationFlowCreateParams, ConversationFlowResponse, ModelChoice } from './types';

type FlowModel = ModelChoice['model'];
type StartSpeaker = ConversationFlowCreateParams['start_speaker'];

/** A flow offers the same text models as a Retell LLM (retell-sdk 5.66.1 `ModelChoice.model`, `LlmCreateParams.model`). */
const FLOW_MODEL_NAMES: Record<FlowModel, string> = LLM_MODEL_NAMES;
const FLOW_START_SPEAKER_NAMES: Record<StartSpeaker, string> = START_SPEAKER_NAMES;
export const FLOW_MODELS = keysOf(FLOW_MODEL_NAMES);
export const START_SPEAKERS = keysOf(FLOW_START_SPEAKER_NAMES);

export const modelField: INodeProperties = {
	displayName: 'Model',
	name: 'model',
	type: 'options',
	options: optionsFrom(FLOW_MODEL_NAMES),
	default: 'gpt-4.1',
	description: 'The text model the flow talks with; a node may choose another in its own "model_choice"',
};

export const startSpeakerField: INodeProperties = {
	displayName: 'Start Speaker',
	name: 'startSpeaker',
	type: 'options',
	options: optionsFrom(FLOW_START_SPEAKER_NAMES),
	default: 'agent',
	description: 'Who speaks first when the call or chat begins',
};

export const globalPromptField: INodeProperties = {
	displayName: 'Global Prompt',
	name: 'globalPrompt',
	type: 'string',
	typeOptions: { rows: 6 },
	default: '',
	placeholder: 'You are Ada, the friendly receptionist of …',
	description: 'Instructions every node follows, such as the persona and tone. May use {{dynamic_variables}}.',
};

export const startNodeIdField: INodeProperties = {
	displayName: 'Start Node ID',
	name: 'startNodeId',
	type: 'string',
	default: '',
	placeholder: 'start',
	description: 'The ID of the node the conversation begins in',
};

export const flowJsonField: INodeProperties = {
	displayName: 'Flow (JSON)',
	name: 'flowJson',
	type: 'json',
	default: '{}',
	description:
		'A whole flow as a JSON object: the file Retell\'s dashboard exports (for an exported agent, its "conversationFlow" is used) or the output of Conversation Flow → Get. Its ID, version and timestamp are left out.',
};

/** Tools of a flow or a component: what its function nodes call. */
export const toolsField: INodeProperties = {
	displayName: 'Tools (JSON)',
	name: 'tools',
	type: 'json',
	default: '[]',
	description:
		'The tools function nodes call, as a JSON array. Each has a tool_id the nodes refer to, a type, a name and, for a custom tool, the URL Retell calls, such as an n8n Retell Trigger URL.',
};

/** The optional settings of Create's "Additional Fields" and Update's "Update Fields". */
export const flowSettingFields: INodeProperties[] = [
	{
		// eslint-disable-next-line n8n-nodes-base/node-param-display-name-miscased -- "ms" is a unit, as in n8n's HTTP Request
		displayName: 'Begin After User Silence (ms)',
		name: 'beginAfterUserSilenceMs',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 2000,
		description: 'When the caller is to speak first: the agent begins anyway after this much silence. Without it, it waits.',
	},
	{
		displayName: 'Default Dynamic Variables (JSON)',
		name: 'defaultDynamicVariables',
		type: 'json',
		default: '{}',
		description:
			'Values for {{variables}} in the prompts and tools when a call does not provide them, as a JSON object of strings such as {"customer_name": "there"}',
	},
	{
		displayName: 'Knowledge Base Names or IDs',
		name: 'knowledgeBaseIds',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getKnowledgeBases' },
		default: [],
		description:
			'The knowledge bases the flow may look answers up in. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
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
		displayName: 'Tool Call Strict Mode',
		name: 'toolCallStrictMode',
		type: 'boolean',
		default: false,
		description: 'Whether tool calls must match the tools\' parameter schemas exactly (only some models support it)',
	},
	toolsField,
];

export function readFlowSettings(read: FieldReader): IDataObject {
	const variables = read.jsonObject('defaultDynamicVariables', 'Default Dynamic Variables (JSON)');
	// Tools and variables keep Retell's own nested shapes; Retell validates them.
	return omitBlank({
		begin_after_user_silence_ms: read.number('beginAfterUserSilenceMs', 'Begin After User Silence'),
		default_dynamic_variables: variables && Object.keys(variables).length > 0 ? variables : undefined,
		knowledge_base_ids: read.list('knowledgeBaseIds'),
		model_temperature: read.number('modelTemperature', 'Model Temperature'),
		tool_call_strict_mode: read.boolean('toolCallStrictMode', 'Tool Call Strict Mode'),
		tools: read.jsonObjects('tools', 'Tools (JSON)'),
	});
}

/** Model, Start Speaker, Global Prompt, Nodes and Start Node ID, as Update Fields holds them. */
export function readFlowBasics(node: INode, itemIndex: number, read: FieldReader): IDataObject {
	const model = read.option('model', FLOW_MODELS, 'Model');
	const nodes = readNodes(node, itemIndex, read.jsonObjects('nodes', 'Nodes (JSON)'), 'Nodes (JSON)');
	const startNodeId = read.string('startNodeId', 'Start Node ID')?.trim();
	assertStartNode(node, itemIndex, startNodeId, nodes, 'Start Node ID');
	return omitBlank({
		model_choice: model ? { type: 'cascading', model } : undefined,
		start_speaker: read.option('startSpeaker', START_SPEAKERS, 'Start Speaker'),
		global_prompt: read.string('globalPrompt', 'Global Prompt'),
		nodes,
		start_node_id: startNodeId,
	});
}

/** The fields of a flow's answer that Retell sets itself (ID, version, timestamp): they cannot be sent back. */
const SERVER_FIELDS: Record<Exclude<keyof ConversationFlowResponse, keyof ConversationFlowCreateParams>, true> = {
	conversation_flow_id: true,
	last_modification_timestamp: true,
	version: true,
};

/**
 * Flow (JSON): a flow object, or an agent exported from Retell's dashboard, which carries its flow as
 * `conversationFlow`; the fields Retell sets itself are dropped, and the nodes checked like Nodes (JSON).
 */
export function readFlowJson(node: INode, itemIndex: number, json: IDataObject | undefined): IDataObject {
	if (!json) return {};
	const exported = json.conversationFlow;
	const flow = isDataObject(exported) ? exported : json;
	const fields = Object.fromEntries(Object.entries(flow).filter(([key]) => !Object.hasOwn(SERVER_FIELDS, key)));
	if (fields.nodes === undefined) return fields;
	if (!Array.isArray(fields.nodes)) throw new NodeOperationError(node, 'Flow (JSON) nodes must be a JSON array', { itemIndex });
	const nodes = readNodes(node, itemIndex, fields.nodes, 'Flow (JSON) nodes');
	assertStartNode(node, itemIndex, fields.start_node_id, nodes, 'Flow (JSON) start_node_id');
	return { ...fields, nodes };
}

function isModelChoice(value: unknown): value is ModelChoice {
	return (
		isDataObject(value) &&
		value.type === 'cascading' &&
		typeof value.model === 'string' &&
		Object.hasOwn(FLOW_MODEL_NAMES, value.model)
	);
}

function isStartSpeaker(value: unknown): value is StartSpeaker {
	return typeof value === 'string' && Object.hasOwn(FLOW_START_SPEAKER_NAMES, value);
}

/** Where a new flow's fields came from, for the errors: Flow (JSON), or the fields of the panel. */
export interface FlowSource {
	/** What lacks a required field, e.g. "Flow (JSON)". */
	name: string;
	nodes: string;
	startNodeId: string;
}

/**
 * A new flow's body, checked for the three fields Retell requires (retell-sdk 5.66.1 `ConversationFlowCreateParams`:
 * `model_choice`, `nodes`, `start_speaker`) and its nodes and start node, whichever input set them last.
 */
export function asNewFlow(node: INode, itemIndex: number, body: IDataObject, source: FlowSource): ConversationFlowCreateParams {
	const { model_choice: modelChoice, nodes: nodeList, start_speaker: startSpeaker, ...rest } = body;
	const missing = (field: string, example: string) =>
		new NodeOperationError(node, `${source.name} needs "${field}"`, { itemIndex, description: `Add it, for example "${field}": ${example}.` });
	if (!isModelChoice(modelChoice)) {
		if (!isDataObject(modelChoice)) throw missing('model_choice', '{"type": "cascading", "model": "gpt-4.1"}');
		throw new NodeOperationError(node, `${source.name}: "model_choice" is not a model Retell offers flows`, {
			itemIndex,
			description: `Got ${JSON.stringify(modelChoice)}. Use "type": "cascading" and a "model" of ${FLOW_MODELS.join(', ')}.`,
		});
	}
	if (!isStartSpeaker(startSpeaker)) throw missing('start_speaker', '"agent" or "user"');
	const nodes = readNodes(node, itemIndex, Array.isArray(nodeList) ? nodeList : undefined, source.nodes);
	if (!nodes) throw missing('nodes', '[{"id": "start", "type": "conversation", "instruction": {"type": "prompt", "text": "Greet the caller."}}]');
	assertStartNode(node, itemIndex, rest.start_node_id, nodes, source.startNodeId);
	return { ...rest, model_choice: modelChoice, nodes, start_speaker: startSpeaker };
}
