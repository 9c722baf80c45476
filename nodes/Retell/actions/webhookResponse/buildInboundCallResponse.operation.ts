import type { IDataObject, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isDataObject } from '../../../shared/dataObject';
import { type FieldReader, fieldReader, getCollection, getOptionalResourceId } from '../../../shared/parameters';
import { buildInboundCallResponse, toAgentVersionReference } from '../../../shared/retell/responses';
import { dynamicVariablesProperties, metadataOptions, readDynamicVariables, readMetadata } from '../call/callFields';
import { agentLocator, optionalLocator } from '../../../shared/retell/fields';
import { retellOperation } from '../node.type';
import { answeringRetell } from './answerRetell';

const AGENT_OVERRIDE_PARTS = ['agent', 'retell_llm', 'conversation_flow'];

const properties: INodeProperties[] = [
	{
		displayName:
			'Answers a Retell Trigger in Inbound Call mode with this node\'s first item while the call rings: put it last (Respond: When Last Node Finishes), or anywhere with Respond: Using Webhook Response Node, which answers the moment it runs. Empty fields keep the number\'s inbound agent as configured.',
		name: 'inboundCallResponseNotice',
		type: 'notice',
		default: '',
	},
	{
		...optionalLocator(agentLocator),
		displayName: 'Override Agent',
		name: 'overrideAgentId',
		default: { mode: 'id', value: '' },
		description:
			'Agent that answers this call instead of the number\'s inbound agent, e.g. mapped from a CRM lookup. Leave empty to keep the inbound agent.',
		// By ID only: this operation runs without a Retell credential, so there is no agent list to search.
		modes: optionalLocator(agentLocator).modes?.filter((mode) => mode.name === 'id'),
	},
	...dynamicVariablesProperties,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Agent Override (JSON)',
				name: 'agentOverride',
				type: 'json',
				default: '{}',
				description:
					'Settings that change for this call only, under "agent", "retell_llm" or "conversation_flow", e.g. {"retell_llm": {"begin_message": "Hi Ada!"}}',
			},
			...metadataOptions,
			{
				displayName: 'Override Agent Version',
				name: 'overrideAgentVersion',
				type: 'string',
				default: '',
				placeholder: '3 or latest_published',
				description: 'Version of the agent that answers the call: a version number or a version tag such as latest_published',
			},
		],
	},
];

/** Nobody sees how Retell takes this answer (the phone just rings), so a misspelled part is refused here. */
function readAgentOverride(node: INode, options: FieldReader, itemIndex: number): IDataObject | undefined {
	const label = 'Agent Override (JSON)';
	const override = options.jsonObject('agentOverride', label);
	if (!override || Object.keys(override).length === 0) return undefined;
	for (const [part, value] of Object.entries(override)) {
		if (!AGENT_OVERRIDE_PARTS.includes(part)) {
			throw new NodeOperationError(node, `${label} has an unknown part "${part}"`, {
				itemIndex,
				description: `Use ${AGENT_OVERRIDE_PARTS.map((name) => `"${name}"`).join(', ')}, each a JSON object.`,
			});
		}
		if (!isDataObject(value)) {
			throw new NodeOperationError(node, `${label}: "${part}" must be a JSON object`, { itemIndex });
		}
	}
	return override;
}

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const node = this.getNode();
	const options = fieldReader(node, itemIndex, getCollection(this, 'options', itemIndex));
	// Nodes saved before tags were accepted hold a number; string() reads both.
	const version = toAgentVersionReference(options.string('overrideAgentVersion', 'Override Agent Version'));
	if (!version.ok) {
		throw new NodeOperationError(node, 'Override Agent Version must be a whole number or a version tag such as latest_published', { itemIndex });
	}
	const response = buildInboundCallResponse({
		override_agent_id: getOptionalResourceId(this, 'overrideAgentId', itemIndex),
		override_agent_version: version.value,
		dynamic_variables: readDynamicVariables(this, itemIndex),
		metadata: readMetadata(this, 'options', itemIndex),
		agent_override: readAgentOverride(node, options, itemIndex),
	});
	if (!response.ok) throw new NodeOperationError(node, response.message, { itemIndex });
	return response.value;
}

export const operation = retellOperation({
	resource: 'webhookResponse',
	operation: 'buildInboundCallResponse',
	option: {
		name: 'Build Inbound Call Response',
		description:
			'Answer an inbound call from Retell Trigger: the agent, its dynamic variables and the call\'s metadata',
		action: 'Build an inbound call response',
	},
	docsUrl: 'https://docs.retellai.com/features/inbound-call-webhook',
	needsClient: false,
	properties,
	execute: answeringRetell(execute),
});
