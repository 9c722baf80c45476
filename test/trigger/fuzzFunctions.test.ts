import { parse as parseQueryString } from 'node:querystring';
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import {
	callObject,
	jsonLeaf,
	jsonObjectTree,
	jsonTree,
	layoutArbitrary,
	object,
	ObjectText,
	presentText,
	serialize,
	unusualKey,
	unusualText,
	type JsonText,
} from '../support/fuzz/arbitraries';
import {
	expectDocumentedRefusal,
	expectSameJson,
	isObject,
	isParsedAsJson,
	JSON_CONTENT_TYPES,
	OTHER_CONTENT_TYPES,
	parseJson,
	RUNS,
	signedHeaders,
	useTriggerServers,
} from './fuzzHelpers';

const { deliver } = useTriggerServers(['customFunction', 'inboundCall', 'bodylessFunction']);

const functionBody: fc.Arbitrary<JsonText> = fc.oneof(
	// Retell's default: {name, call, args}, members in any order.
	fc
		.record(
			{ name: fc.oneof(presentText, jsonTree), call: fc.oneof({ weight: 4, arbitrary: callObject('call_started') }, { weight: 1, arbitrary: jsonTree }), args: fc.oneof(jsonObjectTree, jsonTree) },
			{ requiredKeys: ['name', 'call'] },
		)
		.chain((fields) => fc.shuffledSubarray(Object.entries(fields), { minLength: Object.keys(fields).length, maxLength: Object.keys(fields).length }))
		.map((members) => new ObjectText(members)),
	// "Payload: args only".
	jsonObjectTree,
	jsonTree,
);

/** The item the node documents for a custom-function request (payloads.ts `toFunctionCallItem`). */
function documentedFunctionItem(body: unknown): IDataObject {
	const base = { http_method: 'POST', query: {} };
	if (!isObject(body)) throw new Error('only an object body may start an execution');
	const { name, call, args } = body;
	if (typeof name === 'string' && isObject(call) && typeof call.call_id === 'string') {
		return {
			function_name: name,
			args: isObject(args) ? args : {},
			call_id: call.call_id,
			agent_id: typeof call.agent_id === 'string' ? call.agent_id : null,
			call,
			args_at_root: false,
			...base,
		};
	}
	return { function_name: null, args: body, call_id: null, call: null, args_at_root: true, ...base };
}

const inboundBody: fc.Arbitrary<JsonText> = fc
	.record(
		{
			event: fc.oneof({ weight: 5, arbitrary: fc.constant('call_inbound') }, { weight: 1, arbitrary: jsonLeaf }),
			call_inbound: fc.oneof(
				{
					weight: 5,
					arbitrary: fc
						.record(
							{
								from_number: fc.oneof({ weight: 5, arbitrary: presentText }, { weight: 1, arbitrary: jsonLeaf }),
								to_number: fc.oneof({ weight: 5, arbitrary: presentText }, { weight: 1, arbitrary: jsonLeaf }),
								agent_id: fc.oneof(presentText, jsonLeaf),
								agent_version: jsonLeaf,
								call_id: fc.oneof(presentText, jsonLeaf),
								custom_sip_headers: jsonObjectTree,
								x_extra: jsonTree,
							},
							{ requiredKeys: [] },
						)
						.map(object),
				},
				{ weight: 1, arbitrary: jsonTree },
			),
			event_timestamp: jsonLeaf,
			top_extra: jsonTree,
		},
		{ requiredKeys: [] },
	)
	.map(object);

/** The item the node documents for the inbound webhook (payloads.ts `toInboundCallItem`), or undefined for a refusal. */
function documentedInboundItem(body: unknown): IDataObject | undefined {
	if (!isObject(body) || body.event !== 'call_inbound' || !isObject(body.call_inbound)) return undefined;
	const { event, call_inbound: inbound, ...topLevel } = body;
	const present = (value: unknown) => typeof value === 'string' && value !== '';
	if (!present(inbound.from_number) || !present(inbound.to_number)) return undefined;
	return { event, ...inbound, ...topLevel };
}

describe('Retell Trigger fuzz: custom functions and inbound calls answer 2xx or a documented 4xx', () => {
	it(`custom function: ${RUNS.customFunction.toLocaleString('en')} signed requests with random bodies and content types`, async () => {
		await fc.assert(
			fc.asyncProperty(functionBody, layoutArbitrary, fc.constantFrom(...JSON_CONTENT_TYPES, 'application/vnd.retell+json', ...OTHER_CONTENT_TYPES), fc.boolean(), async (value, layout, contentType, empty) => {
				const body = Buffer.from(empty ? '' : serialize(value, layout));
				const { reply, executions } = await deliver('customFunction', body, signedHeaders(body, contentType));
				const parsed = parseJson(body);
				if (isParsedAsJson(contentType) && parsed.ok && isObject(parsed.value)) {
					// The last node is the trigger itself, so its item is the answer.
					expect(reply.status).toBe(200);
					expect(executions.map((run) => run.status)).toEqual(['success']);
					expectSameJson(executions[0].json(), [documentedFunctionItem(parsed.value)]);
				} else {
					expectDocumentedRefusal(reply, executions);
				}
			}),
			{ seed: 0xf00d, numRuns: RUNS.customFunction },
		);
	});

	it(`custom function over GET: ${RUNS.bodylessFunction.toLocaleString('en')} signed requests with random query strings`, async () => {
		const wellFormed = (text: string) => !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
		await fc.assert(
			fc.asyncProperty(fc.array(fc.tuple(unusualKey, unusualText), { maxLength: 6 }), async (pairs) => {
				const wellFormedPairs = pairs.filter(([key, value]) => wellFormed(key) && wellFormed(value));
				const search = wellFormedPairs.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&');
				const { reply, executions } = await deliver('bodylessFunction', Buffer.alloc(0), signedHeaders(Buffer.alloc(0), undefined), {
					method: 'GET',
					query: search === '' ? '' : `?${search}`,
				});
				expect(reply.status).toBe(200);
				expect(executions.map((run) => run.status)).toEqual(['success']);
				expectSameJson(executions[0].json(), [
					{ function_name: null, args: {}, call_id: null, call: null, args_at_root: false, http_method: 'GET', query: { ...parseQueryString(search) } },
				]);
			}),
			{ seed: 0x6e7, numRuns: RUNS.bodylessFunction },
		);
	});

	it(`inbound call: ${RUNS.inboundCall.toLocaleString('en')} signed requests with random bodies`, async () => {
		await fc.assert(
			fc.asyncProperty(inboundBody, layoutArbitrary, async (value, layout) => {
				const body = Buffer.from(serialize(value, layout));
				const { reply, executions } = await deliver('inboundCall', body, signedHeaders(body, 'application/json'));
				const expected = documentedInboundItem(JSON.parse(body.toString('utf8')));
				if (expected === undefined) {
					expectDocumentedRefusal(reply, executions);
					return;
				}
				expect(reply.status).toBe(200);
				expect(executions.map((run) => run.status)).toEqual(['success']);
				expectSameJson(executions[0].json(), [expected]);
			}),
			{ seed: 0x1b0d, numRuns: RUNS.inboundCall },
		);
	});
});
