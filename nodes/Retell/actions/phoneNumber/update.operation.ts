import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { omitBlank } from '../../../shared/validation';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import type { PhoneNumberUpdateParams } from '../../../shared/retell/transport/types';
import { phoneNumberLocator } from '../../../shared/retell/fields';
import { withJsonOption } from '../common.descriptions';
import { type ClearableField, clearFieldsOption, readUpdate } from '../updateFields';
import { agentBindingsProperties, readAdditionalNumberFields, readAgentBindingFields } from './agentBindings';
import { readPhoneNumberId } from './phoneNumberId';
import { numberSettingOptions, readNumberSettings } from './settings';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';

const DOCS_URL = apiReference('update-phone-number');

/** Nullable in retell-sdk 5.66.1 `PhoneNumberUpdateParams` ("set to null to remove"). */
const CLEARABLE: ClearableField[] = [
	{ name: 'Allowed Inbound Countries', value: 'allowed_inbound_country_list' },
	{ name: 'Allowed Outbound Countries', value: 'allowed_outbound_country_list' },
	{ name: 'Fallback Number', value: 'fallback_number' },
	{ name: 'Inbound Agents', value: 'inbound_agents' },
	{ name: 'Inbound SMS Webhook URL', value: 'inbound_sms_webhook_url' },
	{ name: 'Inbound Webhook URL', value: 'inbound_webhook_url' },
	{ name: 'Nickname', value: 'nickname' },
	{ name: 'Outbound Agents', value: 'outbound_agents' },
];

const properties: INodeProperties[] = [
	phoneNumberLocator,
	...agentBindingsProperties('Leave empty to keep the current agents.'),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: withJsonOption([...numberSettingOptions, clearFieldsOption(CLEARABLE, 'number')], DOCS_URL),
	},
];

/**
 * Agents are bound with the weighted `inbound_agents` / `outbound_agents` lists only: Retell rejects
 * the single-agent fields since 2026-03-31 (https://docs.retellai.com/deprecation-notice).
 */
async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const phoneNumber = readPhoneNumberId(this, itemIndex);
	const request: PhoneNumberUpdateParams = readUpdate(this, itemIndex, {
		read: (fields) => ({
			...omitBlank({ ...readAgentBindingFields(this, itemIndex), ...readNumberSettings(fields) }),
			...readAdditionalNumberFields(this, fields, itemIndex),
		}),
		clearable: CLEARABLE,
		nothing: { message: 'Nothing to update: bind agents or add a field under Update Fields' },
	});

	const updated = await retellRequest(
		this,
		client,
		async (retell) => await retell.phoneNumber.update(phoneNumber, request),
		{ kind: 'write', itemIndex, resourceLabel: 'Phone number' },
	);
	return toDataObject(updated);
}

export const operation = retellOperation({
	resource: 'phoneNumber',
	operation: 'update',
	option: {
		name: 'Update',
		description:
			'Change which agents answer or place calls on a number (weighted), its nickname or inbound webhook',
		action: 'Update a phone number',
	},
	docsUrl: DOCS_URL,
	properties,
	execute,
});
