import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { getOption } from '../../shared/parameters';
import { TRIGGER_MODES, type TriggerMode } from '../descriptions';
import { handleCallEvent } from './callEvents';
import { handleFunctionCall } from './customFunction';
import { handleInboundCall } from './inboundCall';
import { checkRequest, reject } from './request';

const handlers: Record<TriggerMode, (context: IWebhookFunctions) => IWebhookResponseData> = {
	callEvents: handleCallEvent,
	customFunction: handleFunctionCall,
	inboundCall: handleInboundCall,
};

export async function handleWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const rejection = await checkRequest(this);
	if (rejection) return reject(this, rejection);
	const mode = getOption(this, 'mode', TRIGGER_MODES);
	return handlers[mode](this);
}
