import type {
	IExecuteFunctions,
	IHookFunctions,
	ILoadOptionsFunctions,
	INode,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';
import type * as RetellSdkModule from 'retell-sdk';

import { nodeApiError, redact } from '../../apiError';

export type RetellClient = RetellSdkModule.Retell;
export type RetellContext = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions;

export interface RetellCredentials {
	apiKey: string;
	baseUrl?: string;
}

/**
 * How safe it is to send a request again when Retell's answer is lost or a server error.
 * - `read`: safe, retried on 408/409/5xx/connection errors.
 * - `write`: an update or delete; repeating it ends in the same state, so retried like a read.
 * - `create`: NOT retried after a timeout or 5xx — the call, number or agent may already exist,
 *   and Retell takes no idempotency key (https://docs.retellai.com/api-references/create-phone-call).
 * - `action`: an action on an existing object that takes effect again when repeated (inject context into a live call,
 *   send a chat message, re-run a billed analysis): NOT retried after a timeout or 5xx, like a create.
 * - `checkedWrite`: a delete or publish, whose repeat answers differently when the first attempt worked
 *   ("not found", "already published"): not retried here; `retellCheckedWrite` looks before it repeats.
 * Every kind is retried on 429: Retell rejected the request, nothing happened.
 */
export type RequestKind = 'read' | 'write' | 'create' | 'action' | 'checkedWrite';

const MAX_RATE_LIMIT_RETRIES = 12;
export const MAX_ERROR_RETRIES = 2;
const MAX_BACKOFF_MS = 8_000;

// A type-only import: erased at build, so the SDK itself is still loaded on first use.
type RetellSdk = typeof RetellSdkModule;
let sdk: Promise<RetellSdk> | undefined;

/** The SDK is loaded on first use, so n8n's start-up and other nodes never pay for it. */
async function loadSdk(): Promise<RetellSdk> {
	sdk ??= import('retell-sdk');
	return await sdk;
}

export async function getRetellCredentials(context: RetellContext): Promise<RetellCredentials> {
	return await context.getCredentials<RetellCredentials>('retellApi');
}

/** Which request each failed response answered: for errors whose body is not Retell's (a wrong Base URL, a proxy). */
const failedRequests = new WeakMap<Headers, string>();

/** The SDK reports an error with the response's own `headers` object, which is how its request is found again. */
async function fetchRecordingFailures(url: string | URL | Request, init?: RequestInit): Promise<Response> {
	const response = await fetch(url, init);
	if (!response.ok) {
		const address = url instanceof Request ? url.url : String(url);
		failedRequests.set(response.headers, `${init?.method ?? 'GET'} ${address.split('?')[0]}`);
	}
	return response;
}

export async function createRetellClient(credentials: RetellCredentials): Promise<RetellClient> {
	const { Retell } = await loadSdk();
	const baseUrl = credentials.baseUrl?.trim();
	return new Retell({
		apiKey: credentials.apiKey,
		// An empty base URL would skip the RETELL_BASE_URL env fallback and go straight to production.
		baseURL: baseUrl ? baseUrl.replace(/\/+$/, '') : undefined,
		// Retries are ours (below): the SDK would also re-send creates after a timeout.
		maxRetries: 0,
		fetch: fetchRecordingFailures,
		// No timeout here: a client-wide one would replace the SDK's longer per-method timeouts (create phone call
		// 120 s; list calls, create batch call 300 s; 60 s otherwise), e.g. retell-sdk 5.66.1 resources/call.js.
	});
}

export async function getRetellClient(context: RetellContext): Promise<RetellClient> {
	return await createRetellClient(await getRetellCredentials(context));
}

interface ApiErrorShape {
	status?: number;
	headers?: Headers;
	error?: unknown;
	message: string;
}

function asApiError(error: unknown, sdkModule: RetellSdk): ApiErrorShape | undefined {
	return error instanceof sdkModule.APIError ? error : undefined;
}

export function retryDelayMs(attempt: number, headers: Headers | undefined): number {
	const retryAfterMs = Number(headers?.get('retry-after-ms'));
	if (Number.isFinite(retryAfterMs) && retryAfterMs > 0) return Math.min(retryAfterMs, 60_000);
	const retryAfter = headers?.get('retry-after');
	if (retryAfter) {
		const seconds = Number(retryAfter);
		const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(retryAfter) - Date.now();
		if (ms > 0) return Math.min(ms, 60_000);
	}
	const backoff = Math.min(250 * 2 ** attempt, MAX_BACKOFF_MS);
	return backoff * (0.5 + Math.random() / 2);
}

/** No answer (connection error, timeout), 408, 409 or 5xx: Retell may answer differently if asked again. */
export function isTransientStatus(status: number | undefined): boolean {
	return status === undefined || status === 408 || status === 409 || status >= 500;
}

/** Retell's `{"status":"error","message":…}` body, if that is what came back. */
function retellMessage(error: ApiErrorShape): string | undefined {
	const body = error.error;
	if (body && typeof body === 'object' && 'message' in body && typeof body.message === 'string') {
		return body.message;
	}
	return undefined;
}

export interface RetellRequestOptions {
	kind: RequestKind;
	itemIndex?: number;
	/** Used for "<Resource> not found" on 404/422 of by-id requests, e.g. "Agent". */
	resourceLabel?: string;
}

/**
 * Runs one Retell request with this package's retry policy and turns every failure into a
 * NodeApiError that carries Retell's own message, the HTTP code and the item index — never the key.
 */
export async function retellRequest<T>(
	context: RetellContext,
	client: RetellClient,
	request: (client: RetellClient) => Promise<T>,
	options: RetellRequestOptions,
): Promise<T> {
	const sdkModule = await loadSdk();
	let rateLimited = 0;
	let failed = 0;
	for (;;) {
		try {
			return await request(client);
		} catch (error) {
			const apiError = asApiError(error, sdkModule);
			if (!apiError) throw error;
			if (apiError.status === 429 && rateLimited < MAX_RATE_LIMIT_RETRIES) {
				await sleep(retryDelayMs(rateLimited++, apiError.headers));
				continue;
			}
			if ((options.kind === 'read' || options.kind === 'write') && isTransientStatus(apiError.status) && failed < MAX_ERROR_RETRIES) {
				await sleep(retryDelayMs(failed++, apiError.headers));
				continue;
			}
			throw toNodeApiError(context.getNode(), apiError, options, client.apiKey);
		}
	}
}

/** Whether a by-id read failed because the object does not exist (older resources answer 422, newer 404). */
export function isNotFoundError(error: unknown): boolean {
	return error instanceof NodeApiError && (error.httpCode === '404' || error.httpCode === '422');
}

/** For `tookEffect` of a delete: true once Retell answers that the object does not exist (422, or 404 with its body). */
export async function isGoneFrom(read: () => Promise<unknown>): Promise<boolean> {
	const sdkModule = await loadSdk();
	try {
		await read();
		return false;
	} catch (error) {
		const apiError = asApiError(error, sdkModule);
		if (apiError && (apiError.status === 404 || apiError.status === 422) && retellMessage(apiError) !== undefined) return true;
		throw error;
	}
}

function toNodeApiError(node: INode, error: ApiErrorShape, options: RetellRequestOptions, apiKey: string): NodeApiError {
	const status = error.status;
	// A proxy or gateway at the Base URL may quote the Authorization header back in its error text.
	const withoutKey = (text: string): string => redact(text, apiKey);
	const retellText = retellMessage(error);
	const fromRetell = retellText === undefined ? undefined : withoutKey(retellText);
	const detail = fromRetell ?? withoutKey(error.message);
	const request = error.headers ? failedRequests.get(error.headers) : undefined;
	let message = `Retell: ${detail}`;
	let description: string | undefined;
	const notRepeated = options.kind === 'create' || options.kind === 'action';
	if (status === undefined) {
		// A create or action may well have reached Retell and been carried out before its answer was lost.
		message = notRepeated ? `Retell did not answer: ${detail}` : `Could not reach Retell: ${detail}`;
	} else if (status === 404 && fromRetell === undefined) {
		// Retell answers every error with {"status":"error","message":…}; a bare 404 came from something else.
		message = 'The Retell endpoint was not found';
		description = `${request ?? 'The request'} answered 404 without Retell's error body. Check the Base URL of the Retell API credential (leave it empty for https://api.retellai.com) and any proxy in between.`;
	} else if ((status === 404 || status === 422) && options.kind !== 'create' && options.resourceLabel) {
		message = `${options.resourceLabel} not found`;
		description = `Retell answered ${status}: ${detail}`;
	} else if (status === 401) {
		description = 'Check the API key in the Retell API credential.';
	} else if (status === 402) {
		description = 'Retell requires a payment method on the account for this request.';
	} else if (status === 429) {
		description = 'Retell kept rate-limiting after several retries. Lower the node\'s concurrency or your account\'s concurrent calls.';
	}
	if (status !== undefined && fromRetell === undefined && request && description === undefined) {
		description = `${request} answered ${status} without Retell's error body.`;
	}
	if (options.kind === 'create' && (status === undefined || status >= 500)) {
		description =
			'Retell did not confirm the request. It may still have been carried out (for a call: the phone may ring), so it was not sent again. Before running it again, look for it with a Get Many (for a call: Call → Get Many, filtered by To Number).';
	} else if (options.kind === 'action' && (status === undefined || status >= 500)) {
		description = `Retell did not confirm the request. It may still have been carried out, so it was not sent again. Before running it again, check the ${options.resourceLabel?.toLowerCase() ?? 'object'} with a Get.`;
	}
	const response: JsonObject = { status: status ?? null, message: detail };
	return nodeApiError(node, response, {
		message,
		description,
		httpCode: status === undefined ? undefined : String(status),
		itemIndex: options.itemIndex,
	});
}

/** A file for an SDK upload (knowledge base sources), made with retell-sdk's own `toFile`. */
export async function toUploadable(data: Buffer, fileName: string, mimeType?: string): Promise<RetellSdkModule.Uploadable> {
	const { toFile } = await loadSdk();
	return await toFile(data, fileName, mimeType ? { type: mimeType } : undefined);
}
