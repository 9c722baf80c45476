import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { fieldReader, getResourceId } from '../../../shared/parameters';
import { retellRequest, type RetellClient } from '../../transport';
import type { AgentCreateParams } from '../../transport/types';
import { readAdditionalJson, voiceLocator, withJsonOption } from '../common.descriptions';
import { readResponseEngine, responseEngineProperties } from './responseEngine';
import { agentSettingFields, readAgentSettings } from './settings';

export const DEFAULT_VOICE_ID = '11labs-Jenny';

const properties: INodeProperties[] = [
	...responseEngineProperties,
	{
		...voiceLocator,
		default: { mode: 'id', value: DEFAULT_VOICE_ID },
		description: 'The voice the agent speaks with',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: withJsonOption(agentSettingFields, 'agent', 'create'),
	},
];

export const description = updateDisplayOptions({ show: { resource: ['agent'], operation: ['create'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const read = fieldReader(this.getNode(), itemIndex, this.getNodeParameter('additionalFields', itemIndex, {}));
	const body: AgentCreateParams = {
		response_engine: readResponseEngine(this, itemIndex),
		voice_id: getResourceId(this, 'voiceId', itemIndex, 'Voice ID'),
		...readAgentSettings(read),
		...readAdditionalJson(read),
	};
	const agent = await retellRequest(this, client, async (retell) => await retell.agent.create(body), {
		kind: 'create',
		itemIndex,
	});
	return { ...agent };
}
