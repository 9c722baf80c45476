import type { INodeProperties } from 'n8n-workflow';

import { chatEventOptions, DEFAULT_CHAT_EVENTS } from '../../shared/retell/events';
import { chatAgentLocator } from '../../shared/retell/fields';
import { acknowledgeProperty } from './callEvents';
import { registrationProperties } from './registration';

const show = { mode: ['chatEvents'] };

export const chatEventsProperties: INodeProperties[] = [
	{
		displayName:
			'Retell sends chat and SMS events to the <b>Production URL</b> (open <i>Webhook URLs</i> above and switch to Production). Paste it into the chat agent in Retell (Webhook Settings), or set Register On below. <a href="https://docs.retellai.com/features/webhook" target="_blank">More info</a>',
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
		description:
			'Which chat events start the workflow. Others are acknowledged without running it. With Register On: Chat Agent, the chat agent is also told to send only these.',
		options: chatEventOptions(),
		displayOptions: { show },
	},
	{ ...acknowledgeProperty, displayOptions: { show } },
	...registrationProperties(
		'chatEvents',
		{
			name: 'Chat Agent',
			value: 'chatAgent',
			description:
				"On activation, set the chat agent's webhook URL and events to this node; on deactivation, put the previous ones back",
		},
		{
			...chatAgentLocator,
			description:
				'The chat agent whose webhook URL this node sets, on its latest draft version (a new draft when the latest version is published)',
		},
	),
	{
		displayName: 'Publish Agent Version',
		name: 'publishAgentVersion',
		type: 'boolean',
		default: false,
		description:
			'Whether to publish the chat agent version that holds this URL, so numbers whose SMS agent is bound to "latest_published" send their chats here; on deactivation the previous URL is published again. Activation stops, changing nothing, when a bound number would run another version.',
		displayOptions: { show: { ...show, registration: ['chatAgent'] } },
	},
];
