import type { INodeProperties } from 'n8n-workflow';

import { RETELL_SOURCE_IP } from '../security';

export const securityProperties: INodeProperties[] = [
	{
		displayName: 'Skip Signature Check (Testing Only)',
		name: 'skipSignatureCheck',
		type: 'boolean',
		default: false,
		description:
			'Whether to accept requests without a valid X-Retell-Signature. Unsafe: anyone who knows the URL can then start this workflow. Use only to replay a request by hand.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Allowed Source IPs',
				name: 'allowedIps',
				type: 'string',
				default: RETELL_SOURCE_IP,
				description:
					'Accept requests only from these addresses (comma-separated), on top of the signature check. Retell publishes 100.20.5.228. Behind a reverse proxy, also turn on "Behind a Reverse Proxy".',
			},
			{
				displayName: 'Behind a Reverse Proxy',
				name: 'behindProxy',
				type: 'boolean',
				default: false,
				description:
					'Whether to take the source IP from the last X-Forwarded-For entry (the one your proxy appends) instead of the connection. Assumes exactly one proxy in front of n8n; leave off otherwise, or anyone could fake the header.',
			},
		],
	},
];
