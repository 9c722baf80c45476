import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { fieldReader, getCollection, getOption, getString } from '../../../shared/parameters';
import { apiReference } from '../../../shared/retell/docs';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { omitBlank, parseJsonArray, parseJsonObject } from '../../../shared/validation';
import { readAdditionalJson, withJsonOption } from '../common.descriptions';
import { retellOperation } from '../node.type';
import { nodesField } from './nodes';
import {
	asNewFlow,
	flowJsonField,
	flowSettingFields,
	FLOW_MODELS,
	globalPromptField,
	modelField,
	readFlowJson,
	readFlowSettings,
	START_SPEAKERS,
	startNodeIdField,
	startSpeakerField,
} from './settings';

const DOCS_URL = apiReference('create-conversation-flow');

const DEFINE = ['fields', 'json'] as const;
const fromFields = { show: { defineFlow: ['fields'] } };
const fromJson = { show: { defineFlow: ['json'] } };

const properties: INodeProperties[] = [
	{
		displayName: 'Define Flow',
		name: 'defineFlow',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Using Fields Below', value: 'fields', description: 'Model, prompt and nodes, one field each' },
			{
				name: 'Using Flow (JSON)',
				value: 'json',
				description: 'A whole flow, such as one exported from Retell\'s dashboard',
			},
		],
		default: 'fields',
	},
	{ ...modelField, displayOptions: fromFields },
	{ ...startSpeakerField, displayOptions: fromFields },
	{ ...globalPromptField, displayOptions: fromFields },
	{ ...nodesField('flow'), required: true, displayOptions: fromFields },
	{ ...startNodeIdField, displayOptions: fromFields },
	{ ...flowJsonField, required: true, displayOptions: fromJson },
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Set over the flow defined above',
		options: withJsonOption(flowSettingFields, DOCS_URL),
	},
];

function readFieldsBelow(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const node = context.getNode();
	const nodes = parseJsonArray(node, context.getNodeParameter('nodes', itemIndex, ''), 'Nodes (JSON)', itemIndex);
	if (!nodes?.length) {
		throw new NodeOperationError(node, 'Nodes (JSON) is required', {
			itemIndex,
			description: 'A flow needs at least one node, such as [{"id": "start", "type": "conversation", "instruction": {"type": "prompt", "text": "Greet the caller."}}].',
		});
	}
	// Each node is checked with the flow as a whole, in asNewFlow.
	return omitBlank({
		model_choice: { type: 'cascading', model: getOption(context, 'model', FLOW_MODELS, itemIndex) },
		start_speaker: getOption(context, 'startSpeaker', START_SPEAKERS, itemIndex),
		global_prompt: getString(context, 'globalPrompt', itemIndex),
		nodes,
		start_node_id: getString(context, 'startNodeId', itemIndex).trim(),
	});
}

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const node = this.getNode();
	const fromFlowJson = getOption(this, 'defineFlow', DEFINE, itemIndex) === 'json';
	const flow = fromFlowJson
		? readFlowJson(node, itemIndex, parseJsonObject(node, this.getNodeParameter('flowJson', itemIndex, ''), 'Flow (JSON)', itemIndex))
		: readFieldsBelow(this, itemIndex);
	const additional = fieldReader(node, itemIndex, getCollection(this, 'additionalFields', itemIndex));
	const body = asNewFlow(
		node,
		itemIndex,
		{ ...flow, ...readFlowSettings(additional), ...readAdditionalJson(additional) },
		fromFlowJson
			? { name: 'Flow (JSON)', nodes: 'Flow (JSON) nodes', startNodeId: 'Flow (JSON) start_node_id' }
			: { name: 'The flow', nodes: 'Nodes (JSON)', startNodeId: 'Start Node ID' },
	);
	const created = await retellRequest(this, client, async (retell) => await retell.conversationFlow.create(body), {
		kind: 'create',
		itemIndex,
	});
	return toDataObject(created);
}

export const operation = retellOperation({
	resource: 'conversationFlow',
	operation: 'create',
	option: {
		name: 'Create',
		description: 'Create a conversation flow (nodes, model and prompt) that voice and chat agents can run on',
		action: 'Create a conversation flow',
	},
	docsUrl: DOCS_URL,
	properties,
	execute,
});
