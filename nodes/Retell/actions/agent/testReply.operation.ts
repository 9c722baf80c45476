import type { IDataObject, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isDataObject, toDataObject } from '../../../shared/dataObject';
import { fieldReader, getCollection, getResourceId, getString } from '../../../shared/parameters';
import { assertPresent, omitBlank, parseJsonArray } from '../../../shared/validation';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { agentLocator, conversationFlowComponentLocator, optionalLocator } from '../../../shared/retell/fields';
import { dynamicVariablesProperties, readDynamicVariables } from '../call/callFields';
import { versionOption } from '../common.descriptions';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';
import { readToolMocks, toolMocksProperty } from '../toolMocks';
import type { PlaygroundCompletionParams } from '../../../shared/retell/transport/types';

type Message = PlaygroundCompletionParams['messages'][number];

/** The text fields each message role requires (retell-sdk 5.66.1 `PlaygroundCompletionParams.messages`). */
const MESSAGE_FIELDS: Record<Message['role'], string[]> = {
	agent: ['content'],
	user: ['content'],
	tool_call_invocation: ['tool_call_id', 'name', 'arguments'],
	tool_call_result: ['tool_call_id', 'content'],
	node_transition: [],
	state_transition: [],
	injected: ['content'],
	sms: ['content'],
};

const properties: INodeProperties[] = [
	{ ...agentLocator, description: 'The agent to test' },
	{
		displayName: 'Conversation',
		name: 'conversationInput',
		type: 'options',
		options: [
			{ name: 'One User Message', value: 'message', description: 'The agent answers a single message from the user' },
			{
				name: 'Messages (JSON)',
				value: 'json',
				description: 'The whole conversation so far, e.g. to test a later turn or to continue from an earlier output',
			},
		],
		default: 'message',
	},
	{
		displayName: 'User Message',
		name: 'userMessage',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		placeholder: "Hi, I'd like to check my appointment.",
		description: 'What the user says to the agent',
		displayOptions: { show: { conversationInput: ['message'] } },
	},
	{
		displayName: 'Messages (JSON)',
		name: 'messages',
		type: 'json',
		required: true,
		default: '[\n  {"role": "agent", "content": "Hello, how can I help?"},\n  {"role": "user", "content": "I\'d like to book an appointment."}\n]',
		description: `The conversation so far, oldest first, as a JSON array. Each message has a role (${Object.keys(MESSAGE_FIELDS).join(', ')}) and, for user and agent, a content text. Append the messages of a previous output to continue the conversation.`,
		displayOptions: { show: { conversationInput: ['json'] } },
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
				...optionalLocator(conversationFlowComponentLocator),
				description: 'The shared component Current Node ID belongs to, to test a component of a conversation flow agent',
			},
			{
				displayName: 'Current Node ID',
				name: 'currentNodeId',
				type: 'string',
				default: '',
				description: 'For a conversation flow agent: the node to continue from, instead of the start node',
			},
			{
				displayName: 'Current State',
				name: 'currentState',
				type: 'string',
				default: '',
				description: "For a Retell LLM agent with states: the state to continue from, instead of the LLM's starting state",
			},
			toolMocksProperty('so the test calls no live integration (a tool call no mock matches runs the real tool)'),
			{ ...versionOption, description: 'Test this version of the agent instead of the latest one' },
		],
	},
];

function invalidMessage(node: INode, itemIndex: number, message: string): NodeOperationError {
	return new NodeOperationError(node, message, {
		itemIndex,
		description: 'For example [{"role": "user", "content": "Hi"}, {"role": "agent", "content": "Hello!"}].',
	});
}

function readMessages(context: IExecuteFunctions, itemIndex: number): Message[] {
	const node = context.getNode();
	if (getString(context, 'conversationInput', itemIndex) !== 'json') {
		return [{ role: 'user', content: assertPresent(node, getString(context, 'userMessage', itemIndex), 'User Message', itemIndex) }];
	}
	const messages = parseJsonArray(node, context.getNodeParameter('messages', itemIndex, ''), 'Messages (JSON)', itemIndex);
	if (!messages) throw invalidMessage(node, itemIndex, 'Messages (JSON) is required');
	return messages.map((message, index) => {
		const role = isDataObject(message) ? message.role : undefined;
		if (!isDataObject(message) || typeof role !== 'string' || !Object.hasOwn(MESSAGE_FIELDS, role)) {
			throw invalidMessage(node, itemIndex, `Messages (JSON): message ${index + 1} needs a role, one of ${Object.keys(MESSAGE_FIELDS).join(', ')}`);
		}
		const missing = MESSAGE_FIELDS[role as Message['role']].filter((field) => typeof message[field] !== 'string');
		if (missing.length > 0) {
			throw invalidMessage(node, itemIndex, `Messages (JSON): message ${index + 1} (${role}) needs ${missing.join(' and ')} as text`);
		}
		return message as unknown as Message;
	});
}

/** Each mock needs a tool name, a match rule and an output, which Retell feeds the LLM as text. */
async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const node = this.getNode();
	const agentId = getResourceId(this, 'agentId', itemIndex, 'Agent ID');
	const messages = readMessages(this, itemIndex);
	const options = fieldReader(node, itemIndex, getCollection(this, 'options', itemIndex));
	const componentId = options.resourceId('componentId');
	const currentNodeId = options.string('currentNodeId', 'Current Node ID');
	// "Must be provided together with component_id when testing components" (retell-sdk 5.66.1 `current_node_id`).
	if (componentId && !currentNodeId) {
		throw new NodeOperationError(node, 'Current Node ID is required with Component', {
			itemIndex,
			description: 'Retell starts a component test at the node you name: add Current Node ID, the ID of a node of that component.',
		});
	}
	const params: PlaygroundCompletionParams = {
		messages,
		...omitBlank({
			version: options.number('version', 'Version'),
			dynamic_variables: readDynamicVariables(this, itemIndex),
			tool_mocks: readToolMocks(node, options, itemIndex),
			current_state: options.string('currentState', 'Current State'),
			current_node_id: currentNodeId,
			component_id: componentId,
		}),
	};
	// Each request runs the agent's LLM, which Retell bills: an `action`, never sent twice after a lost answer.
	const reply = await retellRequest(this, client, async (retell) => await retell.playground.completion(agentId, params), {
		kind: 'action',
		itemIndex,
		resourceLabel: 'Agent',
	});
	return toDataObject(reply);
}

export const operation = retellOperation({
	resource: 'agent',
	operation: 'testReply',
	option: {
		name: 'Test Reply',
		description:
			"Get the agent's next messages for a conversation you send, without a call or chat (Retell's playground), e.g. to check its answers before publishing. Nothing is stored; the agent's LLM runs and is billed as usual.",
		action: "Test an agent's reply",
	},
	docsUrl: apiReference('agent-playground-completion'),
	properties,
	execute,
});
