import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { fieldReader, getResourceId } from '../../../shared/parameters';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import type { AgentCreateParams } from '../../../shared/retell/transport/types';
import { readAdditionalJson, withJsonOption } from '../common.descriptions';
import { voiceLocator } from '../../../shared/retell/fields';
import { readResponseEngine, responseEngineProperties } from './responseEngine';
import { agentSettingFields, readAgentSettings } from './settings';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';

const DOCS_URL = apiReference('create-agent');

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
		options: withJsonOption(agentSettingFields, DOCS_URL),
	},
];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
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

export const operation = retellOperation({
	resource: 'agent',
	operation: 'create',
	option: {
		name: 'Create',
		description: 'Create a voice agent on a Retell LLM, a conversation flow or a custom LLM',
		action: 'Create an agent',
	},
	docsUrl: DOCS_URL,
	properties,
	execute,
});
