import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { fieldReader, getCollection, getOption, getResourceId, getString } from '../../../shared/parameters';
import { toAgentVersion } from '../../../shared/retell/responses';
import { assertE164, omitBlank } from '../../../shared/validation';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { agentLocator } from '../../../shared/retell/fields';
import { apiReference, docsLink } from '../../../shared/retell/docs';
import { readAdditionalJson, withJsonOption } from '../common.descriptions';
import { retellOperation } from '../node.type';
import { agentVersionOption, dynamicVariablesProperties, metadataOptions, readCallData } from './callFields';

import type { CallRegisterPhoneCallParams as RegisterPhoneCallParams } from '../../../shared/retell/transport/types';

const DOCS_URL = apiReference('register-phone-call');
const CUSTOM_TELEPHONY_URL = 'https://docs.retellai.com/deploy/custom-telephony';
const DIRECTIONS = ['inbound', 'outbound'] as const;

const properties: INodeProperties[] = [
	{
		displayName: `For calls on your own telephony (${docsLink(CUSTOM_TELEPHONY_URL, 'Dial to SIP URI')}): this only reserves a call ID, nothing rings. Your telephony then connects the call to Retell's SIP server with that call ID.`,
		name: 'customTelephonyNotice',
		type: 'notice',
		default: '',
	},
	{ ...agentLocator, description: 'The agent that talks on this call' },
	{
		displayName: 'Direction',
		name: 'direction',
		type: 'options',
		options: [
			{ name: 'Inbound', value: 'inbound', description: 'Someone called your number' },
			{ name: 'Outbound', value: 'outbound', description: 'Your telephony is calling someone' },
		],
		default: 'inbound',
		description:
			'Which way the call goes. Retell sees every such call arrive as inbound, so this is what call history and filters show.',
	},
	{
		displayName: 'From Number',
		name: 'fromNumber',
		type: 'string',
		default: '',
		placeholder: '+14155550100',
		description: 'The caller\'s number in E.164 format, stored with the call for your records',
	},
	{
		displayName: 'To Number',
		name: 'toNumber',
		type: 'string',
		default: '',
		placeholder: '+14155550101',
		description: 'The called number in E.164 format, stored with the call for your records',
	},
	...dynamicVariablesProperties,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: withJsonOption(
			[
				agentVersionOption,
				...metadataOptions,
			],
			DOCS_URL,
		),
	},
];

/** Empty means "not given"; anything else must be E.164 ("in E.164 format", SDK 5.66.1 CallRegisterPhoneCallParams). */
function readNumber(context: IExecuteFunctions, name: string, label: string, itemIndex: number): string | undefined {
	const value = getString(context, name, itemIndex).trim();
	return value === '' ? undefined : assertE164(context.getNode(), value, label, itemIndex);
}

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const options = fieldReader(this.getNode(), itemIndex, getCollection(this, 'options', itemIndex));
	const body: RegisterPhoneCallParams = {
		agent_id: getResourceId(this, 'agentId', itemIndex, 'Agent'),
		...omitBlank({
			agent_version: toAgentVersion(options.string('agentVersion')),
			direction: getOption(this, 'direction', DIRECTIONS, itemIndex),
			from_number: readNumber(this, 'fromNumber', 'From Number', itemIndex),
			to_number: readNumber(this, 'toNumber', 'To Number', itemIndex),
			...readCallData(this, itemIndex, 'options'),
		}),
	};
	const request: RegisterPhoneCallParams = { ...body, ...readAdditionalJson(options) };

	const call = await retellRequest(this, client, async (retell) => await retell.call.registerPhoneCall(request), {
		kind: 'create',
		itemIndex,
	});
	return toDataObject(call);
}

export const operation = retellOperation({
	resource: 'call',
	operation: 'registerPhoneCall',
	option: {
		name: 'Register Phone Call',
		description:
			'Get a call ID for a call on your own telephony (SIP): your system then connects the call to Retell, where the agent takes it. Places no call itself.',
		action: 'Register a phone call',
	},
	docsUrl: DOCS_URL,
	properties,
	execute,
});
