import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { nodeApiError, redact } from '../../apiError';
import { isTransientStatus, MAX_ERROR_RETRIES, retryDelayMs } from './index';

/** A file fetched from a storage URL Retell handed out (recordings): not Retell's API, so no SDK and no API key. */
export interface DownloadedFile {
	data: Buffer;
	/** The Content-Type storage answered with, without parameters; undefined when it sent none. */
	mimeType: string | undefined;
	/** The URL's last path segment, e.g. `recording.wav`. */
	fileName: string | undefined;
}

export interface DownloadOptions {
	itemIndex: number;
	/** What the file is, for messages: "recording". */
	label: string;
	/** The fix when the URL's signature has expired: how to get a fresh URL. */
	whenExpired: string;
	/** The fix when storage no longer has the file (404). */
	whenMissing: string;
}

/** The URL without its query string, which holds the signature of a signed URL: the only form messages may show. */
export function withoutQuery(url: string): string {
	return url.replace(/[?#].*$/s, '');
}

/**
 * When a signed URL stops working, if its query says: S3 presigned (`X-Amz-Date` + `X-Amz-Expires`,
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-presigned-url.html) or CloudFront / S3 v2 (`Expires`,
 * epoch seconds).
 */
export function signedUrlExpiry(url: string): number | undefined {
	let query: URLSearchParams;
	try {
		query = new URL(url).searchParams;
	} catch {
		return undefined;
	}
	const date = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(query.get('X-Amz-Date') ?? '');
	const lifetime = Number(query.get('X-Amz-Expires') ?? Number.NaN);
	if (date && Number.isFinite(lifetime)) {
		const [, year, month, day, hour, minute, second] = date.map(Number);
		return Date.UTC(year, month - 1, day, hour, minute, second) + lifetime * 1000;
	}
	const expires = Number(query.get('Expires') ?? Number.NaN);
	return Number.isFinite(expires) ? expires * 1000 : undefined;
}

/** Every value of the URL's query, removed from text storage sent back (an error body may quote the request). */
function scrubber(url: string): (text: string) => string {
	const secrets: string[] = [];
	try {
		const parsed = new URL(url);
		secrets.push(parsed.search.slice(1), ...parsed.searchParams.values());
	} catch {
		// Not a URL: the request fails before any text comes back.
	}
	return (text) => secrets.reduce((scrubbed, secret) => redact(scrubbed, secret), text);
}

/** S3 and GCS answer errors as XML `<Error><Code>…</Code><Message>…</Message>`; plain text is kept to its first line. */
function storageError(body: Buffer): { code?: string; message?: string } {
	const text = body.subarray(0, 4096).toString('utf8').trim();
	const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
	const xmlMessage = /<Message>([^<]*)<\/Message>/.exec(text)?.[1];
	const plain = text.startsWith('<') ? undefined : text.split('\n')[0]?.slice(0, 200);
	return { code: code || undefined, message: xmlMessage || (code ? undefined : plain) || undefined };
}

function lastSegment(url: string): string | undefined {
	const segment = url.split('/').pop() ?? '';
	try {
		return decodeURIComponent(segment) || undefined;
	} catch {
		return segment || undefined;
	}
}

function header(headers: IDataObject, name: string): string | undefined {
	const value = headers[name] ?? headers[name.toLowerCase()];
	return typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined;
}

function errorCode(error: unknown): string | undefined {
	if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
	return undefined;
}

interface StorageAnswer {
	statusCode: number;
	headers: IDataObject;
	body: unknown;
}

function isStorageAnswer(value: unknown): value is StorageAnswer {
	return typeof value === 'object' && value !== null && 'statusCode' in value && typeof value.statusCode === 'number';
}

/**
 * GETs a file from a (possibly signed) storage URL with n8n's own HTTP client, retrying connection errors and 5xx
 * like a read. Every failure is a NodeApiError that shows the URL without its query: the signature never reaches
 * a message.
 */
export async function downloadFile(context: IExecuteFunctions, url: string, options: DownloadOptions): Promise<DownloadedFile> {
	const node = context.getNode();
	const bare = withoutQuery(url);
	const scrub = scrubber(url);
	const { itemIndex, label } = options;
	for (let attempt = 0; ; attempt++) {
		let answer: StorageAnswer;
		try {
			const response: unknown = await context.helpers.httpRequest({
				url,
				method: 'GET',
				encoding: 'arraybuffer',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
			});
			if (!isStorageAnswer(response)) throw new Error('no HTTP response');
			answer = response;
		} catch (error) {
			if (attempt < MAX_ERROR_RETRIES) {
				await sleep(retryDelayMs(attempt, undefined));
				continue;
			}
			const reason = scrub(errorCode(error) ?? (error instanceof Error ? error.message : String(error)));
			throw nodeApiError(node, { status: null, message: reason }, {
				message: `Could not download the ${label}: ${reason}`,
				description: `${bare} did not answer. Check that n8n can reach it (proxy, firewall, DNS).`,
				itemIndex,
			});
		}
		const { statusCode: status, headers } = answer;
		const body = Buffer.isBuffer(answer.body) ? answer.body : Buffer.from(typeof answer.body === 'string' ? answer.body : '');
		if (status >= 200 && status < 300) {
			return {
				data: body,
				mimeType: header(headers, 'content-type')?.split(';')[0]?.trim() || undefined,
				fileName: lastSegment(bare),
			};
		}
		if (isTransientStatus(status) && attempt < MAX_ERROR_RETRIES) {
			await sleep(retryDelayMs(attempt, undefined));
			continue;
		}
		const stored = storageError(body);
		const code = stored.code ? scrub(stored.code) : undefined;
		const said = stored.message ? scrub(stored.message).replace(/\.$/, '') : undefined;
		const answered = `${bare} answered ${status}${code ? ` ${code}` : ''}${said ? `: ${said}` : ''}.`;
		const response: JsonObject = { status, message: said ?? null, code: code ?? null };
		const expiry = signedUrlExpiry(url);
		const expired = (status === 400 || status === 403) && (/expired/i.test(`${code ?? ''} ${said ?? ''}`) || (expiry !== undefined && expiry <= Date.now()));
		let message: string;
		let description: string;
		if (expired) {
			message = `The ${label}'s signed URL has expired`;
			description = `${answered} ${options.whenExpired}`;
		} else if (status === 404) {
			message = `The ${label} is no longer in storage`;
			description = `${answered} ${options.whenMissing}`;
		} else if (status === 401 || status === 403) {
			message = `Storage refused the ${label} download`;
			description = `${answered} ${options.whenExpired}`;
		} else {
			message = `Downloading the ${label} failed with HTTP ${status}`;
			description = isTransientStatus(status) ? `${answered} It failed ${MAX_ERROR_RETRIES + 1} times; run the node again later.` : answered;
		}
		throw nodeApiError(node, response, { message, description, httpCode: String(status), itemIndex });
	}
}
