import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { type InboundChannel, toInboundItem } from '../payloads';
import { reject, startWorkflow } from './request';

/** Inbound Call and Inbound SMS: one item from the number's inbound webhook; the workflow's answer goes back to Retell. */
export function inboundHandler(channel: InboundChannel): (context: IWebhookFunctions) => IWebhookResponseData {
	return (context) => {
		const item = toInboundItem(context.getBodyData(), channel);
		if (!item.ok) return reject(context, { status: 400, message: item.message });
		return startWorkflow(item.value);
	};
}
