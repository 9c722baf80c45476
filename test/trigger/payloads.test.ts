import { NodeHelpers, type INodeParameters } from 'n8n-workflow';
import { RetellTrigger } from '../../nodes/RetellTrigger/RetellTrigger.node';
import { readEventName, toCallEventItem, toChatEventItem, toFunctionCallItem, toInboundItem } from '../../nodes/RetellTrigger/payloads';
import { SAMPLE_CALL } from './helpers';

describe('call event bodies', () => {
	it('flattens the call next to the event', () => {
		expect(toCallEventItem({ event: 'call_ended', call: SAMPLE_CALL })).toEqual({ ok: true, value: { event: 'call_ended', ...SAMPLE_CALL } });
	});

	it.each([
		['null', null, 'The request body must be a JSON object'],
		['a string', 'call_ended', 'The request body must be a JSON object'],
		['an array', [{ event: 'call_ended' }], 'The request body must be a JSON object'],
		['no event', { call: SAMPLE_CALL }, 'The request body has no "event"'],
		['an empty event', { event: '', call: SAMPLE_CALL }, 'The request body has no "event"'],
		['a non-string event', { event: 7, call: SAMPLE_CALL }, 'The request body has no "event"'],
		['no call', { event: 'call_ended' }, 'The "call_ended" event has no "call" object'],
		['a call that is not an object', { event: 'call_ended', call: 'call_1' }, 'The "call_ended" event has no "call" object'],
	])('refuses %s', (_label, body, message) => {
		expect(toCallEventItem(body)).toEqual({ ok: false, message });
	});

	it('keeps a transfer event\'s destination and option, which sit next to the call, over the call\'s own fields', () => {
		const destination = { number: '+14155550177', extension: '12' };
		const body = {
			event: 'transfer_bridged',
			call: { ...SAMPLE_CALL, transfer_destination: '+14155550100' },
			transfer_destination: destination,
			transfer_option: { type: 'warm_transfer' },
		};
		expect(toCallEventItem(body)).toEqual({
			ok: true,
			value: { event: 'transfer_bridged', ...SAMPLE_CALL, transfer_destination: destination, transfer_option: { type: 'warm_transfer' } },
		});
	});

	it('reads the event name before knowing whether the event is wanted', () => {
		expect(readEventName({ event: 'chat_started', chat: {} })).toEqual({ ok: true, value: 'chat_started' });
		expect(readEventName({})).toMatchObject({ ok: false });
	});
});

describe('chat event bodies', () => {
	const chat = { chat_id: 'chat_1', agent_id: 'agent_1', chat_status: 'ended', chat_type: 'sms' };

	it('flattens the chat next to the event', () => {
		expect(toChatEventItem({ event: 'chat_ended', chat })).toEqual({ ok: true, value: { event: 'chat_ended', ...chat } });
	});

	it('refuses a chat event without its chat, and a call event', () => {
		expect(toChatEventItem({ event: 'chat_ended' })).toEqual({ ok: false, message: 'The "chat_ended" event has no "chat" object' });
		expect(toChatEventItem({ event: 'call_ended', call: SAMPLE_CALL })).toEqual({ ok: false, message: 'The "call_ended" event has no "chat" object' });
	});
});

describe('custom function bodies', () => {
	const json = (method: string, body: unknown, query = {}) => ({
		method,
		contentType: 'application/json',
		bodyBytes: JSON.stringify(body ?? '').length,
		body,
		query,
	});

	it('reads the default {name, call, args} body', () => {
		expect(toFunctionCallItem(json('post', { name: 'book', call: SAMPLE_CALL, args: { day: 'Mon' } }))).toEqual({
			ok: true,
			value: {
				function_name: 'book',
				args: { day: 'Mon' },
				call_id: SAMPLE_CALL.call_id,
				agent_id: SAMPLE_CALL.agent_id,
				call: SAMPLE_CALL,
				args_at_root: false,
				http_method: 'POST',
				query: {},
			},
		});
	});

	it('takes args that merely look like the wrapper (no call with a call_id) as args at the root', () => {
		const args = { name: 'Ada', call: 'tomorrow', args: 'none' };
		expect(toFunctionCallItem(json('POST', args))).toMatchObject({ ok: true, value: { args, args_at_root: true, function_name: null } });
		expect(toFunctionCallItem(json('PATCH', {}))).toMatchObject({ ok: true, value: { args: {}, args_at_root: true } });
	});

	it('defaults missing args to an empty object', () => {
		expect(toFunctionCallItem(json('PUT', { name: 'ping', call: SAMPLE_CALL }))).toMatchObject({ ok: true, value: { args: {} } });
	});

	it('gives body-less methods no args, only the query parameters configured on the tool', () => {
		for (const method of ['GET', 'DELETE']) {
			expect(toFunctionCallItem({ method, contentType: undefined, bodyBytes: 0, body: {}, query: { id: '7' } })).toMatchObject({
				ok: true,
				value: { function_name: null, args: {}, query: { id: '7' }, http_method: method },
			});
		}
	});

	it('refuses a POST without a JSON content type or without a body, instead of running with no function', () => {
		const wrapped = { name: 'book', call: SAMPLE_CALL, args: {} };
		expect(toFunctionCallItem({ ...json('POST', wrapped), contentType: 'text/plain' })).toEqual({
			ok: false,
			message: 'Retell sends custom-function POST requests as a JSON body with Content-Type: application/json; this one had Content-Type: text/plain',
		});
		expect(toFunctionCallItem({ ...json('POST', {}), contentType: undefined })).toMatchObject({ ok: false, message: expect.stringContaining('(none)') });
		expect(toFunctionCallItem({ ...json('PUT', {}), bodyBytes: 0 })).toMatchObject({ ok: false, message: expect.stringContaining('had no body') });
		expect(toFunctionCallItem({ ...json('POST', wrapped), contentType: 'application/vnd.api+json; charset=utf-8' })).toMatchObject({ ok: true });
	});

	it('refuses a body that is not an object', () => {
		expect(toFunctionCallItem(json('POST', 'text'))).toEqual({ ok: false, message: 'The request body must be a JSON object' });
		expect(toFunctionCallItem(json('POST', [1, 2]))).toMatchObject({ ok: false });
	});
});

