import { createHmac, timingSafeEqual } from 'crypto';

/** How far a signature's timestamp may be from our clock, either way, edges included (Retell's own verifier's window). */
export const SIGNATURE_TOLERANCE_MS = 300_000;

// `v=<epoch ms>,d=<64 hex>`, no spaces. Retell's own verifier accepts either hex case.
const SIGNATURE_HEADER = /^v=(\d+),d=([0-9a-f]{64})$/i;

/**
 * Whether `header` is Retell's `X-Retell-Signature` for exactly these body bytes: HMAC-SHA256 keyed with the
 * API key over `rawBody + v`, with `v` (epoch milliseconds) within ±5 minutes of `nowMs`.
 * https://docs.retellai.com/features/secure-webhook
 *
 * The body must be the raw request bytes: re-serialised JSON differs in spacing and escaping.
 * Never throws; anything unexpected is simply "not verified".
 */
export function verifyRetellSignature(
	rawBody: Buffer | string,
	header: string | undefined,
	apiKey: string,
	nowMs: number,
): boolean {
	try {
		if (!apiKey || typeof header !== 'string') return false;
		const match = SIGNATURE_HEADER.exec(header);
		if (!match) return false;
		const timestamp = Number(match[1]);
		if (!Number.isSafeInteger(timestamp) || Math.abs(nowMs - timestamp) > SIGNATURE_TOLERANCE_MS) return false;
		const expected = createHmac('sha256', apiKey).update(rawBody).update(String(timestamp)).digest();
		// Both are 32 bytes: the pattern fixes the digest at 64 hex characters.
		return timingSafeEqual(Buffer.from(match[2], 'hex'), expected);
	} catch {
		return false;
	}
}
