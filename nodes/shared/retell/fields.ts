import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getString } from '../parameters';
import { assertPresent } from '../validation';

/**
 * One resource locator per Retell object kind: pick from a searchable list or paste an ID. The ID
 * pattern only refuses what cannot be an ID (spaces, slashes of a pasted URL): Retell's API reference
 * shows IDs both with and without prefixes like `agent_`, so a stricter check would block real IDs.
 */
const ID_PATTERN = '^[A-Za-z0-9_-]+$';

function idValidation(kind: string, regex: string) {
	return [{ type: 'regex' as const, properties: { regex, errorMessage: `Not a valid ${kind} ID` } }];
}

function locator(
	kind: string,
	name: string,
	searchListMethod: string,
	idPattern: string,
	placeholder: string,
): INodeProperties {
	return {
		displayName: kind,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod, searchable: true },
			},
			{
				displayName: 'ID',
				name: 'id',
				type: 'string',
				placeholder,
				validation: idValidation(kind, idPattern),
			},
		],
	};
}

/**
 * The same locator for a field that may stay empty. n8n checks the ID pattern against an empty value
 * too, so the pattern has to accept "".
 */
export function optionalLocator(property: INodeProperties): INodeProperties {
	return {
		...property,
		required: false,
		modes: property.modes?.map((mode) => {
			const rule = mode.validation?.find((validation) => typeof validation === 'object' && validation.type === 'regex');
			const properties = typeof rule === 'object' && 'properties' in rule ? rule.properties : {};
			const pattern = 'regex' in properties ? String(properties.regex) : '';
			if (mode.name !== 'id' || !pattern) return mode;
			return { ...mode, validation: idValidation(property.displayName, `^(?:${pattern.replace(/^\^|\$$/g, '')})?$`) };
		}),
	};
}

export const agentLocator = locator('Agent', 'agentId', 'searchAgents', ID_PATTERN, 'agent_a1b2c3…');
export const chatAgentLocator = locator('Chat Agent', 'chatAgentId', 'searchChatAgents', ID_PATTERN, 'agent_a1b2c3…');
export const conversationFlowLocator = locator(
	'Conversation Flow',
	'conversationFlowId',
	'searchConversationFlows',
	ID_PATTERN,
	'conversation_flow_a1b2c3…',
);
export const conversationFlowComponentLocator = locator(
	'Component',
	'componentId',
	'searchConversationFlowComponents',
	ID_PATTERN,
	'conversation_flow_component_a1b2c3…',
);
export const contactLocator = locator('Contact', 'contactId', 'searchContacts', ID_PATTERN, 'contact_a1b2c3…');
export const appLocator = locator('App', 'appId', 'searchApps', ID_PATTERN, 'app_a1b2c3…');
export const llmLocator = locator('LLM', 'llmId', 'searchLlms', ID_PATTERN, 'llm_a1b2c3…');
export const voiceLocator = locator('Voice', 'voiceId', 'searchVoices', '^\\S+$', '11labs-Jenny');
export const knowledgeBaseLocator = locator(
	'Knowledge Base',
	'knowledgeBaseId',
	'searchKnowledgeBases',
	ID_PATTERN,
	'knowledge_base_a1b2c3…',
);
/** E.164 for numbers bought from Retell; imported SIP numbers may be pseudo numbers (Import skips E.164 by default). */
export const phoneNumberLocator = locator('Phone Number', 'phoneNumber', 'searchPhoneNumbers', '^[^\\s/]+$', '+14155550100');


/** A call's ID, typed or mapped from a trigger item: calls have no list worth picking from. */
export const callIdProperty: INodeProperties = {
	displayName: 'Call ID',
	name: 'callId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'call_a4441234567890777c4a4a123e6',
	description: 'The call_id Retell returned when the call was created, or from a webhook or Get Many',
};

export function readCallId(context: IExecuteFunctions, itemIndex: number): string {
	return assertPresent(context.getNode(), getString(context, 'callId', itemIndex), 'Call ID', itemIndex);
}

/** A chat's ID, typed or mapped from Create Chat, Create SMS Chat or a chat event of Retell Trigger. */
export const chatIdProperty: INodeProperties = {
	displayName: 'Chat ID',
	name: 'chatId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'chat_98c1a2b3c4d5e6f7a8b9c0d1e2f',
	description: 'The chat_id Retell returned when the chat was created, or from a chat event or Get Many',
};

export function readChatId(context: IExecuteFunctions, itemIndex: number): string {
	return assertPresent(context.getNode(), getString(context, 'chatId', itemIndex), 'Chat ID', itemIndex);
}

/** Get Many's filter on call direction, for calls at Retell and for logged sessions alike. */
export const directionFilter: INodeProperties = {
	displayName: 'Direction',
	name: 'direction',
	type: 'multiOptions',
	options: [
		{ name: 'Inbound', value: 'inbound' },
		{ name: 'Outbound', value: 'outbound' },
	],
	default: [],
};
