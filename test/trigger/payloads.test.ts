import { RetellTrigger } from '../../nodes/RetellTrigger/RetellTrigger.node';
import { readEventName, toCallEventItem, toFunctionCallItem, toInboundCallItem } from '../../nodes/RetellTrigger/payloads';
import { buildInboundCallResponse, FUNCTION_RESULT_LIMIT, fitFunctionResult } from '../../nodes/RetellTrigger/responses';
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

	it('reads the event name before knowing whether the event is wanted', () => {
		expect(readEventName({ event: 'chat_started', chat: {} })).toEqual({ ok: true, value: 'chat_started' });
		expect(readEventName({})).toMatchObject({ ok: false });
	});
});

describe('custom function bodies', () => {
	it('reads the default {name, call, args} body', () => {
		expect(toFunctionCallItem('post', { name: 'book', call: SAMPLE_CALL, args: { day: 'Mon' } }, {})).toEqual({
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
		expect(toFunctionCallItem('POST', args, {})).toMatchObject({ ok: true, value: { args, args_at_root: true, function_name: null } });
	});

	it('defaults missing args to an empty object', () => {
		expect(toFunctionCallItem('PUT', { name: 'ping', call: SAMPLE_CALL }, {})).toMatchObject({ ok: true, value: { args: {} } });
	});

	it('takes the query string as the args of body-less methods', () => {
		for (const method of ['GET', 'DELETE']) {
			expect(toFunctionCallItem(method, undefined, { id: '7' })).toMatchObject({ ok: true, value: { args: { id: '7' }, http_method: method } });
		}
		expect(toFunctionCallItem('POST', {}, { id: '7' })).toMatchObject({ ok: true, value: { args: { id: '7' } } });
	});

	it('refuses a body that is not an object', () => {
		expect(toFunctionCallItem('POST', 'text', {})).toEqual({ ok: false, message: 'The request body must be a JSON object' });
		expect(toFunctionCallItem('POST', [1, 2], {})).toMatchObject({ ok: false });
	});
});

describe('inbound call bodies', () => {
	const inbound = { from_number: '+14155550123', to_number: '+14155550100' };

	it('flattens call_inbound and keeps other top-level fields', () => {
		expect(toInboundCallItem({ event: 'call_inbound', call_inbound: inbound, event_timestamp: 1 })).toEqual({
			ok: true,
			value: { event: 'call_inbound', ...inbound, event_timestamp: 1 },
		});
	});

	it.each([
		['no event', { call_inbound: inbound }, 'The request body has no "event"'],
		['an SMS', { event: 'chat_inbound', chat_inbound: inbound }, 'Expected the "call_inbound" event, got "chat_inbound"'],
		['no numbers', { event: 'call_inbound', call_inbound: { to_number: '+1' } }, 'The "call_inbound" object needs "from_number" and "to_number"'],
		['no object', { event: 'call_inbound' }, 'The "call_inbound" object needs "from_number" and "to_number"'],
	])('refuses %s', (_label, body, message) => {
		expect(toInboundCallItem(body)).toEqual({ ok: false, message });
	});
});

describe('fitFunctionResult', () => {
	it('leaves answers within the limit unchanged', () => {
		expect(fitFunctionResult({ a: 1 })).toEqual({ result: { a: 1 }, truncated: false, length: 7 });
		const exact = 'x'.repeat(FUNCTION_RESULT_LIMIT);
		expect(fitFunctionResult(exact)).toEqual({ result: exact, truncated: false, length: FUNCTION_RESULT_LIMIT });
	});

	it('cuts longer answers to the limit, ending with a marker', () => {
		const fitted = fitFunctionResult('y'.repeat(20_000));
		expect(fitted.truncated).toBe(true);
		expect(fitted.length).toBe(20_000);
		expect(typeof fitted.result === 'string' && fitted.result.length).toBe(FUNCTION_RESULT_LIMIT);
		expect(String(fitted.result)).toMatch(/… \[truncated: 20000 characters, only the first part is shown\]$/);
	});

	it('cuts objects as their JSON text, and never splits an emoji', () => {
		const fitted = fitFunctionResult({ items: '👋'.repeat(100) }, 120);
		expect(typeof fitted.result).toBe('string');
		const text = String(fitted.result);
		expect(text.length).toBeLessThanOrEqual(120);
		expect(text).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
	});
});

describe('buildInboundCallResponse', () => {
	it('wraps flat fields, dropping everything Retell does not read, and stringifies variable values', () => {
		expect(
			buildInboundCallResponse({
				from_number: '+14155550123',
				override_agent_id: ' agent_vip ',
				override_agent_version: '2',
				dynamic_variables: { name: 'Ada', visits: 3, vip: true, tags: ['a'], gone: null },
				metadata: { crm_id: 42 },
			}),
		).toEqual({
			ok: true,
			value: {
				call_inbound: {
					override_agent_id: 'agent_vip',
					override_agent_version: 2,
					dynamic_variables: { name: 'Ada', visits: '3', vip: 'true', tags: '["a"]' },
					metadata: { crm_id: 42 },
				},
			},
		});
	});

	it('accepts an already wrapped answer and keeps fields it does not know inside it', () => {
		expect(buildInboundCallResponse({ call_inbound: { override_agent_id: '', reject: true }, other: 1 })).toEqual({
			ok: true,
			value: { call_inbound: { reject: true } },
		});
	});

	it('answers an empty call_inbound (keep the number\'s agent) for an empty item', () => {
		expect(buildInboundCallResponse({})).toEqual({ ok: true, value: { call_inbound: {} } });
	});

	it.each([
		[{ override_agent_id: 12 }, '"override_agent_id" must be an agent ID string'],
		[{ override_agent_version: 'latest' }, '"override_agent_version" must be a whole number'],
		[{ override_agent_version: 1.5 }, '"override_agent_version" must be a whole number'],
		[{ dynamic_variables: 'name=Ada' }, '"dynamic_variables" must be an object'],
		[{ metadata: [1] }, '"metadata" must be an object'],
	])('refuses %j', (input, message) => {
		expect(buildInboundCallResponse(input)).toEqual({ ok: false, message });
	});
});

describe('Retell Trigger description', () => {
	const { description } = new RetellTrigger();

	it('is a trigger by n8n conventions', () => {
		expect(description).toMatchObject({ name: 'retellTrigger', displayName: 'Retell Trigger', group: ['trigger'], inputs: [] });
		expect(description.usableAsTool).toBeUndefined();
		expect(description.credentials).toEqual([{ name: 'retellApi', required: true }]);
		expect(description.webhooks).toHaveLength(1);
	});

	it('keeps the signature check on unless the user turns it off', () => {
		expect(description.properties.find((property) => property.name === 'skipSignatureCheck')).toMatchObject({ type: 'boolean', default: false });
	});
});
