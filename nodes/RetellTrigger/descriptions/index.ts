import type { INodeProperties } from 'n8n-workflow';

import { callEventsProperties } from './callEvents';
import { chatEventsProperties } from './chatEvents';
import { customFunctionProperties } from './customFunction';
import { inboundCallProperties } from './inboundCall';
import { inboundSmsProperties } from './inboundSms';
import { securityProperties } from './security';

export { retellWebhook } from '../../shared/retell/webhook';

export const TRIGGER_MODES = ['callEvents', 'chatEvents', 'customFunction', 'inboundCall', 'inboundSms'] as const;

export type TriggerMode = (typeof TRIGGER_MODES)[number];

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		noDataExpression: true,
		default: 'callEvents',
		options: [
			{
				name: 'Call Events',
				value: 'callEvents',
				action: 'On call events',
				description: 'The agent\'s webhook: call started, ended, analyzed, transcript and transfer updates',
			},
			{
				name: 'Chat Events',
				value: 'chatEvents',
				action: 'On chat events',
				description: 'The chat agent\'s webhook: chat and SMS conversations started, ended, analyzed',
			},
			{
				name: 'Custom Function',
				value: 'customFunction',
				action: 'On custom function call',
				description: 'A custom function the agent calls mid-call; the workflow answers with the result',
			},
			{
				name: 'Inbound Call',
				value: 'inboundCall',
				action: 'On inbound call',
				description: 'A phone number\'s inbound webhook; the workflow picks the agent and dynamic variables',
			},
			{
				name: 'Inbound SMS',
				value: 'inboundSms',
				action: 'On inbound SMS',
				description: 'A phone number\'s inbound SMS webhook; the workflow picks the chat agent and dynamic variables',
			},
		],
	},
	...callEventsProperties,
	...chatEventsProperties,
	...customFunctionProperties,
	...inboundCallProperties,
	...inboundSmsProperties,
	...securityProperties,
];
