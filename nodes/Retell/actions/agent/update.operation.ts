import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { fieldReader, getResourceId } from '../../../shared/parameters';
import { omitBlank } from '../../../shared/validation';
import { retellRequest, type RetellClient } from '../../transport';
import type { AgentUpdateParams } from '../../transport/types';
import { agentLocator, optionalLocator, readAdditionalJson, voiceLocator, withJsonOption } from '../common.descriptions';
import { readResponseEngineUpdate, responseEngineUpdateFields } from './responseEngine';
import { agentSettingFields, readAgentSettings } from './settings';
import { agentVersionOption } from './version';

const voiceIdField: INodeProperties = { ...optionalLocator(voiceLocator), description: 'The voice the agent speaks with' };

const updateFields = [...agentSettingFields, ...responseEngineUpdateFields, voiceIdField].sort((a, b) =>
	a.displayName.localeCompare(b.displayName),
);

const properties: INodeProperties[] = [
	{ ...agentLocator, description: 'The agent to update' },
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Only the fields added here are changed; every other setting of the agent stays as it is',
		options: withJsonOption(updateFields, 'agent', 'update'),
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				...agentVersionOption,
				description: 'The draft version to change. By default Retell changes the latest draft.',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['agent'], operation: ['update'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const node = this.getNode();
	const agentId = getResourceId(this, 'agentId', itemIndex, 'Agent ID');
	const read = fieldReader(node, itemIndex, this.getNodeParameter('updateFields', itemIndex, {}));
	const options = fieldReader(node, itemIndex, this.getNodeParameter('options', itemIndex, {}));
	const changes: AgentUpdateParams = {
		...omitBlank({
			response_engine: readResponseEngineUpdate(this, itemIndex, read),
			voice_id: read.resourceId('voiceId'),
		}),
		...readAgentSettings(read),
		...readAdditionalJson(this, 'updateFields', itemIndex),
	};
	if (Object.keys(changes).length === 0) {
		throw new NodeOperationError(node, 'Nothing to update', {
			itemIndex,
			description: 'Add at least one field under Update Fields or in Additional Fields (JSON).',
		});
	}
	const params: AgentUpdateParams = { ...changes, ...omitBlank({ version: options.number('version', 'Version') }) };
	const agent = await retellRequest(this, client, async (retell) => await retell.agent.update(agentId, params), {
		kind: 'write',
		itemIndex,
		resourceLabel: 'Agent',
	});
	return { ...agent };
}
