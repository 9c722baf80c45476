import type { IncomingMessage } from 'node:http';
import { parse as parseQueryString } from 'node:querystring';
import type { IDataObject } from 'n8n-workflow';

/** n8n's default `N8N_PAYLOAD_SIZE_MAX` (16 MiB). */
const N8N_PAYLOAD_LIMIT = 16 * 1024 * 1024;

export interface N8nRequest extends IncomingMessage {
	body?: unknown;
	query: IDataObject;
	params: IDataObject;
}

export class HttpError extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size <= N8N_PAYLOAD_LIMIT) chunks.push(chunk);
		});
		req.on('end', () =>
			size > N8N_PAYLOAD_LIMIT ? reject(new HttpError(413, 'request entity too large')) : resolve(Buffer.concat(chunks)),
		);
		req.on('error', reject);
	});
}

/** n8n-core's parseIncomingMessage + n8n's body parser: `contentType`, `rawBody`, and `body` for the types n8n parses. */
export function prepareRequest(req: IncomingMessage, rawBody: Buffer, url: URL): N8nRequest {
	const request = req as N8nRequest;
	const contentType = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
	request.contentType = contentType;
	request.encoding = 'utf-8';
	request.rawBody = rawBody;
	request.readRawBody = async () => {};
	request.query = parseQueryString(url.search.slice(1)) as IDataObject;
	request.params = {};
	if (rawBody.length === 0) return request;
	const text = rawBody.toString('utf8');
	if (contentType === 'application/json') {
		try {
			request.body = JSON.parse(text);
		} catch (error) {
			throw new HttpError(422, `Failed to parse request body: ${(error as Error).message}`);
		}
	} else if (contentType === 'text/plain') {
		request.body = text;
	} else if (contentType === 'application/x-www-form-urlencoded') {
		request.body = parseQueryString(text);
	}
	return request;
}
