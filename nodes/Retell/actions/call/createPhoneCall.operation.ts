import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { fieldReader, getCollection, getOptionalResourceId, getString } from '../../../shared/parameters';
import { toAgentVersion } from '../../../shared/retell/responses';
import { assertPhoneNumber, omitBlank } from '../../../shared/validation';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import type { CallCreatePhoneCallParams } from '../../../shared/retell/transport/types';
import { phoneNumberLocator } from '../../../shared/retell/fields';
import { readAdditionalJson, withJsonOption } from '../common.descriptions';
import { customSipHeadersProperty, dynamicVariablesProperties, metadataOptions, overrideAgentLocator, overrideAgentVersionOption, readCallData, readCustomSipHeaders } from './callFields';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';

const DOCS_URL = apiReference('create-phone-call');

const properties: INodeProperties[] = [
	{
		displayName:
			'This places a real phone call: the To Number rings as soon as the node runs, and the call is billed.',
		name: 'realCallNotice',
		type: 'notice',
		default: '',
	},
	{
		...phoneNumberLocator,
		displayName: 'From Number',
		name: 'fromNumber',
		description: 'One of your Retell numbers (bought or imported) in E.164 format; its outbound agent takes the call',
		// No ID pattern here: with Ignore E.164 Validation a SIP pseudo number is valid; execute() checks E.164 otherwise.
		modes: phoneNumberLocator.modes?.map(({ validation: _validation, ...mode }) => mode),
	},
	{
		displayName: 'To Number',
		name: 'toNumber',
		type: 'string',
		required: true,
		default: '',
		placeholder: '+14155550100',
		description: 'The number to call, in E.164 format: "+", country code, number, no spaces',
	},
	overrideAgentLocator,
	...dynamicVariablesProperties,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: withJsonOption(
			[
			customSipHeadersProperty,
			{
				displayName: 'Ignore E.164 Validation',
				name: 'ignoreE164Validation',
				type: 'boolean',
				default: false,
				description:
					'Whether to accept a From Number and To Number that are not E.164, such as internal pseudo numbers on custom (SIP) telephony. Retell applies it only when the From Number is an imported (custom telephony) number.',
			},
			overrideAgentVersionOption,
			...metadataOptions,
			],
			DOCS_URL,
		),
	},
];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const node = this.getNode();
	const options = fieldReader(node, itemIndex, getCollection(this, 'options', itemIndex));
	const ignoreE164Validation = options.boolean('ignoreE164Validation', 'Ignore E.164 Validation') === true;
	const fromNumber = getOptionalResourceId(this, 'fromNumber', itemIndex);
	const body: CallCreatePhoneCallParams = omitBlank({
		from_number: assertPhoneNumber(node, fromNumber, 'From Number', itemIndex, ignoreE164Validation),
		// "Useful when you want to dial to internal pseudo numbers" (SDK 5.66.1 ignore_e164_validation): To Number too.
		to_number: assertPhoneNumber(node, getString(this, 'toNumber', itemIndex), 'To Number', itemIndex, ignoreE164Validation),
		override_agent_id: getOptionalResourceId(this, 'overrideAgentId', itemIndex),
		override_agent_version: toAgentVersion(options.string('overrideAgentVersion')),
		...readCallData(this, itemIndex, 'options'),
		custom_sip_headers: readCustomSipHeaders(this, 'options.customSipHeaders.header', itemIndex),
		ignore_e164_validation: ignoreE164Validation || undefined,
	});
	const request: CallCreatePhoneCallParams = { ...body, ...readAdditionalJson(options) };

	const call = await retellRequest(this, client, async (retell) => await retell.call.createPhoneCall(request), {
		kind: 'create',
		itemIndex,
	});
	return toDataObject(call);
}

export const operation = retellOperation({
	resource: 'call',
	operation: 'createPhoneCall',
	option: {
		name: 'Create Phone Call',
		description:
			'Dial a real phone number now from one of your Retell numbers; its agent talks to whoever answers. Billed per minute.',
		action: 'Create a phone call',
	},
	docsUrl: DOCS_URL,
	properties,
	execute,
});