describe('inbound call and SMS bodies', () => {
	const inbound = { from_number: '+14155550123', to_number: '+14155550100' };

	it('flattens call_inbound and keeps other top-level fields', () => {
		expect(toInboundItem({ event: 'call_inbound', call_inbound: inbound, event_timestamp: 1 }, 'call_inbound')).toEqual({
			ok: true,
			value: { event: 'call_inbound', ...inbound, event_timestamp: 1 },
		});
	});

	it('flattens chat_inbound, the inbound SMS', () => {
		expect(toInboundItem({ event: 'chat_inbound', chat_inbound: { ...inbound, agent_id: 'agent_sms' } }, 'chat_inbound')).toEqual({
			ok: true,
			value: { event: 'chat_inbound', ...inbound, agent_id: 'agent_sms' },
		});
		expect(toInboundItem({ event: 'call_inbound', call_inbound: inbound }, 'chat_inbound')).toEqual({
			ok: false,
			message: 'Expected the "chat_inbound" event, got "call_inbound"',
		});
	});

	it.each([
		['no event', { call_inbound: inbound }, 'The request body has no "event"'],
		['an SMS', { event: 'chat_inbound', chat_inbound: inbound }, 'Expected the "call_inbound" event, got "chat_inbound"'],
		['no numbers', { event: 'call_inbound', call_inbound: { to_number: '+1' } }, 'The "call_inbound" object needs "from_number" and "to_number"'],
		['no object', { event: 'call_inbound' }, 'The "call_inbound" object needs "from_number" and "to_number"'],
	])('refuses %s', (_label, body, message) => {
		expect(toInboundItem(body, 'call_inbound')).toEqual({ ok: false, message });
	});
});

describe('Retell Trigger description', () => {
	const { description } = new RetellTrigger();

	it('is a trigger by n8n conventions', () => {
		expect(description).toMatchObject({ name: 'retellTrigger', displayName: 'Retell Trigger', group: ['trigger'], inputs: [] });
		expect(description.usableAsTool).toBeUndefined();
		// The Supabase credential only when Call Events log to Supabase, tested as the Retell Supabase node tests it.
		expect(description.credentials).toEqual([
			{ name: 'retellApi', required: true },
			{
				name: 'retellSupabaseApi',
				required: true,
				testedBy: 'retellSupabaseApiTest',
				displayOptions: { show: { '/mode': ['callEvents'], '/logEvents': [true] } },
			},
		]);
		const supabase = description.credentials?.[1];
		const shown = (parameters: INodeParameters) =>
			supabase !== undefined && NodeHelpers.displayParameter(parameters, supabase, null, description);
		expect(shown({ mode: 'callEvents', logEvents: true })).toBe(true);
		expect(shown({ mode: 'callEvents', logEvents: false })).toBe(false);
		expect(shown({ mode: 'callEvents' })).toBe(false);
		expect(shown({ mode: 'customFunction', logEvents: true })).toBe(false);
		// n8n 1.x's editor hides a parameter named plainly in a credential's displayOptions (and those it depends on).
		const named = new Set(description.credentials?.flatMap((credential) => Object.keys(credential.displayOptions?.show ?? {})));
		expect(description.properties.filter((property) => named.has(property.name))).toEqual([]);
		expect(Object.keys(new RetellTrigger().methods.credentialTest)).toEqual(['retellSupabaseApiTest']);
		expect(description.webhooks).toHaveLength(1);
	});

	it('keeps the signature check on unless the user turns it off', () => {
		expect(description.properties.find((property) => property.name === 'skipSignatureCheck')).toMatchObject({ type: 'boolean', default: false });
	});
});
