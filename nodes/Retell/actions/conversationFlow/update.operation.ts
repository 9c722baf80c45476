import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { getResourceId } from '../../../shared/parameters';
import { apiReference } from '../../../shared/retell/docs';
import { conversationFlowLocator } from '../../../shared/retell/fields';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { readAdditionalJson, withJsonOption } from '../common.descriptions';
import { retellOperation } from '../node.type';
import { type ClearableField, clearFieldsOption, readUpdate, readVersion, versionUpdateOptions } from '../updateFields';
import { nodesField } from './nodes';
import {
	flowJsonField,
	flowSettingFields,
	globalPromptField,
	modelField,
	readFlowBasics,
	readFlowJson,
	readFlowSettings,
	startNodeIdField,
	startSpeakerField,
} from './settings';
import type { ConversationFlowUpdateParams, NullableKeys } from './types';

const DOCS_URL = apiReference('update-conversation-flow');

/** Nullable in retell-sdk 5.66.1 `ConversationFlowUpdateParams` (the type checks each value). */
const CLEARABLE: Array<ClearableField & { value: NullableKeys<ConversationFlowUpdateParams> }> = [
	{ name: 'Begin After User Silence', value: 'begin_after_user_silence_ms' },
	{ name: 'Default Dynamic Variables (JSON)', value: 'default_dynamic_variables' },
	{ name: 'Global Prompt', value: 'global_prompt' },
	{ name: 'Knowledge Bases', value: 'knowledge_base_ids' },
	{ name: 'Model Temperature', value: 'model_temperature' },
	{ name: 'Start Node ID', value: 'start_node_id' },
	{ name: 'Tool Call Strict Mode', value: 'tool_call_strict_mode' },
	{ name: 'Tools (JSON)', value: 'tools' },
];

const updateFields: INodeProperties[] = [
	{
		...flowJsonField,
		description: `${flowJsonField.description} Applied first; the fields below change it further.`,
	},
	globalPromptField,
	modelField,
	// Without an example: an added Nodes (JSON) replaces every node of the flow.
	{ ...nodesField('flow'), default: '[]' },
	startNodeIdField,
	startSpeakerField,
	...flowSettingFields,
	clearFieldsOption(CLEARABLE, 'conversation flow'),
];

const properties: INodeProperties[] = [
	{ ...conversationFlowLocator, description: 'The conversation flow to update' },
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Only the fields added here are changed; every other setting of the flow stays as it is',
		options: withJsonOption(updateFields, DOCS_URL),
	},
	versionUpdateOptions,
];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const node = this.getNode();
	const flowId = getResourceId(this, 'conversationFlowId', itemIndex, 'Conversation Flow ID');
	const changes: ConversationFlowUpdateParams = readUpdate(this, itemIndex, {
		read: (fields) => ({
			...readFlowJson(node, itemIndex, fields.jsonObject('flowJson', 'Flow (JSON)')),
			...readFlowBasics(node, itemIndex, fields),
			...readFlowSettings(fields),
			...readAdditionalJson(fields),
		}),
		clearable: CLEARABLE,
	});
	const params: ConversationFlowUpdateParams = { ...changes, ...readVersion(this, itemIndex) };
	const flow = await retellRequest(this, client, async (retell) => await retell.conversationFlow.update(flowId, params), {
		kind: 'write',
		itemIndex,
		resourceLabel: 'Conversation flow',
	});
	return toDataObject(flow);
}

export const operation = retellOperation({
	resource: 'conversationFlow',
	operation: 'update',
	option: {
		name: 'Update',
		description: 'Change some settings or nodes of a conversation flow; the others stay as they are',
		action: 'Update a conversation flow',
	},
	docsUrl: DOCS_URL,
	properties,
	execute,
});
