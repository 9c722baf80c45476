import type { INodeProperties } from 'n8n-workflow';

import * as createFromCall from './createFromCall.operation';

export const operations = { createFromCall };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['lead'] } },
		options: [
			{
				name: 'Create From Call',
				value: 'createFromCall',
				description:
					"Create the lead of a logged call from its post-call analysis (name, email, phone, summary); returns the existing lead if the call has one",
				action: 'Create a lead from a call',
			},
		],
		default: 'createFromCall',
	},
	...createFromCall.description,
];
