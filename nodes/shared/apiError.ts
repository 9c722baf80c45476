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
