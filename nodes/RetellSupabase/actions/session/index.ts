import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as log from './log.operation';
import * as reconcile from './reconcile.operation';

export const operations = { get, getAll, log, reconcile };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['session'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get the logged session of one call by its call ID',
				action: 'Get a call session',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List logged sessions, filtered by agent, status, direction or start time',
				action: 'Get many call sessions',
			},
			{
				name: 'Log',
				value: 'log',
				description:
					'Insert or merge the session of each input call event or call object; safe to repeat, in any order',
				action: 'Log a call session',
			},
			{
				name: 'Reconcile',
				value: 'reconcile',
				description:
					'Pull recent calls from Retell and log every one, repairing sessions that webhooks missed. Needs a Retell API credential.',
				action: 'Reconcile call sessions',
			},
		],
		default: 'log',
	},
	...log.description,
	...get.description,
	...getAll.description,
	...reconcile.description,
];
