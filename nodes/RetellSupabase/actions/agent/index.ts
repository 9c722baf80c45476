import type { INodeProperties } from 'n8n-workflow';

import * as save from './save.operation';

export const operations = { save };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['agent'] } },
		options: [
			{
				name: 'Save',
				value: 'save',
				description: 'Create or update the agents row of a Retell agent, matched by its Retell agent ID',
				action: 'Save an agent',
			},
		],
		default: 'save',
	},
	...save.description,
];
