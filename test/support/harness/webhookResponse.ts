import type { ServerResponse } from 'node:http';
import type { IDataObject, IN8nHttpFullResponse, INodeExecutionData } from 'n8n-workflow';

export interface N8nResponse extends ServerResponse {
	status(code: number): N8nResponse;
	json(body: unknown): N8nResponse;
	send(body: string | Buffer | undefined): N8nResponse;
}

export const LATE_WRITE_MESSAGE = 'Cannot set headers after they are sent to the client';

/** Express's `status`/`json`/`send` on a Node response, recording what was sent for `exchanges`. */
export function asResponse(res: ServerResponse): { response: N8nResponse; sentBody: () => string } {
	const chunks: Buffer[] = [];
	const end = res.end.bind(res);
	// Express's send sets Content-Length whatever was sent before, so a second answer throws.
	const assertNotSent = () => {
		if (res.headersSent) throw Object.assign(new Error(LATE_WRITE_MESSAGE), { code: 'ERR_HTTP_HEADERS_SENT' });
	};
	const response = Object.assign(res, {
		end(chunk?: string | Buffer) {
			if (chunk !== undefined) chunks.push(Buffer.from(chunk));
			return end(chunk);
		},
		status(code: number) {
			res.statusCode = code;
			return response;
		},
		send(body: string | Buffer | undefined) {
			assertNotSent();
			if (typeof body === 'string' && !res.hasHeader('content-type')) res.setHeader('content-type', 'text/html; charset=utf-8');
			response.end(body);
			return response;
		},
		json(body: unknown) {
			assertNotSent();
			if (!res.hasHeader('content-type')) res.setHeader('content-type', 'application/json; charset=utf-8');
			response.end(body === undefined ? undefined : JSON.stringify(body));
			return response;
		},
	}) as N8nResponse;
	return { response, sentBody: () => Buffer.concat(chunks).toString('utf8') };
}

export function firstEntryJson(items: INodeExecutionData[], propertyName: string | undefined): unknown {
	const json = items[0]?.json;
	if (propertyName === undefined) return json;
	return propertyName.split('.').reduce<unknown>((value, key) => (value !== null && typeof value === 'object' ? (value as IDataObject)[key] : undefined), json);
}

/** What n8n does with a `sendResponse` answer (webhook-helpers.ts `setupResponseNodePromise`, JSON or text body). */
export function sendNodeResponse(res: N8nResponse, response: IN8nHttpFullResponse): void {
	res.status(response.statusCode ?? 200);
	for (const [name, value] of Object.entries(response.headers ?? {})) res.setHeader(name, String(value));
	if (typeof response.body === 'string') res.send(response.body);
	else res.json(response.body);
}
