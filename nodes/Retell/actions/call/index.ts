import type { INodeProperties } from 'n8n-workflow';

import * as createPhoneCall from './createPhoneCall.operation';
import * as createWebCall from './createWebCall.operation';
import * as deleteCall from './deleteCall.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export const operations = { createPhoneCall, createWebCall, deleteCall, get, getAll, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['call'] } },
		options: [
			{
				name: 'Create Phone Call',
				value: 'createPhoneCall',
				description:
					'Dial a real phone number now from one of your Retell numbers; its agent talks to whoever answers. Billed per minute.',
				action: 'Create a phone call',
			},
			{
				name: 'Create Web Call',
				value: 'createWebCall',
				description: 'Start a browser call with an agent and get the access token your web client joins with',
				action: 'Create a web call',
			},
			{
				name: 'Delete',
				value: 'deleteCall',
				description: 'Delete a call and its recording, transcript and analysis',
				action: 'Delete a call',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get one call with its status, transcript, recording, analysis and cost',
				action: 'Get a call',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List calls, newest first, filtered by agent, status, direction, type or start time (no transcripts)',
				action: 'Get many calls',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change the metadata, data storage setting or custom attributes of an ended call',
				action: 'Update a call',
			},
		],
		default: 'get',
	},
	...createPhoneCall.description,
	...createWebCall.description,
	...get.description,
	...getAll.description,
	...update.description,
	...deleteCall.description,
];
