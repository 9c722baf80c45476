import type { INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isDataObject } from '../../../shared/dataObject';
import { apiReference, docsLink } from '../../../shared/retell/docs';
import type { FlowNode } from './types';

/** Every node type of retell-sdk 5.66.1 (`ConversationFlowCreateParams['nodes']`): a type the SDK adds fails to compile here. */
const NODE_TYPES: Record<FlowNode['type'], true> = {
	agent_swap: true,
	branch: true,
	bridge_transfer: true,
	cancel_transfer: true,
	code: true,
	component: true,
	conversation: true,
	end: true,
	extract_dynamic_variables: true,
	function: true,
	mcp: true,
	press_digit: true,
	sms: true,
	subagent: true,
	transfer_call: true,
};

const NODES_DOCS = apiReference('create-conversation-flow');

const EXAMPLE_NODES = [
	{
		id: 'start',
		type: 'conversation',
		instruction: { type: 'prompt', text: 'Greet the caller and ask how you can help.' },
	},
];

/** Nodes (JSON) of a flow or a component: the graph itself, as Retell's dashboard shows it under "Export". */
export function nodesField(of: 'flow' | 'component'): INodeProperties {
	return {
		displayName: 'Nodes (JSON)',
		name: 'nodes',
		type: 'json',
		default: JSON.stringify(EXAMPLE_NODES, null, 2),
		description: `The ${of}'s nodes as a JSON array. Each has an ID, a type (conversation, function, transfer_call, end, …) and its edges to the next nodes. Every node type's fields are in ${docsLink(NODES_DOCS, "Retell's API reference")}.`,
	};
}

/**
 * Whether a JSON value can be sent as a node: an object with an id and one of the node types. The fields of each
 * node type (instructions, edges, tools) are Retell's to validate: it answers with the field at fault.
 */
function isFlowNode(value: unknown): value is FlowNode {
	return (
		isDataObject(value) &&
		typeof value.id === 'string' &&
		value.id.trim() !== '' &&
		typeof value.type === 'string' &&
		Object.hasOwn(NODE_TYPES, value.type)
	);
}

/** A parsed JSON array as nodes; undefined when empty. A node without an id or with an unknown type is refused. */
export function readNodes(node: INode, itemIndex: number, list: unknown[] | undefined, label: string): FlowNode[] | undefined {
	if (list === undefined || list.length === 0) return undefined;
	return list.map((entry, index) => {
		if (isFlowNode(entry)) return entry;
		throw new NodeOperationError(node, `${label}: node ${index + 1} needs an "id" and a known "type"`, {
			itemIndex,
			description: `Got ${JSON.stringify(entry).slice(0, 200)}. The types are ${Object.keys(NODE_TYPES).join(', ')}.`,
		});
	});
}

/** A Start Node ID must name one of the nodes sent with it; the error lists the IDs there are. */
export function assertStartNode(
	node: INode,
	itemIndex: number,
	startNodeId: unknown,
	nodes: FlowNode[] | undefined,
	label: string,
): void {
	if (typeof startNodeId !== 'string' || !nodes || nodes.some((entry) => entry.id === startNodeId)) return;
	throw new NodeOperationError(node, `${label} "${startNodeId}" is not the ID of any node`, {
		itemIndex,
		description: `Use the "id" of one of the nodes: ${nodes.map((entry) => entry.id).join(', ')}.`,
	});
}
