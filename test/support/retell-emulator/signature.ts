import { createHmac } from 'node:crypto';

/**
 * The `X-Retell-Signature` value for a body: `v=<epoch ms>,d=<hex HMAC-SHA256(apiKey, rawBody + v)>`.
 * Scheme: retell-api.md §5.1, https://docs.retellai.com/features/secure-webhook.
 */
export function signRetellBody(rawBody: string, apiKey: string, nowMs: number): string {
	const v = String(Math.trunc(nowMs));
	const digest = createHmac('sha256', apiKey).update(rawBody, 'utf8').update(v, 'utf8').digest('hex');
	return `v=${v},d=${digest}`;
}
