import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { getResourceId } from '../../../shared/parameters';
import { apiReference } from '../../../shared/retell/docs';
import { conversationFlowComponentLocator } from '../../../shared/retell/fields';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { omitBlank } from '../../../shared/validation';
import { readAdditionalJson, withJsonOption } from '../common.descriptions';
import { nodesField } from '../conversationFlow/nodes';
import { toolsField } from '../conversationFlow/settings';
import { retellOperation } from '../node.type';
import { type ClearableField, clearFieldsOption, readUpdate } from '../updateFields';
import { componentStartNodeIdField, nameField, readComponentNodes, readComponentSettings } from './settings';
import type { NullableKeys } from '../conversationFlow/types';
import type { ComponentUpdateParams } from './types';

const DOCS_URL = apiReference('update-conversation-flow-component');

/** Nullable in retell-sdk 5.66.1 `ConversationFlowComponentUpdateParams` (the type checks each value). */
const CLEARABLE: Array<ClearableField & { value: NullableKeys<ComponentUpdateParams> }> = [
	{ name: 'Start Node ID', value: 'start_node_id' },
	{ name: 'Tools (JSON)', value: 'tools' },
];

const updateFields: INodeProperties[] = [
	nameField,
	// Without an example: an added Nodes (JSON) replaces every node of the component.
	{ ...nodesField('component'), default: '[]' },
	componentStartNodeIdField,
	toolsField,
	clearFieldsOption(CLEARABLE, 'component'),
];

const properties: INodeProperties[] = [
	{
		...conversationFlowComponentLocator,
		description: 'The shared component to update. Every flow that uses it gets the change.',
	},
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Only the fields added here are changed; everything else in the component stays as it is',
		options: withJsonOption(updateFields, DOCS_URL),
	},
];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const node = this.getNode();
	const componentId = getResourceId(this, 'componentId', itemIndex, 'Component ID');
	const changes: ComponentUpdateParams = readUpdate(this, itemIndex, {
		read: (fields) => {
			const nodes = readComponentNodes(node, itemIndex, fields.jsonObjects('nodes', 'Nodes (JSON)'));
			return {
				...omitBlank({ name: fields.string('name', 'Name')?.trim(), nodes }),
				...readComponentSettings(node, itemIndex, fields, nodes),
				...readAdditionalJson(fields),
			};
		},
		clearable: CLEARABLE,
	});
	const component = await retellRequest(
		this,
		client,
		async (retell) => await retell.conversationFlowComponent.update(componentId, changes),
		{ kind: 'write', itemIndex, resourceLabel: 'Conversation flow component' },
	);
	return toDataObject(component);
}

export const operation = retellOperation({
	resource: 'conversationFlowComponent',
	operation: 'update',
	option: {
		name: 'Update',
		description: 'Change the name, nodes or tools of a shared component; every flow that uses it follows',
		action: 'Update a conversation flow component',
	},
	docsUrl: DOCS_URL,
	properties,
	execute,
});
