import { createHmac } from 'node:crypto';

/** X-Retell-Signature headers (retell-api.md §5.1), made and checked independently of the node. */

export const SIGNATURE_TOLERANCE_MS = 300_000;

export function hmacHex(key: string, body: Buffer, timestamp: string): string {
	return createHmac('sha256', key).update(body).update(timestamp, 'utf8').digest('hex');
}

export function signature(key: string, body: Buffer, timestampMs: number): string {
	const v = String(Math.trunc(timestampMs));
	return `v=${v},d=${hmacHex(key, body, v)}`;
}

/**
 * The documented rule, written independently of the node (retell-api.md §5.1, the minimal verifier): the test's own
 * check that a case meant to be unsigned really is.
 */
export function documentedVerify(body: Buffer, header: string | undefined, key: string, nowMs: number): boolean {
	const match = /^v=(\d+),d=([0-9a-f]{64})$/i.exec(header ?? '');
	const timestamp = match ? Number(match[1]) : NaN;
	if (!match || !Number.isSafeInteger(timestamp) || Math.abs(nowMs - timestamp) > SIGNATURE_TOLERANCE_MS) return false;
	return hmacHex(key, body, String(timestamp)) === match[2].toLowerCase();
}
