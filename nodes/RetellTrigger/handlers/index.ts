import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { getOption } from '../../shared/parameters';
import { TRIGGER_MODES, type TriggerMode } from '../descriptions';
import { isAnsweringMode } from '../descriptions/answerWithin';
import { handleCallEvent, handleChatEvent } from './callEvents';
import { handleFunctionCall } from './customFunction';
import { inboundHandler } from './inboundCall';
import { armFallback, readFallback } from './fallback';
import { checkRequest, reject } from './request';

type Handler = (context: IWebhookFunctions) => IWebhookResponseData | Promise<IWebhookResponseData>;

const handlers: Record<TriggerMode, Handler> = {
	callEvents: handleCallEvent,
	chatEvents: handleChatEvent,
	customFunction: handleFunctionCall,
	inboundCall: inboundHandler('call_inbound'),
	inboundSms: inboundHandler('chat_inbound'),
};

export async function handleWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const rejection = await checkRequest(this);
	if (rejection) return reject(this, rejection);
	const mode = getOption(this, 'mode', TRIGGER_MODES);
	const result = await handlers[mode](this);
	if (result.workflowData !== undefined && isAnsweringMode(mode)) {
		const fallback = readFallback(this, mode);
		if (fallback) armFallback(this, fallback);
	}
	return result;
}
