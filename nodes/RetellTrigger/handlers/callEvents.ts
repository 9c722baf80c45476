import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { getList } from '../../shared/parameters';
import { readEventName, toCallEventItem } from '../payloads';
import { reject, startWorkflow } from './request';

export function handleCallEvent(context: IWebhookFunctions): IWebhookResponseData {
	const body = context.getBodyData();
	const event = readEventName(body);
	if (!event.ok) return reject(context, { status: 400, message: event.message });

	const wanted = getList(context, 'events');
	// Retell only needs a 2xx; answering here (without workflowData) starts no execution.
	if (!wanted.includes(event.value)) return { webhookResponse: { received: true, started: false } };

	const item = toCallEventItem(body);
	if (!item.ok) return reject(context, { status: 400, message: item.message });
	return startWorkflow(item.value);
}
