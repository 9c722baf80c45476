import type { IDataObject, INodeParameters, IWebhookDescription, NodeParameterValueType } from 'n8n-workflow';
import * as n8nWorkflow from 'n8n-workflow';

import { isDataObject } from '../dataObject';

type Field = (parameters: INodeParameters) => NodeParameterValueType | undefined;

/**
 * One webhook whose method, path and response mode follow the Mode parameter (the pattern of n8n's own
 * Webhook node): each mode has its own URL, so switching modes never feeds one kind of request to another.
 * - Call Events, Chat Events: `onReceived`, or `lastNode` with no body when acknowledging after the workflow
 *   (n8n then answers 500 if the workflow fails, and Retell retries). `responseData` is set explicitly:
 *   in `onReceived` n8n would otherwise answer the literal text "firstEntryJson".
 * - Custom Function, Inbound Call, Inbound SMS: `lastNode`, the last node's first item is the answer; or `responseNode`,
 *   the Retell node's Webhook Response sends it mid-run (n8n's Respond to Webhook accepts only n8n's own
 *   triggers). `lastNode` answers only after n8n has saved the execution; `responseNode` before.
 *
 * Each field is one self-contained function of the parameters: n8n ≥ 2.41 runs it natively per request
 * (`webhookDescriptionFields` + `fromFunction`), older n8n and the editor evaluate the same source as an
 * expression. So no `?.`/`??` and nothing from outside the function body.
 */
const fields = {
	httpMethod: (p) => (p.mode === 'customFunction' ? p.httpMethod : 'POST'),
	path: (p) =>
		p.mode === 'customFunction'
			? 'function'
			: p.mode === 'inboundCall'
				? 'inbound'
				: p.mode === 'inboundSms'
					? 'inbound-sms'
					: p.mode === 'chatEvents'
						? 'chat-events'
						: 'events',
	responseMode: (p) =>
		p.mode === 'callEvents' || p.mode === 'chatEvents'
			? p.acknowledge === 'afterWorkflow'
				? 'lastNode'
				: 'onReceived'
			: p.respond === 'responseNode'
				? 'responseNode'
				: 'lastNode',
	responseData: (p) => (p.mode === 'callEvents' || p.mode === 'chatEvents' ? 'noData' : 'firstEntryJson'),
	responsePropertyName: (p) =>
		p.mode === 'customFunction' ? ((p.functionOptions || {}) as INodeParameters).responseField || undefined : undefined,
} satisfies Record<string, Field>;

type FieldName = keyof typeof fields;

/** The same decisions for the Retell node's Webhook Response, which answers itself in `responseNode` mode. */
export const webhookResponseMode = fields.responseMode;
/** The trigger's URL path per Mode, e.g. for scripts that call an imported workflow's webhook. */
export const webhookPath = fields.path;
export const webhookMethod = fields.httpMethod;
export const webhookResponseField = fields.responsePropertyName;

function mapFields<T>(map: (field: Field) => T): Record<FieldName, T> {
	return Object.fromEntries(Object.entries(fields).map(([name, field]) => [name, map(field)])) as Record<FieldName, T>;
}

/** The expression n8n's `fromFunction` would generate, for n8n versions without it. */
function asTemplate(field: Field): string {
	return `={{(${String(field)})($parameter)}}`;
}

// Read at run time: the peer n8n-workflow of an n8n older than 2.41 has neither helper.
const { fromFunction, webhookDescriptionFields } = n8nWorkflow as Partial<typeof n8nWorkflow>;

export const retellWebhook: IWebhookDescription = {
	name: 'default',
	...(typeof webhookDescriptionFields === 'function' && typeof fromFunction === 'function'
		? webhookDescriptionFields(mapFields(fromFunction))
		: mapFields(asTemplate)),
};

/** The body n8n sends for an answer item: the trigger's Response Field (dot notation) of it, or all of it. */
export function responseBody(answer: IDataObject, field: string | undefined): IDataObject[string] {
	if (field === undefined || field === '') return answer;
	return field
		.split('.')
		.reduce<IDataObject[string]>((value, key) => (isDataObject(value) ? value[key] : undefined), answer);
}
