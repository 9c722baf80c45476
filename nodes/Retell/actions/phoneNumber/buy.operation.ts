import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { fieldReader, getBoolean, getCollection, getOption, getString } from '../../../shared/parameters';
import { assertE164, omitBlank } from '../../../shared/validation';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import type { PhoneNumberCreateParams } from '../../../shared/retell/transport/types';
import { withJsonOption } from '../common.descriptions';
import { agentBindingsProperties, readAdditionalNumberFields, readAgentBindingFields } from './agentBindings';
import { numberSettingOptions, readNumberSettings } from './settings';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';

const DOCS_URL = apiReference('create-phone-number');

const COUNTRIES = ['US', 'CA'] as const;
const PROVIDERS = ['twilio', 'telnyx'] as const;

const properties: INodeProperties[] = [
	{
		displayName: 'Buying a number is billed monthly by Retell until the number is deleted.',
		name: 'billingNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Area Code',
		name: 'areaCode',
		type: 'string',
		default: '',
		placeholder: '415',
		description: 'Three-digit area code the number should have; empty means any',
	},
	{
		displayName: 'Country',
		name: 'countryCode',
		type: 'options',
		options: [
			{ name: 'Canada', value: 'CA' },
			{ name: 'United States', value: 'US' },
		],
		default: 'US',
	},
	{
		displayName: 'Toll-Free',
		name: 'tollFree',
		type: 'boolean',
		default: false,
		description: 'Whether to buy a toll-free number (costs more)',
	},
	{
		displayName: 'Provider',
		name: 'numberProvider',
		type: 'options',
		options: [
			{ name: 'Telnyx', value: 'telnyx' },
			{ name: 'Twilio', value: 'twilio' },
		],
		default: 'twilio',
		description: 'Telephony provider Retell buys the number from',
	},
	...agentBindingsProperties(),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: withJsonOption(
			[
				...numberSettingOptions,
				{
					displayName: 'Specific Number',
					name: 'phoneNumber',
					type: 'string',
					default: '',
					placeholder: '+14155550100',
					description: 'Buy exactly this available number (E.164) instead of any number in the area code',
				},
			],
			DOCS_URL,
		),
	},
];

function readAreaCode(context: IExecuteFunctions, itemIndex: number): number | undefined {
	const areaCode = getString(context, 'areaCode', itemIndex).trim();
	if (areaCode === '') return undefined;
	if (!/^[2-9]\d{2}$/.test(areaCode)) {
		throw new NodeOperationError(context.getNode(), 'Area Code must be three digits, like 415', {
			itemIndex,
			description: `Got "${areaCode}".`,
		});
	}
	return Number(areaCode);
}

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const node = this.getNode();
	const fields = fieldReader(node, itemIndex, getCollection(this, 'options', itemIndex));
	const specificNumber = fields.string('phoneNumber');
	const body: PhoneNumberCreateParams = omitBlank({
		area_code: readAreaCode(this, itemIndex),
		country_code: getOption(this, 'countryCode', COUNTRIES, itemIndex),
		toll_free: getBoolean(this, 'tollFree', itemIndex) || undefined,
		number_provider: getOption(this, 'numberProvider', PROVIDERS, itemIndex),
		phone_number:
			specificNumber === undefined ? undefined : assertE164(node, specificNumber, 'Specific Number', itemIndex),
		...readNumberSettings(fields),
		...readAgentBindingFields(this, itemIndex),
	});
	const request: PhoneNumberCreateParams = { ...body, ...readAdditionalNumberFields(this, fields, itemIndex) };

	const phoneNumber = await retellRequest(this, client, async (retell) => await retell.phoneNumber.create(request), {
		kind: 'create',
		itemIndex,
	});
	return toDataObject(phoneNumber);
}

export const operation = retellOperation({
	resource: 'phoneNumber',
	operation: 'buy',
	option: {
		name: 'Buy',
		description:
			'Buy a new US or Canadian number from Retell, optionally in an area code, and bind agents to it. Billed monthly.',
		action: 'Buy a phone number',
	},
	docsUrl: DOCS_URL,
	properties,
	execute,
});
