import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { toInboundCallItem } from '../payloads';
import { reject, startWorkflow } from './request';

export function handleInboundCall(context: IWebhookFunctions): IWebhookResponseData {
	const item = toInboundCallItem(context.getBodyData());
	if (!item.ok) return reject(context, { status: 400, message: item.message });
	return startWorkflow(item.value);
}
