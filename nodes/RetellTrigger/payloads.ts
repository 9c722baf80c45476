import type { IDataObject } from 'n8n-workflow';

import { isDataObject } from '../shared/dataObject';
import type { Parsed } from '../shared/validation';

function hasString<K extends string>(value: IDataObject, key: K): value is IDataObject & Record<K, string> {
	return typeof value[key] === 'string' && value[key] !== '';
}

const NOT_AN_OBJECT = 'The request body must be a JSON object';
const NO_EVENT = 'The request body has no "event"';

/** The event name of an agent webhook body, before it is known whether the event is wanted. */
export function readEventName(body: unknown): Parsed<string> {
	if (!isDataObject(body)) return { ok: false, message: NOT_AN_OBJECT };
	if (!hasString(body, 'event')) return { ok: false, message: NO_EVENT };
	return { ok: true, value: body.event };
}

/**
 * One flat item per agent webhook event: `event`, then the call's (or chat's) own fields, then any other top-level
 * field (the transfer events put `transfer_destination` and `transfer_option` next to `call`).
 * https://docs.retellai.com/features/webhook-overview
 */
function toEventItem(body: unknown, subject: 'call' | 'chat'): Parsed<IDataObject> {
	if (!isDataObject(body)) return { ok: false, message: NOT_AN_OBJECT };
	const { event, [subject]: object, ...topLevel } = body;
	if (typeof event !== 'string' || event === '') return { ok: false, message: NO_EVENT };
	if (!isDataObject(object)) return { ok: false, message: `The "${event}" event has no "${subject}" object` };
	return { ok: true, value: { event, ...object, ...topLevel } };
}

export function toCallEventItem(body: unknown): Parsed<IDataObject> {
	return toEventItem(body, 'call');
}

/** Chat events carry the chat as `{event, chat}` (https://docs.retellai.com/features/webhook). */
export function toChatEventItem(body: unknown): Parsed<IDataObject> {
	return toEventItem(body, 'chat');
}

const BODYLESS_METHODS = ['GET', 'DELETE', 'HEAD'];

export interface FunctionCallRequest {
	method: string;
	contentType: string | undefined;
	/** Length of the raw body in bytes. */
	bodyBytes: number;
	body: unknown;
	query: IDataObject;
}

function isJsonContentType(contentType: string | undefined): boolean {
	const mediaType = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
	return mediaType === 'application/json' || mediaType.endsWith('+json');
}

/**
 * A custom-function request as one item. Retell sends `{name, call, args}` as JSON by default, only the
 * args with "Payload: args only" (`args_at_root`), and for GET/DELETE tools no body at all: their only
 * data are the tool's configured query parameters (arguments are "only available for POST, PATCH and PUT").
 * https://docs.retellai.com/build/conversation-flow/custom-function
 */
export function toFunctionCallItem({ method, contentType, bodyBytes, body, query }: FunctionCallRequest): Parsed<IDataObject> {
	const httpMethod = method.toUpperCase();
	const base = { http_method: httpMethod, query };
	if (BODYLESS_METHODS.includes(httpMethod)) {
		return { ok: true, value: { function_name: null, args: {}, call_id: null, call: null, args_at_root: false, ...base } };
	}
	// Without a JSON body n8n hands over an empty object, which would look like a call without arguments.
	if (!isJsonContentType(contentType) || bodyBytes === 0) {
		return {
			ok: false,
			message: `Retell sends custom-function ${httpMethod} requests as a JSON body with Content-Type: application/json; this one had ${bodyBytes === 0 ? 'no body' : `Content-Type: ${contentType ?? '(none)'}`}`,
		};
	}
	if (!isDataObject(body)) return { ok: false, message: NOT_AN_OBJECT };
	const { name, call, args } = body;
	// With args_at_root the body is the arguments, which may themselves contain a "name"; only a
	// body that also carries Retell's call object (with its call_id) is the wrapped form.
	if (typeof name === 'string' && isDataObject(call) && typeof call.call_id === 'string') {
		return {
			ok: true,
			value: {
				function_name: name,
				args: isDataObject(args) ? args : {},
				call_id: call.call_id,
				agent_id: typeof call.agent_id === 'string' ? call.agent_id : null,
				call,
				args_at_root: false,
				...base,
			},
		};
	}
	return { ok: true, value: { function_name: null, args: body, call_id: null, call: null, args_at_root: true, ...base } };
}

/** What a phone number's inbound webhook announces: a call that rings, or an SMS that starts a chat. */
export type InboundChannel = 'call_inbound' | 'chat_inbound';

/**
 * The phone number's inbound webhook: `{event: 'call_inbound', call_inbound: {from_number, to_number, …}}`,
 * flattened to `{event, from_number, to_number, agent_id?, agent_version?, call_id?, …}`. An inbound SMS comes as
 * `chat_inbound` the same way. https://docs.retellai.com/features/inbound-call-webhook
 */
export function toInboundItem(body: unknown, channel: InboundChannel): Parsed<IDataObject> {
	if (!isDataObject(body)) return { ok: false, message: NOT_AN_OBJECT };
	const { event, [channel]: inbound, ...topLevel } = body;
	if (typeof event !== 'string' || event === '') return { ok: false, message: NO_EVENT };
	if (event !== channel) return { ok: false, message: `Expected the "${channel}" event, got "${event}"` };
	if (!isDataObject(inbound) || !hasString(inbound, 'from_number') || !hasString(inbound, 'to_number')) {
		return { ok: false, message: `The "${channel}" object needs "from_number" and "to_number"` };
	}
	return { ok: true, value: { event, ...inbound, ...topLevel } };
}
