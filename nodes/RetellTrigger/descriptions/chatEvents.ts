import type { INodeProperties } from 'n8n-workflow';

import { chatEventOptions, DEFAULT_CHAT_EVENTS } from '../../shared/retell/events';
import { acknowledgeProperty } from './callEvents';

const show = { mode: ['chatEvents'] };

export const chatEventsProperties: INodeProperties[] = [
	{
		displayName:
			'Retell sends chat and SMS events to the <b>Production URL</b> (open <i>Webhook URLs</i> above and switch to Production). Paste it into the chat agent in Retell (Webhook Settings), or set it with Retell → Chat Agent → Update (Webhook URL). <a href="https://docs.retellai.com/features/webhook" target="_blank">More info</a>',
		name: 'chatEventsNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: [...DEFAULT_CHAT_EVENTS],
		description: 'Which chat events start the workflow. Others are acknowledged without running it.',
		options: chatEventOptions(),
		displayOptions: { show },
	},
	{ ...acknowledgeProperty, displayOptions: { show } },
];
