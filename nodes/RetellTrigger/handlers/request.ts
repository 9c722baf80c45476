import type { IncomingMessage } from 'http';
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { getBoolean, getCollection } from '../../shared/parameters';
import { isAllowedSource, parseAddressList, sourceAddress } from '../security';
import { verifiesWithSigningKey } from '../signingKey';
import { verifyRetellSignature } from '../verifySignature';

/** n8n hands the trigger its Express request: a Node request with n8n's raw-body fields (see n8n-workflow's http augmentation). */
type WebhookRequest = IncomingMessage & { ip?: string };

/** The part of Express's response this node writes to. */
interface WebhookReply {
	status(code: number): WebhookReply;
	json(body: unknown): unknown;
	end(): unknown;
}

export interface Rejection {
	status: number;
	/** Sent back for 4xx answers that help a developer; 401/403 answer with an empty body. */
	message: string;
}

const BODYLESS_METHODS = ['GET', 'DELETE', 'HEAD'];

export function getRequest(context: IWebhookFunctions): WebhookRequest {
	return context.getRequestObject();
}

/**
 * The exact bytes Retell signed. n8n keeps them as `rawBody` while parsing the body; if it has not
 * read them yet, `readRawBody()` does. GET/DELETE custom functions have no body and are signed over ''.
 */
async function readRawBody(request: WebhookRequest): Promise<Buffer | undefined> {
	if (request.rawBody === undefined && typeof request.readRawBody === 'function') await request.readRawBody();
	if (request.rawBody !== undefined) return request.rawBody;
	return BODYLESS_METHODS.includes(request.method?.toUpperCase() ?? '') ? Buffer.alloc(0) : undefined;
}

function headerValue(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value[0] : value;
}

/**
 * Source address, then signature: cheap checks first, and nothing of the body
 * is used (or logged) before the signature holds. Fails closed: no key, no raw body or no header
 * means the request is refused.
 */
export async function checkRequest(context: IWebhookFunctions): Promise<Rejection | undefined> {
	const request = getRequest(context);
	const options = getCollection(context, 'options');

	if (options.allowedIps !== undefined) {
		const address = sourceAddress(request.socket?.remoteAddress, request.headers['x-forwarded-for'], options.behindProxy === true);
		if (!isAllowedSource(address, parseAddressList(String(options.allowedIps)))) {
			context.logger.warn('Retell Trigger refused a request from an address that is not allowed', { address });
			return { status: 403, message: 'Forbidden' };
		}
	}

	// No size limit of our own: n8n's body parser already refuses what exceeds N8N_PAYLOAD_SIZE_MAX
	// (16 MiB by default) with 413, and a two-hour call with word timings is several MB.
	const rawBody = await readRawBody(request);

	if (getBoolean(context, 'skipSignatureCheck')) return undefined;
	const signature = headerValue(request.headers['x-retell-signature']);
	const verified =
		rawBody !== undefined &&
		(await verifiesWithSigningKey(context, (apiKey) => verifyRetellSignature(rawBody, signature, apiKey, Date.now())));
	if (!verified) {
		context.logger.warn(
			signature === undefined
				? 'Retell Trigger refused a request without an X-Retell-Signature header'
				: 'Retell Trigger refused a request whose X-Retell-Signature did not verify (wrong API key, altered body or clock more than 5 minutes off)',
		);
		return { status: 401, message: 'Unauthorized' };
	}
	return undefined;
}

/** Answers the request itself, so n8n neither answers nor starts an execution. */
export function reject(context: IWebhookFunctions, rejection: Rejection): IWebhookResponseData {
	const reply: WebhookReply = context.getResponseObject();
	if (rejection.status === 401 || rejection.status === 403) reply.status(rejection.status).end();
	else reply.status(rejection.status).json({ message: rejection.message });
	return { noWebhookResponse: true };
}

export function startWorkflow(json: IDataObject): IWebhookResponseData {
	return { workflowData: [[{ json }]] };
}
