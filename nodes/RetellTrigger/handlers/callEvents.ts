import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { getList } from '../../shared/parameters';
import type { Parsed } from '../../shared/validation';
import { readEventName, toCallEventItem, toChatEventItem } from '../payloads';
import { reject, startWorkflow } from './request';

/** Call Events and Chat Events: an agent webhook event, wanted or only acknowledged. */
function eventHandler(toItem: (body: unknown) => Parsed<IDataObject>): (context: IWebhookFunctions) => IWebhookResponseData {
	return (context) => {
		const body = context.getBodyData();
		const event = readEventName(body);
		if (!event.ok) return reject(context, { status: 400, message: event.message });

		const wanted = getList(context, 'events');
		// Retell only needs a 2xx; answering here (without workflowData) starts no execution.
		if (!wanted.includes(event.value)) return { webhookResponse: { received: true, started: false } };

		const item = toItem(body);
		if (!item.ok) return reject(context, { status: 400, message: item.message });
		return startWorkflow(item.value);
	};
}

export const handleCallEvent = eventHandler(toCallEventItem);
export const handleChatEvent = eventHandler(toChatEventItem);
