import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getResourceId } from '../../../shared/parameters';
import { omitBlank } from '../../../shared/validation';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import type { AgentUpdateParams } from '../../../shared/retell/transport/types';
import { agentLocator, optionalLocator, voiceLocator } from '../../../shared/retell/fields';
import { readAdditionalJson, withJsonOption } from '../common.descriptions';
import { readResponseEngineUpdate, responseEngineUpdateFields } from './responseEngine';
import { type ClearableField, clearFieldsOption, readUpdate, readVersion, versionUpdateOptions } from '../updateFields';
import { agentSettingFields, readAgentSettings } from './settings';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';

const DOCS_URL = apiReference('update-agent');

const voiceIdField: INodeProperties = { ...optionalLocator(voiceLocator), description: 'The voice the agent speaks with' };

/** Nullable in retell-sdk 5.66.1 `AgentUpdateParams`; `webhook_url: null` sends events to the account webhook again. */
const CLEARABLE: ClearableField[] = [
	{ name: 'Agent Name', value: 'agent_name' },
	{ name: 'Ambient Sound', value: 'ambient_sound' },
	{ name: 'Boosted Keywords', value: 'boosted_keywords' },
	{ name: 'Fallback Voices', value: 'fallback_voice_ids' },
	{ name: 'Post-Call Analysis Data (JSON)', value: 'post_call_analysis_data' },
	{ name: 'Pronunciation Dictionary', value: 'pronunciation_dictionary' },
	{ name: 'Timezone', value: 'timezone' },
	{ name: 'Voicemail Option', value: 'voicemail_option' },
	{ name: 'Webhook Events', value: 'webhook_events' },
	{ name: 'Webhook URL', value: 'webhook_url' },
];

const updateFields = [...agentSettingFields, ...responseEngineUpdateFields, voiceIdField, clearFieldsOption(CLEARABLE, 'agent')].sort(
	(a, b) => a.displayName.localeCompare(b.displayName),
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
		options: withJsonOption(updateFields, DOCS_URL),
	},
	versionUpdateOptions,
];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const agentId = getResourceId(this, 'agentId', itemIndex, 'Agent ID');
	const changes: AgentUpdateParams = readUpdate(this, itemIndex, {
		read: (fields) => ({
			...omitBlank({
				response_engine: readResponseEngineUpdate(this, itemIndex, fields),
				voice_id: fields.resourceId('voiceId'),
			}),
			...readAgentSettings(fields),
			...readAdditionalJson(fields),
		}),
		clearable: CLEARABLE,
	});
	const params: AgentUpdateParams = { ...changes, ...readVersion(this, itemIndex) };
	const agent = await retellRequest(this, client, async (retell) => await retell.agent.update(agentId, params), {
		kind: 'write',
		itemIndex,
		resourceLabel: 'Agent',
	});
	return { ...agent };
}

export const operation = retellOperation({
	resource: 'agent',
	operation: 'update',
	option: {
		name: 'Update',
		description: 'Change some settings of an agent; the others stay as they are',
		action: 'Update an agent',
	},
	docsUrl: DOCS_URL,
	properties,
	execute,
});
