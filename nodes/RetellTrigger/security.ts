/** Retell's published source address for webhooks. https://docs.retellai.com/features/secure-webhook */
export const RETELL_SOURCE_IP = '100.20.5.228';

/** `::ffff:100.20.5.228` (an IPv4 peer on a dual-stack socket) is the same address as `100.20.5.228`. */
function normalizeAddress(address: string): string {
	const trimmed = address.trim().toLowerCase();
	return trimmed.startsWith('::ffff:') && trimmed.includes('.') ? trimmed.slice('::ffff:'.length) : trimmed;
}

/**
 * The address the request came from. The socket's peer, unless n8n sits behind a reverse proxy: then
 * the last `X-Forwarded-For` entry, the one that proxy appended. Entries further left are written by
 * the client and prove nothing, so exactly one proxy hop is assumed.
 */
export function sourceAddress(
	remoteAddress: string | undefined,
	forwardedFor: string | string[] | undefined,
	behindProxy: boolean,
): string | undefined {
	if (behindProxy) {
		const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
		const last = header
			?.split(',')
			.map((entry) => entry.trim())
			.filter(Boolean)
			.at(-1);
		return last === undefined ? undefined : normalizeAddress(last);
	}
	return remoteAddress === undefined ? undefined : normalizeAddress(remoteAddress);
}

export function parseAddressList(list: string): string[] {
	return list
		.split(/[\s,]+/)
		.map((entry) => entry.trim())
		.filter(Boolean)
		.map(normalizeAddress);
}

export function isAllowedSource(address: string | undefined, allowed: string[]): boolean {
	return address !== undefined && allowed.includes(normalizeAddress(address));
}
