import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';

export const operations = { get };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['concurrency'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get the account\'s current and maximum concurrent calls',
				action: 'Get concurrency',
			},
		],
		default: 'get',
	},
	...get.description,
];
