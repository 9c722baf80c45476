import type { INodeProperties } from 'n8n-workflow';

import type { FieldReader } from '../../../shared/parameters';

/** The number settings Buy, Import and Update share, as options of their collection. */
export const numberSettingOptions: INodeProperties[] = [
	{
		displayName: 'Inbound Webhook URL',
		name: 'inboundWebhookUrl',
		type: 'string',
		default: '',
		placeholder: 'https://n8n.example.com/webhook/…',
		description:
			'Retell asks this URL which agent and dynamic variables to use for every inbound call (e.g. a Retell Trigger in Inbound Call mode)',
	},
	{
		displayName: 'Nickname',
		name: 'nickname',
		type: 'string',
		default: '',
		description: 'A name for your own reference',
	},
];

export function readNumberSettings(fields: FieldReader) {
	return {
		nickname: fields.string('nickname'),
		inbound_webhook_url: fields.string('inboundWebhookUrl'),
	};
}
