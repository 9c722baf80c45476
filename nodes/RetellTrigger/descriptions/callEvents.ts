import type { INodeProperties } from 'n8n-workflow';

import { agentLocator } from '../../shared/retell/fields';
import { CALL_EVENTS, callEventOptions, DEFAULT_CALL_EVENTS } from '../../shared/retell/events';
import { registrationProperties } from './registration';

const show = { mode: ['callEvents'] };

/** When an agent webhook event is answered; the webhook's response mode follows it (shared/retell/webhook.ts). */
export const acknowledgeProperty: INodeProperties = {
	displayName: 'Acknowledge',
	name: 'acknowledge',
	type: 'options',
	default: 'immediately',
	options: [
		{
			name: 'Immediately',
			value: 'immediately',
			description: 'Answer 200 as soon as the event is verified; a failed workflow is not retried by Retell',
		},
		{
			name: 'After the Workflow Finishes',
			value: 'afterWorkflow',
			description:
				'Answer 200 only when the workflow succeeds, so Retell retries (up to 3 times) when it fails. The workflow must finish within the agent\'s webhook timeout (10 s by default), or Retell retries while it still runs.',
		},
	],
};

export const callEventsProperties: INodeProperties[] = [
	{
		displayName:
			'Retell sends call events to the <b>Production URL</b> (open <i>Webhook URLs</i> above and switch to Production). Paste it into the agent in Retell (Webhook Settings), or set Register On below. <a href="https://docs.retellai.com/features/webhook-overview" target="_blank">More info</a>',
		name: 'callEventsNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: [...DEFAULT_CALL_EVENTS],
		description:
			'Which events start the workflow. Others are acknowledged without running it. With Register On: Agent, the agent is also told to send only these (and the Events to Log).',
		options: callEventOptions({ withActions: true }),
		displayOptions: { show },
	},
	{
		displayName: 'Log Events to Supabase',
		name: 'logEvents',
		type: 'boolean',
		default: false,
		description:
			'Whether to store events in the Supabase session log (the merge of Retell Supabase → Session → Log) before answering Retell, without an execution for the events that only need logging. Use it for high volumes, such as Transcript Updated on every turn.',
		displayOptions: { show },
	},
	{
		displayName:
			'Each event is stored in <code>retell_call_sessions</code> before Retell gets its 200: one database round trip inside the answer, none of an execution\'s cost. Events arriving together share one request. If Supabase fails, Retell gets 503 and sends the event again; Session → Reconcile still repairs what Retell gave up on.',
		name: 'logEventsNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { ...show, logEvents: [true] } },
	},
	{
		displayName: 'Events to Log',
		name: 'loggedEvents',
		type: 'multiOptions',
		default: [...CALL_EVENTS],
		description:
			'Which events are stored before they are answered. An event that is logged and also starts the workflow is stored first; its item then says whether it was the first delivery (session_log.first_delivery).',
		options: callEventOptions({ withActions: false }),
		displayOptions: { show: { ...show, logEvents: [true] } },
	},
	{ ...acknowledgeProperty, displayOptions: { show } },
	...registrationProperties(
		'callEvents',
		{
			name: 'Agent',
			value: 'agent',
			description:
				'On activation, set the agent\'s webhook URL and events to this node; on deactivation, put the previous ones back',
		},
		{
			...agentLocator,
			description:
				'The agent whose webhook URL this node sets, on its latest draft version (a new draft when the latest version is published)',
		},
	),
	{
		displayName: 'Publish Agent Version',
		name: 'publishAgentVersion',
		type: 'boolean',
		default: false,
		description:
			'Whether to publish the agent version that holds this URL, so numbers bound to "latest_published" send their calls here; on deactivation the previous URL is published again. Activation stops, changing nothing, when a bound number would run another version.',
		displayOptions: { show: { ...show, registration: ['agent'] } },
	},
];
