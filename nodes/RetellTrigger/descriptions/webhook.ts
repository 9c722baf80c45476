import type { IWebhookDescription } from 'n8n-workflow';

/**
 * One webhook whose method, path and response mode follow the Mode parameter (the pattern of n8n's own
 * Webhook node): each mode has its own URL, so switching modes never feeds one kind of request to another.
 * - Call Events: `onReceived`, or `lastNode` with no body when acknowledging after the workflow
 *   (n8n then answers 500 if the workflow fails, and Retell retries). `responseData` is set explicitly:
 *   in `onReceived` n8n would otherwise answer the literal text "firstEntryJson".
 * - Custom Function / Inbound Call: `lastNode`, the last node's first item is the answer.
 */
export const retellWebhook: IWebhookDescription = {
	name: 'default',
	httpMethod: '={{$parameter["mode"] === "customFunction" ? $parameter["httpMethod"] : "POST"}}',
	path: '={{$parameter["mode"] === "customFunction" ? "function" : $parameter["mode"] === "inboundCall" ? "inbound" : "events"}}',
	responseMode:
		'={{$parameter["mode"] === "callEvents" && $parameter["acknowledge"] !== "afterWorkflow" ? "onReceived" : "lastNode"}}',
	responseData: '={{$parameter["mode"] === "callEvents" ? "noData" : "firstEntryJson"}}',
	responsePropertyName:
		'={{$parameter["mode"] === "customFunction" ? (($parameter["functionOptions"] || {})["responseField"] || undefined) : undefined}}',
};
