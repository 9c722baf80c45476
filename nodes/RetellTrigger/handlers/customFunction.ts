import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { isDataObject } from '../../shared/dataObject';
import { toFunctionCallItem } from '../payloads';
import { getRequest, reject, startWorkflow } from './request';

export function handleFunctionCall(context: IWebhookFunctions): IWebhookResponseData {
	const request = getRequest(context);
	const query = context.getQueryData();
	const item = toFunctionCallItem({
		method: request.method ?? 'POST',
		contentType: request.headers['content-type'],
		bodyBytes: request.rawBody?.length ?? 0,
		body: context.getBodyData(),
		query: isDataObject(query) ? query : {},
	});
	if (!item.ok) return reject(context, { status: 400, message: item.message });
	return startWorkflow(item.value);
}
