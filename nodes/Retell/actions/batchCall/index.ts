import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';

export const operations = { create };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['batchCall'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description:
					'Create one batch from all items: each item is one real phone call that Retell places from one number, now or at a scheduled time, within calling hours',
				action: 'Create a batch call',
			},
		],
		default: 'create',
	},
	...create.description,
];
