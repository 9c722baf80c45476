import { signRetellBody } from '../../test/support/retell-emulator';
import { sleep } from './n8n';
import type { Stack } from './stack';
import { isRecord } from './json';

export interface SignedRequestOptions {
	/** Signature timestamp (ms); default now. */
	timestampMs?: number;
	/** Sign these bytes but send `body` (a tampered body). */
	signedBody?: string;
	/** Send no X-Retell-Signature header at all. */
	unsigned?: boolean;
	/** Sign with another key. */
	apiKey?: string;
	method?: string;
}

/** A request as Retell sends it: raw JSON body, `X-Retell-Signature: v=<ms>,d=<hmac>` over body + v. */
export async function retellPost(
	url: string,
	body: string,
	apiKey: string,
	options: SignedRequestOptions = {},
): Promise<{ status: number; text: string; json: unknown }> {
	const signature = signRetellBody(options.signedBody ?? body, options.apiKey ?? apiKey, options.timestampMs ?? Date.now());
	const response = await fetch(url, {
		method: options.method ?? 'POST',
		headers: {
			'Content-Type': 'application/json',
			'User-Agent': 'axios/1.7.7',
			...(options.unsigned ? {} : { 'X-Retell-Signature': signature }),
		},
		body,
	});
	const text = await response.text();
	let json: unknown;
	try {
		json = text === '' ? undefined : JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: response.status, text, json };
}

/** Rows through the Supabase REST API with the service-role key, as an app would read them. */
export async function supabaseSelect(stack: Stack, table: string, query: string): Promise<Array<Record<string, unknown>>> {
	const response = await fetch(`${stack.supabase.url}/rest/v1/${table}?${query}`, {
		headers: { apikey: stack.supabase.serviceRoleKey, Authorization: `Bearer ${stack.supabase.serviceRoleKey}` },
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`GET /rest/v1/${table}?${query}: ${response.status} ${text}`);
	const rows: unknown = JSON.parse(text);
	if (!Array.isArray(rows)) throw new Error(`GET /rest/v1/${table}: not an array`);
	return rows.filter(isRecord);
}

export async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 30_000, what = 'condition'): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let last: T = await probe();
	while (!accept(last)) {
		if (Date.now() > deadline) throw new Error(`${what} not met after ${timeoutMs} ms; last value: ${JSON.stringify(last)?.slice(0, 2000)}`);
		await sleep(250);
		last = await probe();
	}
	return last;
}

