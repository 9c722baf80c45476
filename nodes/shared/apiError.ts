import type { NodeApiError } from 'n8n-workflow';

/**
 * NodeApiError replaces a message that mentions a Node error code (ECONNREFUSED, ETIMEDOUT…) with n8n's
 * generic text ("The service refused the connection - perhaps it is offline"), even one passed explicitly.
 * Our messages already say which service failed and what to do, so they are put back.
 */
export function keepMessage(error: NodeApiError, message: string): NodeApiError {
	error.message = message;
	return error;
}

/** A credential's secret must never reach an error message, a description or an output item. */
export function redact(value: string, secret: string): string {
	return secret.length >= 4 ? value.split(secret).join('[redacted]') : value;
}
