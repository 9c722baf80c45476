import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

type NodeApiErrorOptions = ConstructorParameters<typeof NodeApiError>[2] & { message: string };

/**
 * A NodeApiError that keeps its message: n8n's constructor replaces one that mentions a Node error code
 * (ECONNREFUSED, ETIMEDOUT…) with its generic text ("The service refused the connection - perhaps it is offline"),
 * even one passed explicitly, and ours already says which service failed and what to do.
 */
export function nodeApiError(node: INode, response: JsonObject, options: NodeApiErrorOptions): NodeApiError {
	const error = new NodeApiError(node, response, options);
	error.message = options.message;
	return error;
}

/** A credential's secret must never reach an error message, a description or an output item. */
export function redact(value: string, secret: string): string {
	return secret.length >= 4 ? value.split(secret).join('[redacted]') : value;
}
