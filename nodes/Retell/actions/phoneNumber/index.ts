import type { INodeProperties } from 'n8n-workflow';

import * as buy from './buy.operation';
import * as deletePhoneNumber from './deletePhoneNumber.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as importPhoneNumber from './importPhoneNumber.operation';
import * as update from './update.operation';

export const operations = { buy, deletePhoneNumber, get, getAll, importPhoneNumber, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['phoneNumber'] } },
		options: [
			{
				name: 'Buy',
				value: 'buy',
				description: 'Buy a new US or Canadian number from Retell, optionally in an area code, and bind agents to it. Billed monthly.',
				action: 'Buy a phone number',
			},
			{
				name: 'Delete',
				value: 'deletePhoneNumber',
				description: 'Release a number from Retell',
				action: 'Delete a phone number',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a number with its bound agents and webhook',
				action: 'Get a phone number',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the numbers of the account',
				action: 'Get many phone numbers',
			},
			{
				name: 'Import',
				value: 'importPhoneNumber',
				description: 'Connect a number from your own SIP trunk (Twilio, Telnyx, …) to Retell and bind agents to it',
				action: 'Import a phone number',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change which agents answer or place calls on a number (weighted), its nickname or inbound webhook',
				action: 'Update a phone number',
			},
		],
		default: 'get',
	},
	...buy.description,
	...importPhoneNumber.description,
	...get.description,
	...getAll.description,
	...update.description,
	...deletePhoneNumber.description,
];
