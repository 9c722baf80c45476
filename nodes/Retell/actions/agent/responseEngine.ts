import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { type FieldReader, getResourceId, getString } from '../../../shared/parameters';
import { assertPresent } from '../../../shared/validation';
import type { AgentCreateParams } from '../../../shared/retell/transport/types';
import { conversationFlowLocator, llmLocator, optionalLocator } from '../../../shared/retell/fields';

type ResponseEngine = AgentCreateParams['response_engine'];

/** Create: what generates the agent's replies, one of Retell's three response engines. */
export const responseEngineProperties: INodeProperties[] = [
	{
		displayName: 'Response Engine',
		name: 'responseEngine',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Conversation Flow',
				value: 'conversationFlow',
				description: 'A conversation flow built in the Retell dashboard',
			},
			{
				name: 'Custom LLM',
				value: 'customLlm',
				description: 'Your own LLM server, reached over a WebSocket',
			},
			{
				name: 'Retell LLM',
				value: 'retellLlm',
				description: 'A Retell LLM: a prompt, a model and tools (see the LLM resource)',
			},
		],
		default: 'retellLlm',
		description: 'What generates the agent\'s replies',
	},
	{
		...llmLocator,
		description: 'The Retell LLM the agent talks with',
		displayOptions: { show: { responseEngine: ['retellLlm'] } },
	},
	{
		...conversationFlowLocator,
		description: 'The conversation flow the agent runs on',
		displayOptions: { show: { responseEngine: ['conversationFlow'] } },
	},
	{
		displayName: 'LLM WebSocket URL',
		name: 'llmWebsocketUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'wss://llm.example.com/llm-websocket',
		displayOptions: { show: { responseEngine: ['customLlm'] } },
	},
];

export function readResponseEngine(context: IExecuteFunctions, itemIndex: number): ResponseEngine {
	const node = context.getNode();
	const engine = context.getNodeParameter('responseEngine', itemIndex, 'retellLlm');
	if (engine === 'conversationFlow') {
		return { type: 'conversation-flow', conversation_flow_id: getResourceId(context, 'conversationFlowId', itemIndex, 'Conversation Flow ID') };
	}
	if (engine === 'customLlm') {
		const url = getString(context, 'llmWebsocketUrl', itemIndex);
		return { type: 'custom-llm', llm_websocket_url: assertPresent(node, url, 'LLM WebSocket URL', itemIndex) };
	}
	return { type: 'retell-llm', llm_id: getResourceId(context, 'llmId', itemIndex, 'LLM ID') };
}

/** Update: the same engines as optional "Update Fields"; at most one may be set. */
export const responseEngineUpdateFields: INodeProperties[] = [
	{ ...optionalLocator(conversationFlowLocator), description: 'Switch the agent to this conversation flow' },
	{
		displayName: 'LLM WebSocket URL',
		name: 'llmWebsocketUrl',
		type: 'string',
		default: '',
		placeholder: 'wss://llm.example.com/llm-websocket',
		description: 'Switch the agent to your own LLM server at this WebSocket URL',
	},
	{ ...optionalLocator(llmLocator), displayName: 'Retell LLM', description: 'Switch the agent to this Retell LLM' },
];

export function readResponseEngineUpdate(
	context: IExecuteFunctions,
	itemIndex: number,
	read: FieldReader,
): ResponseEngine | undefined {
	const engines: ResponseEngine[] = [];
	const llmId = read.resourceId('llmId');
	const conversationFlowId = read.resourceId('conversationFlowId');
	const llmWebsocketUrl = read.string('llmWebsocketUrl', 'LLM WebSocket URL')?.trim();
	if (llmId) engines.push({ type: 'retell-llm', llm_id: llmId });
	if (conversationFlowId) engines.push({ type: 'conversation-flow', conversation_flow_id: conversationFlowId });
	if (llmWebsocketUrl) engines.push({ type: 'custom-llm', llm_websocket_url: llmWebsocketUrl });
	if (engines.length > 1) {
		throw new NodeOperationError(context.getNode(), 'Set only one response engine', {
			itemIndex,
			description: 'Retell LLM, Conversation Flow and LLM WebSocket URL each replace the agent\'s response engine.',
		});
	}
	return engines[0];
}
