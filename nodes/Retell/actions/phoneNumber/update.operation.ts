import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { fieldReader, getJsonObject } from '../../../shared/collectionFields';
import { toDataObject } from '../../../shared/dataObject';
import { getCollection } from '../../../shared/parameters';
import { omitBlank } from '../../../shared/validation';
import { retellRequest, type RetellClient } from '../../transport';
import type { PhoneNumberUpdateParams } from '../../transport/types';
import { additionalJsonProperty, phoneNumberLocator } from '../common.descriptions';
import { agentBindingsProperty, assertNoSingleAgentFields, readAgentBindings } from './agentBindings';
import { readPhoneNumberId } from './phoneNumberId';

const properties: INodeProperties[] = [
	phoneNumberLocator,
	{
		...agentBindingsProperty('inbound'),
		description: `${agentBindingsProperty('inbound').description} Leave empty to keep the current agents.`,
	},
	{
		...agentBindingsProperty('outbound'),
		description: `${agentBindingsProperty('outbound').description} Leave empty to keep the current agents.`,
	},
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Inbound Webhook URL',
				name: 'inboundWebhookUrl',
				type: 'string',
				default: '',
				placeholder: 'https://n8n.example.com/webhook/…',
				description:
					'Retell asks this URL which agent and dynamic variables to use for every inbound call (e.g. a Retell Trigger in Inbound Call mode)',
			},
			{
				displayName: 'Nickname',
				name: 'nickname',
				type: 'string',
				default: '',
				description: 'A name for your own reference',
			},
		],
	},
	additionalJsonProperty('update-phone-number'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['phoneNumber'], operation: ['update'] } },
	properties,
);

/**
 * Agents are bound with the weighted `inbound_agents` / `outbound_agents` lists only: Retell rejects
 * the single-agent fields since 2026-03-31 (https://docs.retellai.com/deprecation-notice).
 */
export async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const node = this.getNode();
	const phoneNumber = readPhoneNumberId(this, itemIndex);
	const fields = fieldReader(node, itemIndex, getCollection(this, 'updateFields', itemIndex));
	const body: PhoneNumberUpdateParams = omitBlank({
		inbound_agents: readAgentBindings(this, 'inbound', itemIndex),
		outbound_agents: readAgentBindings(this, 'outbound', itemIndex),
		nickname: fields.string('nickname'),
		inbound_webhook_url: fields.string('inboundWebhookUrl'),
	});
	const additionalFields = getJsonObject(this, 'additionalFieldsJson', itemIndex, 'Additional Fields (JSON)');
	assertNoSingleAgentFields(node, additionalFields, itemIndex);
	const request: PhoneNumberUpdateParams = { ...body, ...additionalFields };
	if (Object.keys(request).length === 0) {
		throw new NodeOperationError(node, 'Nothing to update: bind agents or add a field under Update Fields', {
			itemIndex,
		});
	}

	const updated = await retellRequest(
		this,
		client,
		async (retell) => await retell.phoneNumber.update(phoneNumber, request),
		{ kind: 'write', itemIndex, resourceLabel: 'Phone number' },
	);
	return toDataObject(updated);
}
