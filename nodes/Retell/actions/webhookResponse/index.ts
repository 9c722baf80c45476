import type { INodeProperties } from 'n8n-workflow';

import { answeringRetell } from './answerRetell';
import * as buildFunctionResult from './buildFunctionResult.operation';
import * as buildInboundCallResponse from './buildInboundCallResponse.operation';

export const operations = {
	buildFunctionResult: answeringRetell(buildFunctionResult),
	buildInboundCallResponse: answeringRetell(buildInboundCallResponse),
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['webhookResponse'] } },
		options: [
			{
				name: 'Build Function Result',
				value: 'buildFunctionResult',
				description:
					'Answer a custom function call from Retell Trigger, cut to Retell\'s 15,000 characters with a visible marker',
				action: 'Build a custom function result',
			},
			{
				name: 'Build Inbound Call Response',
				value: 'buildInboundCallResponse',
				description:
					'Answer an inbound call from Retell Trigger: the agent, its dynamic variables and the call\'s metadata',
				action: 'Build an inbound call response',
			},
		],
		default: 'buildFunctionResult',
	},
	...buildFunctionResult.description,
	...buildInboundCallResponse.description,
];
