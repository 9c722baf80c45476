import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { fieldReader, getCollection, getString } from '../../../shared/parameters';
import { apiReference } from '../../../shared/retell/docs';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { assertPresent, parseJsonArray } from '../../../shared/validation';
import { readAdditionalJson, withJsonOption } from '../common.descriptions';
import { nodesField } from '../conversationFlow/nodes';
import { toolsField } from '../conversationFlow/settings';
import { retellOperation } from '../node.type';
import { componentStartNodeIdField, nameField, readComponentNodes, readComponentSettings } from './settings';
import type { ComponentCreateParams } from './types';

const DOCS_URL = apiReference('create-conversation-flow-component');

const properties: INodeProperties[] = [
	{ ...nameField, required: true },
	{ ...nodesField('component'), required: true },
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: withJsonOption([componentStartNodeIdField, toolsField], DOCS_URL),
	},
];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const node = this.getNode();
	const name = assertPresent(node, getString(this, 'name', itemIndex), 'Name', itemIndex);
	const list = parseJsonArray(node, this.getNodeParameter('nodes', itemIndex, ''), 'Nodes (JSON)', itemIndex);
	const nodes = readComponentNodes(node, itemIndex, list);
	if (!nodes) {
		throw new NodeOperationError(node, 'Nodes (JSON) is required', {
			itemIndex,
			description: 'A component needs at least one node, such as [{"id": "collect", "type": "conversation", "instruction": {"type": "prompt", "text": "Ask for the caller\'s email."}}].',
		});
	}
	const additional = fieldReader(node, itemIndex, getCollection(this, 'additionalFields', itemIndex));
	const body: ComponentCreateParams = {
		name,
		nodes,
		...readComponentSettings(node, itemIndex, additional, nodes),
		...readAdditionalJson(additional),
	};
	const component = await retellRequest(
		this,
		client,
		async (retell) => await retell.conversationFlowComponent.create(body),
		{ kind: 'create', itemIndex },
	);
	return toDataObject(component);
}

export const operation = retellOperation({
	resource: 'conversationFlowComponent',
	operation: 'create',
	option: {
		name: 'Create',
		description: 'Create a shared component: nodes that several conversation flows can use as one step',
		action: 'Create a conversation flow component',
	},
	docsUrl: DOCS_URL,
	properties,
	execute,
});
