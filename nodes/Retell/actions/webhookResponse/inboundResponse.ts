import type { IDataObject, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isDataObject } from '../../../shared/dataObject';
import { type FieldReader, fieldReader, getCollection, getOptionalResourceId } from '../../../shared/parameters';
import { buildInboundResponse, toAgentVersionReference } from '../../../shared/retell/responses';
import { dynamicVariablesProperties, metadataOptions, readDynamicVariables, readMetadata } from '../call/callFields';
import { agentLocator, optionalLocator } from '../../../shared/retell/fields';

const AGENT_OVERRIDE_PARTS = ['agent', 'retell_llm', 'conversation_flow'];

/** What differs between answering a ringing call and an SMS that starts a chat. */
export interface InboundChannel {
	key: 'call_inbound' | 'chat_inbound';
	/** "call" or "SMS conversation", for the texts. */
	subject: string;
	/** The trigger mode it answers, as the panel names it. */
	mode: string;
	/** Who answers when the response names no agent. */
	configuredAgent: string;
}

export const CALL_CHANNEL: InboundChannel = {
	key: 'call_inbound',
	subject: 'call',
	mode: 'Inbound Call',
	configuredAgent: "the number's inbound agent",
};

export const SMS_CHANNEL: InboundChannel = {
	key: 'chat_inbound',
	subject: 'SMS conversation',
	mode: 'Inbound SMS',
	configuredAgent: "the number's inbound SMS agent",
};

export function inboundResponseProperties(channel: InboundChannel): INodeProperties[] {
	const waiting = channel.key === 'call_inbound' ? 'while the call rings' : 'before the agent replies to the SMS';
	return [
		{
			displayName: `Answers a Retell Trigger in ${channel.mode} mode with this node's first item ${waiting}: put it last (Respond: When Last Node Finishes), or anywhere with Respond: Using Webhook Response Node, which answers the moment it runs. Empty fields keep ${channel.configuredAgent} as configured.`,
			name: channel.key === 'call_inbound' ? 'inboundCallResponseNotice' : 'inboundSmsResponseNotice',
			type: 'notice',
			default: '',
		},
		{
			...optionalLocator(agentLocator),
			displayName: 'Override Agent',
			name: 'overrideAgentId',
			default: { mode: 'id', value: '' },
			description: `Agent that answers this ${channel.subject} instead of ${channel.configuredAgent}, e.g. mapped from a CRM lookup. Leave empty to keep it.`,
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
					description: `Settings that change for this ${channel.subject} only, under "agent", "retell_llm" or "conversation_flow", e.g. {"retell_llm": {"begin_message": "Hi Ada!"}}`,
				},
				...metadataOptions,
				{
					displayName: 'Override Agent Version',
					name: 'overrideAgentVersion',
					type: 'string',
					default: '',
					placeholder: '3 or latest_published',
					description: `Version of the agent that answers the ${channel.subject}: a version number or a version tag such as latest_published`,
				},
			],
		},
	];
}

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

/** The answer, read from the panel of either operation. */
export function readInboundResponse(context: IExecuteFunctions, itemIndex: number, channel: InboundChannel): IDataObject {
	const node = context.getNode();
	const options = fieldReader(node, itemIndex, getCollection(context, 'options', itemIndex));
	// Nodes saved before tags were accepted hold a number; string() reads both.
	const version = toAgentVersionReference(options.string('overrideAgentVersion', 'Override Agent Version'));
	if (!version.ok) {
		throw new NodeOperationError(node, 'Override Agent Version must be a whole number or a version tag such as latest_published', { itemIndex });
	}
	const fields = {
		override_agent_id: getOptionalResourceId(context, 'overrideAgentId', itemIndex),
		override_agent_version: version.value,
		dynamic_variables: readDynamicVariables(context, itemIndex),
		metadata: readMetadata(context, 'options', itemIndex),
		agent_override: readAgentOverride(node, options, itemIndex),
	};
	const response = buildInboundResponse(fields, channel.key);
	if (!response.ok) throw new NodeOperationError(node, response.message, { itemIndex });
	return response.value;
}
