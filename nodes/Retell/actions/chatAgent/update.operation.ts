import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getCollection, getResourceId } from '../../../shared/parameters';
import { omitBlank } from '../../../shared/validation';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { chatAgentLocator } from '../../../shared/retell/fields';
import { readAdditionalJson, withJsonOption } from '../common.descriptions';
import { readResponseEngineUpdate, responseEngineUpdateFields } from '../agent/responseEngine';
import { type ClearableField, clearFieldsOption, readUpdate, readVersion, versionUpdateOptions } from '../updateFields';
import { chatAgentSettingFields, readChatAgentSettings } from './settings';
import type { ChatAgentUpdateParams } from './types';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';

const DOCS_URL = apiReference('update-chat-agent');

/** Nullable in retell-sdk 5.66.1 `ChatAgentUpdateParams`; `webhook_url: null` sends events to the account webhook again. */
const CLEARABLE: ClearableField[] = [
	{ name: 'Agent Name', value: 'agent_name' },
	{ name: 'Auto Close Message', value: 'auto_close_message' },
	{ name: 'Data Storage', value: 'data_storage_setting' },
	{ name: 'End Chat After Silence', value: 'end_chat_after_silence_ms' },
	{ name: 'Post-Chat Analysis Data (JSON)', value: 'post_chat_analysis_data' },
	{ name: 'Timezone', value: 'timezone' },
	{ name: 'Webhook Events', value: 'webhook_events' },
	{ name: 'Webhook URL', value: 'webhook_url' },
];

const updateFields = [
	...chatAgentSettingFields,
	...responseEngineUpdateFields,
	clearFieldsOption(CLEARABLE, 'chat agent'),
].sort((a, b) => a.displayName.localeCompare(b.displayName));

const properties: INodeProperties[] = [
	{ ...chatAgentLocator, description: 'The chat agent to update' },
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Only the fields added here are changed; every other setting of the chat agent stays as it is',
		options: withJsonOption(updateFields, DOCS_URL),
	},
	versionUpdateOptions,
];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const agentId = getResourceId(this, 'chatAgentId', itemIndex, 'Chat Agent ID');
	const changes: ChatAgentUpdateParams = readUpdate(this, itemIndex, {
		read: (fields) => ({
			...omitBlank({ response_engine: readResponseEngineUpdate(this, itemIndex, fields) }),
			...readChatAgentSettings(this.getNode(), itemIndex, getCollection(this, 'updateFields', itemIndex)),
			...readAdditionalJson(fields),
		}),
		clearable: CLEARABLE,
	});
	const params: ChatAgentUpdateParams = { ...changes, ...readVersion(this, itemIndex) };
	const agent = await retellRequest(this, client, async (retell) => await retell.chatAgent.update(agentId, params), {
		kind: 'write',
		itemIndex,
		resourceLabel: 'Chat agent',
	});
	return { ...agent };
}

export const operation = retellOperation({
	resource: 'chatAgent',
	operation: 'update',
	option: {
		name: 'Update',
		description: 'Change some settings of a chat agent; the others stay as they are',
		action: 'Update a chat agent',
	},
	docsUrl: DOCS_URL,
	properties,
	execute,
});
