import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { fieldReader, getCollection, getString } from '../../../shared/parameters';
import { assertPhoneNumber, assertPresent, omitBlank } from '../../../shared/validation';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import type { PhoneNumberImportParams } from '../../../shared/retell/transport/types';
import { withJsonOption } from '../common.descriptions';
import { agentBindingsProperties, readAdditionalNumberFields, readAgentBindingFields } from './agentBindings';
import { numberSettingOptions, readNumberSettings } from './settings';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';

const DOCS_URL = apiReference('import-phone-number');

const TRANSPORTS = ['TCP', 'UDP', 'TLS'] as const;

const properties: INodeProperties[] = [
	{
		displayName: 'Phone Number',
		name: 'numberToImport',
		type: 'string',
		required: true,
		default: '',
		placeholder: '+14155550100',
		description: 'The number on your own SIP trunk (Twilio, Telnyx, Vonage, …) in E.164 format',
	},
	{
		displayName: 'Termination URI',
		name: 'terminationUri',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'example.pstn.twilio.com',
		description: 'SIP address of your trunk that Retell sends outbound calls to; Twilio\'s ends in .pstn.twilio.com',
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
				{
					displayName: 'Ignore E.164 Validation',
					name: 'ignoreE164Validation',
					type: 'boolean',
					default: false,
					description: 'Whether to accept a number that is not E.164, such as an internal pseudo number',
				},
				...numberSettingOptions,
				{
					displayName: 'SIP Trunk Password',
					name: 'sipTrunkAuthPassword',
					type: 'string',
					typeOptions: { password: true },
					default: '',
					description: 'Password of the SIP trunk\'s credential list, if it uses one',
				},
				{
					displayName: 'SIP Trunk Username',
					name: 'sipTrunkAuthUsername',
					type: 'string',
					default: '',
					description: 'Username of the SIP trunk\'s credential list, if it uses one',
				},
				{
					displayName: 'Transport',
					name: 'transport',
					type: 'options',
					options: [
						{ name: 'TCP', value: 'TCP' },
						{ name: 'TLS', value: 'TLS' },
						{ name: 'UDP', value: 'UDP' },
					],
					default: 'TCP',
					description: 'Protocol for outbound SIP to your trunk',
				},
			],
			DOCS_URL,
		),
	},
];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const node = this.getNode();
	const fields = fieldReader(node, itemIndex, getCollection(this, 'options', itemIndex));
	const ignoreE164Validation = fields.boolean('ignoreE164Validation', 'Ignore E.164 Validation') === true;
	const phoneNumber = getString(this, 'numberToImport', itemIndex);
	const body: PhoneNumberImportParams = omitBlank({
		phone_number: assertPhoneNumber(node, phoneNumber, 'Phone Number', itemIndex, ignoreE164Validation),
		termination_uri: assertPresent(node, getString(this, 'terminationUri', itemIndex), 'Termination URI', itemIndex),
		sip_trunk_auth_username: fields.string('sipTrunkAuthUsername'),
		sip_trunk_auth_password: fields.string('sipTrunkAuthPassword'),
		transport: fields.option('transport', TRANSPORTS, 'Transport'),
		...readNumberSettings(fields),
		...readAgentBindingFields(this, itemIndex),
		ignore_e164_validation: ignoreE164Validation || undefined,
	});
	const request: PhoneNumberImportParams = { ...body, ...readAdditionalNumberFields(this, fields, itemIndex) };

	const imported = await retellRequest(this, client, async (retell) => await retell.phoneNumber.import(request), {
		kind: 'create',
		itemIndex,
	});
	return toDataObject(imported);
}

export const operation = retellOperation({
	resource: 'phoneNumber',
	operation: 'importPhoneNumber',
	option: {
		name: 'Import',
		description: 'Connect a number from your own SIP trunk (Twilio, Telnyx, …) to Retell and bind agents to it',
		action: 'Import a phone number',
	},
	docsUrl: DOCS_URL,
	properties,
	execute,
});
