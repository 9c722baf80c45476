import type { INodeProperties } from 'n8n-workflow';

import { phoneNumberLocator } from '../../Retell/actions/common.descriptions';
import { registrationProperties } from './registration';
import { respondProperty } from './respond';

const show = { mode: ['inboundCall'] };

export const inboundCallProperties: INodeProperties[] = [
	{
		displayName:
			'Retell calls the Production URL above when the phone number receives a call, and waits (up to 10 s, while it rings) for the answer. Answer with Retell → Webhook Response → Build Inbound Call Response (see Respond), which shapes it as Retell requires ({"call_inbound": {…}} with text variable values; Retell ignores anything else). If the workflow fails, n8n answers 500: Retell retries, then uses the number\'s inbound agent or hangs up.',
		name: 'inboundCallNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	respondProperty('inboundCall', 'answer'),
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
