import type { INodeProperties } from 'n8n-workflow';

import { phoneNumberLocator } from '../../shared/retell/fields';
import { registrationProperties } from './registration';
import { answerWithinProperties } from './answerWithin';
import { respondProperty } from './respond';

const show = { mode: ['inboundCall'] };

export const inboundCallProperties: INodeProperties[] = [
	{
		displayName:
			'Retell calls the <b>Production URL</b> (<i>Webhook URLs</i> above) while the number rings and waits up to 10 s. Set it as the number\'s inbound webhook in Retell or with Register On below, and answer with Retell → Webhook Response → Build Inbound Call Response. <a href="https://docs.retellai.com/features/inbound-call-webhook" target="_blank">More info</a>',
		name: 'inboundCallNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	{
		...respondProperty('inboundCall', 'answer'),
		hint: 'Retell reads only {"call_inbound": {…}} with text variable values, as Build Inbound Call Response shapes it. If the workflow fails, Retell retries, then uses the number\'s inbound agent or hangs up.',
	},
	...answerWithinProperties('inboundCall'),
	...registrationProperties(
		'inboundCall',
		{
			name: 'Phone Number',
			value: 'phoneNumber',
			description:
				'On activation, set the number\'s inbound webhook URL to this node; on deactivation, put the previous one back',
		},
		{ ...phoneNumberLocator, description: 'The Retell phone number whose inbound webhook URL this node sets' },
	),
];
