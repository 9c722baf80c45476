import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { isJsonObject, toFunctionCallItem } from '../payloads';
import { getRequest, reject, startWorkflow } from './request';

export function handleFunctionCall(context: IWebhookFunctions): IWebhookResponseData {
	const method = getRequest(context).method ?? 'POST';
	const query = context.getQueryData();
	const item = toFunctionCallItem(method, context.getBodyData(), isJsonObject(query) ? query : {});
	if (!item.ok) return reject(context, { status: 400, message: item.message });
	return startWorkflow(item.value);
}
