/**
 * Retell's API reference pages are named after the endpoint without its version prefix
 * (POST /v2/create-phone-call → /api-references/create-phone-call).
 */
export function apiReference(page: string): string {
	return `https://docs.retellai.com/api-references/${page}`;
}

/** A link that opens in a new tab, for descriptions, notices and hints. */
export function docsLink(url: string, text: string): string {
	return `<a href="${url}" target="_blank">${text}</a>`;
}
