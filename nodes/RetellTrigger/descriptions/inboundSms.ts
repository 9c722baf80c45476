import type { INodeProperties } from 'n8n-workflow';

import { phoneNumberLocator } from '../../shared/retell/fields';
import { registrationProperties } from './registration';
import { answerWithinProperties } from './answerWithin';
import { respondProperty } from './respond';

const show = { mode: ['inboundSms'] };

export const inboundSmsProperties: INodeProperties[] = [
	{
		displayName:
			'Retell calls the <b>Production URL</b> (<i>Webhook URLs</i> above) when an SMS starts a new conversation on the number, and waits up to 10 s before its agent replies. Set it as the number\'s inbound SMS webhook in Retell or with Register On below, and answer with Retell → Webhook Response → Build Inbound SMS Response. <a href="https://docs.retellai.com/features/inbound-call-webhook" target="_blank">More info</a>',
		name: 'inboundSmsNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	{
		...respondProperty('inboundSms', 'answer'),
		hint: 'Retell reads only {"chat_inbound": {…}} with text variable values, as Build Inbound SMS Response shapes it. If the workflow fails, Retell retries, then uses the number\'s inbound SMS agent.',
	},
	...answerWithinProperties('inboundSms'),
	...registrationProperties(
		'inboundSms',
		{
			name: 'Phone Number',
			value: 'phoneNumber',
			description:
				'On activation, set the number\'s inbound SMS webhook URL to this node; on deactivation, put the previous one back',
		},
		{ ...phoneNumberLocator, description: 'The Retell phone number whose inbound SMS webhook URL this node sets' },
	),
];
