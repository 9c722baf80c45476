import type { IDataObject } from 'n8n-workflow';

import type { Parsed } from '../shared/validation';

/** Every event an agent webhook can carry for voice calls (retell-sdk `AgentResponse['webhook_events']`). */
export const CALL_EVENTS = [
	'call_started',
	'call_ended',
	'call_analyzed',
	'transcript_updated',
	'transfer_started',
	'transfer_bridged',
	'transfer_cancelled',
	'transfer_ended',
] as const;

export type CallEvent = (typeof CALL_EVENTS)[number];

export function isJsonObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isCallEvent(value: unknown): value is CallEvent {
	return typeof value === 'string' && (CALL_EVENTS as readonly string[]).includes(value);
}

function hasString<K extends string>(value: IDataObject, key: K): value is IDataObject & Record<K, string> {
	return typeof value[key] === 'string' && value[key] !== '';
}

const NOT_AN_OBJECT = 'The request body must be a JSON object';
const NO_EVENT = 'The request body has no "event"';

/** The event name of an agent webhook body, before it is known whether the event is wanted. */
export function readEventName(body: unknown): Parsed<string> {
	if (!isJsonObject(body)) return { ok: false, message: NOT_AN_OBJECT };
	if (!hasString(body, 'event')) return { ok: false, message: NO_EVENT };
	return { ok: true, value: body.event };
}

/**
 * One flat item per call event: `event`, then the call's own fields, then any other top-level field
 * (the transfer events put `transfer_destination` and `transfer_option` next to `call`).
 * https://docs.retellai.com/features/webhook-overview
 */
export function toCallEventItem(body: unknown): Parsed<IDataObject> {
	if (!isJsonObject(body)) return { ok: false, message: NOT_AN_OBJECT };
	const { event, call, ...topLevel } = body;
	if (typeof event !== 'string' || event === '') return { ok: false, message: NO_EVENT };
	if (!isJsonObject(call)) return { ok: false, message: `The "${event}" event has no "call" object` };
	return { ok: true, value: { event, ...call, ...topLevel } };
}

const BODYLESS_METHODS = ['GET', 'DELETE', 'HEAD'];

/**
 * A custom-function request as one item. Retell sends `{name, call, args}` by default, only the
 * args with "Payload: args only" (`args_at_root`), and no body at all for GET/DELETE tools, whose
 * arguments can only travel as query parameters.
 * https://docs.retellai.com/build/single-multi-prompt/custom-function
 */
export function toFunctionCallItem(method: string, body: unknown, query: IDataObject): Parsed<IDataObject> {
	const httpMethod = method.toUpperCase();
	const emptyBody = body === undefined || body === null || (isJsonObject(body) && Object.keys(body).length === 0);
	if (BODYLESS_METHODS.includes(httpMethod) || emptyBody) {
		return {
			ok: true,
			value: { function_name: null, args: { ...query }, call_id: null, call: null, args_at_root: false, http_method: httpMethod, query },
		};
	}
	if (!isJsonObject(body)) return { ok: false, message: NOT_AN_OBJECT };
	const { name, call, args } = body;
	// With args_at_root the body is the arguments, which may themselves contain a "name"; only a
	// body that also carries Retell's call object (with its call_id) is the wrapped form.
	if (typeof name === 'string' && isJsonObject(call) && typeof call.call_id === 'string') {
		return {
			ok: true,
			value: {
				function_name: name,
				args: isJsonObject(args) ? args : {},
				call_id: call.call_id,
				agent_id: typeof call.agent_id === 'string' ? call.agent_id : null,
				call,
				args_at_root: false,
				http_method: httpMethod,
				query,
			},
		};
	}
	return {
		ok: true,
		value: { function_name: null, args: body, call_id: null, call: null, args_at_root: true, http_method: httpMethod, query },
	};
}

/**
 * The phone number's inbound webhook: `{event: 'call_inbound', call_inbound: {from_number, to_number, …}}`,
 * flattened to `{event, from_number, to_number, agent_id?, agent_version?, call_id?, …}`.
 * https://docs.retellai.com/features/inbound-call-webhook
 */
export function toInboundCallItem(body: unknown): Parsed<IDataObject> {
	if (!isJsonObject(body)) return { ok: false, message: NOT_AN_OBJECT };
	const { event, call_inbound: inbound, ...topLevel } = body;
	if (typeof event !== 'string' || event === '') return { ok: false, message: NO_EVENT };
	if (event !== 'call_inbound') return { ok: false, message: `Expected the "call_inbound" event, got "${event}"` };
	if (!isJsonObject(inbound) || !hasString(inbound, 'from_number') || !hasString(inbound, 'to_number')) {
		return { ok: false, message: 'The "call_inbound" object needs "from_number" and "to_number"' };
	}
	return { ok: true, value: { event, ...inbound, ...topLevel } };
}
