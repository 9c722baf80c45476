import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { fieldReader, getCollection } from '../../../shared/parameters';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { readAdditionalJson, withJsonOption } from '../common.descriptions';
import { readResponseEngine, responseEngineProperties } from '../agent/responseEngine';
import { chatAgentSettingFields, readChatAgentSettings } from './settings';
import type { ChatAgentCreateParams } from './types';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';

const DOCS_URL = apiReference('create-chat-agent');

const properties: INodeProperties[] = [
	...responseEngineProperties,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: withJsonOption(chatAgentSettingFields, DOCS_URL),
	},
];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const node = this.getNode();
	const fields = getCollection(this, 'additionalFields', itemIndex);
	const body: ChatAgentCreateParams = {
		response_engine: readResponseEngine(this, itemIndex),
		...readChatAgentSettings(node, itemIndex, fields),
		...readAdditionalJson(fieldReader(node, itemIndex, fields)),
	};
	const agent = await retellRequest(this, client, async (retell) => await retell.chatAgent.create(body), {
		kind: 'create',
		itemIndex,
	});
	return { ...agent };
}

export const operation = retellOperation({
	resource: 'chatAgent',
	operation: 'create',
	option: {
		name: 'Create',
		description: 'Create a chat agent (for web chat and SMS) on a Retell LLM, a conversation flow or a custom LLM',
		action: 'Create a chat agent',
	},
	docsUrl: DOCS_URL,
	properties,
	execute,
});
