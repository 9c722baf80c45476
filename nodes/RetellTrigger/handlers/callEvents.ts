import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { getBoolean, getList } from '../../shared/parameters';
import type { Parsed } from '../../shared/validation';
import { readEventName, toCallEventItem, toChatEventItem } from '../payloads';
import { reject, startWorkflow } from './request';
import { logEvent } from './sessionLog';

/** Retell only needs a 2xx; answering here (without workflowData) starts no execution. */
const NOT_STARTED = { received: true, started: false };

/** Call Events and Chat Events: an agent webhook event, wanted or only acknowledged. */
function eventHandler(toItem: (body: unknown) => Parsed<IDataObject>): (context: IWebhookFunctions) => IWebhookResponseData {
	return (context) => {
		const body = context.getBodyData();
		const event = readEventName(body);
		if (!event.ok) return reject(context, { status: 400, message: event.message });
		if (!getList(context, 'events').includes(event.value)) return { webhookResponse: NOT_STARTED };

		const item = toItem(body);
		if (!item.ok) return reject(context, { status: 400, message: item.message });
		return startWorkflow(item.value);
	};
}

const handleCallEventOnly = eventHandler(toCallEventItem);

/**
 * Call Events with Log Events to Supabase: an event to log is stored before it is answered, so a 2xx always means a
 * stored row; only the chosen events start the workflow, with the merge's report on their item.
 */
async function handleLoggedCallEvent(context: IWebhookFunctions): Promise<IWebhookResponseData> {
	const body = context.getBodyData();
	const event = readEventName(body);
	if (!event.ok) return reject(context, { status: 400, message: event.message });
	const starts = getList(context, 'events').includes(event.value);
	if (!getList(context, 'loggedEvents').includes(event.value)) return starts ? handleCallEventOnly(context) : { webhookResponse: NOT_STARTED };

	const item = toCallEventItem(body);
	if (!item.ok) return reject(context, { status: 400, message: item.message });
	const logged = await logEvent(context, body);
	if ('rejection' in logged) return reject(context, logged.rejection);
	if (!starts) return { webhookResponse: { ...NOT_STARTED, logged: logged.stored.action } };
	return startWorkflow({ ...item.value, session_log: { ...logged.stored } });
}

export async function handleCallEvent(context: IWebhookFunctions): Promise<IWebhookResponseData> {
	return getBoolean(context, 'logEvents') ? await handleLoggedCallEvent(context) : handleCallEventOnly(context);
}

export const handleChatEvent = eventHandler(toChatEventItem);
