import type { IDataObject, INode, INodeProperties } from 'n8n-workflow';

import { type FieldReader } from '../../../shared/parameters';
import { omitBlank } from '../../../shared/validation';
import { assertStartNode, readNodes } from '../conversationFlow/nodes';
import { startNodeIdField } from '../conversationFlow/settings';
import type { ComponentCreateParams } from './types';

export const nameField: INodeProperties = {
	displayName: 'Name',
	name: 'name',
	type: 'string',
	default: '',
	placeholder: 'Collect contact details',
	description: 'The component\'s name, shown in the dashboard and in the flows that use it',
};

export const componentStartNodeIdField: INodeProperties = {
	...startNodeIdField,
	description: 'The ID of the node the component begins in',
};

/** A component's nodes: the same node types as a flow's (retell-sdk 5.66.1 `ConversationFlowComponentCreateParams.nodes`). */
export function readComponentNodes(node: INode, itemIndex: number, list: unknown[] | undefined): ComponentCreateParams['nodes'] | undefined {
	return readNodes(node, itemIndex, list, 'Nodes (JSON)');
}

/** Start Node ID and Tools (JSON), checked against the nodes sent with them. */
export function readComponentSettings(
	node: INode,
	itemIndex: number,
	read: FieldReader,
	nodes: ComponentCreateParams['nodes'] | undefined,
): IDataObject {
	const startNodeId = read.string('startNodeId', 'Start Node ID')?.trim();
	assertStartNode(node, itemIndex, startNodeId, nodes, 'Start Node ID');
	// Tools keep Retell's own nested shapes; Retell validates them.
	return omitBlank({ start_node_id: startNodeId, tools: read.jsonObjects('tools', 'Tools (JSON)') });
}
