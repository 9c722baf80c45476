import type { INodeProperties } from 'n8n-workflow';

import { agentLocator } from '../../Retell/actions/common.descriptions';
import { registrationProperties } from './registration';

const show = { mode: ['callEvents'] };

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
		// Retell's own default when an agent's webhook_events is unset.
		default: ['call_started', 'call_ended', 'call_analyzed'],
		description:
			'Which events start the workflow. Others are acknowledged without running it. With Register On: Agent, the agent is also told to send only these.',
		options: [
			{ name: 'Call Analyzed', value: 'call_analyzed', action: 'On call analyzed', description: 'Post-call analysis is done; the call includes call_analysis' },
			{ name: 'Call Ended', value: 'call_ended', action: 'On call ended', description: 'The call ended, was transferred or failed' },
			{ name: 'Call Started', value: 'call_started', action: 'On call started', description: 'The call connected (not sent for calls that never connect)' },
			{ name: 'Transcript Updated', value: 'transcript_updated', action: 'On transcript updated', description: 'Every turn change; fires many times per call' },
			{ name: 'Transfer Bridged', value: 'transfer_bridged', action: 'On transfer bridged', description: 'The transfer target answered' },
			{ name: 'Transfer Cancelled', value: 'transfer_cancelled', action: 'On transfer cancelled', description: 'The transfer was cancelled' },
			{ name: 'Transfer Ended', value: 'transfer_ended', action: 'On transfer ended', description: 'The transferred leg ended' },
			{ name: 'Transfer Started', value: 'transfer_started', action: 'On transfer started', description: 'A transfer began' },
		],
		displayOptions: { show },
	},
	{
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
		displayOptions: { show },
	},
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
