import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { fieldReader, getCollection, getOptionalResourceId, getResourceId, getString } from '../../../shared/parameters';
import { apiReference } from '../../../shared/retell/docs';
import { chatAgentLocator, optionalLocator, phoneNumberLocator } from '../../../shared/retell/fields';
import { toAgentVersion } from '../../../shared/retell/responses';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { assertE164, omitBlank } from '../../../shared/validation';
import { dynamicVariablesProperties, readCallData } from '../call/callFields';
import { retellOperation } from '../node.type';
import { chatMetadataOptions, type ChatCreateSMSChatParams } from './chatFields';

const properties: INodeProperties[] = [
	{
		displayName:
			'This sends a real SMS: the agent texts the To Number as soon as the node runs, and the messages are billed.',
		name: 'realSmsNotice',
		type: 'notice',
		default: '',
	},
	{
		...phoneNumberLocator,
		displayName: 'From Number',
		name: 'fromNumber',
		description:
			'One of your Retell numbers with SMS enabled, in E.164 format; its outbound SMS agent writes unless Override Chat Agent is set',
	},
	{
		displayName: 'To Number',
		name: 'toNumber',
		type: 'string',
		required: true,
		default: '',
		placeholder: '+14155550100',
		description: 'The number to text, in E.164 format: "+", country code, number, no spaces',
	},
	{
		...optionalLocator(chatAgentLocator),
		displayName: 'Override Chat Agent',
		name: 'overrideChatAgentId',
		description:
			'Chat agent that writes in this chat instead of the outbound SMS agent bound to the From Number. Leave empty to use the bound agent.',
	},
	...dynamicVariablesProperties,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Override Agent Version',
				name: 'overrideAgentVersion',
				type: 'string',
				default: '',
				placeholder: '3',
				description: 'Version (or version tag) of the chat agent to use for this chat; empty means the bound version',
			},
			...chatMetadataOptions,
		],
	},
];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const node = this.getNode();
	const options = fieldReader(node, itemIndex, getCollection(this, 'options', itemIndex));
	const body: ChatCreateSMSChatParams = omitBlank({
		from_number: assertE164(node, getResourceId(this, 'fromNumber', itemIndex, 'From Number'), 'From Number', itemIndex),
		to_number: assertE164(node, getString(this, 'toNumber', itemIndex), 'To Number', itemIndex),
		override_agent_id: getOptionalResourceId(this, 'overrideChatAgentId', itemIndex),
		override_agent_version: toAgentVersion(options.string('overrideAgentVersion')),
		...readCallData(this, itemIndex, 'options'),
	});
	// A create: sent again after a lost answer, it could text the number twice.
	const chat = await retellRequest(this, client, async (retell) => await retell.chat.createSMSChat(body), {
		kind: 'create',
		itemIndex,
	});
	return toDataObject(chat);
}

export const operation = retellOperation({
	resource: 'chat',
	operation: 'createSmsChat',
	option: {
		name: 'Create SMS Chat',
		description:
			'Sends a real SMS to To Number now: a chat agent starts a text conversation from one of your SMS-enabled Retell numbers. Billed per message.',
		action: 'Create an SMS chat',
	},
	docsUrl: apiReference('create-sms-chat'),
	properties,
	execute,
});
