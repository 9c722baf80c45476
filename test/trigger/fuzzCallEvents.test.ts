import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { CALL_EVENTS, isCallEvent } from '../../nodes/shared/retell/events';
import {
	callEventCase,
	callObject,
	jsonLeaf,
	jsonObjectTree,
	jsonTree,
	layoutArbitrary,
	object,
	ObjectText,
	presentText,
	serialize,
	twoHourCall,
	type JsonText,
} from '../support/fuzz/arbitraries';
import { expectDocumentedRefusal, expectSameJson, isObject, RUNS, signedHeaders, useTriggerServers } from './fuzzHelpers';

// Thousands of real HTTP requests per property: 15–30 s alone, but on a clean CI clone they share 2 cores with the other
// workers compiling the whole package cold, and took 181 s there once (3× headroom over that is a ceiling, not a measure).
jest.setTimeout(600_000);

const { deliver } = useTriggerServers(['callEvents']);

/**
 * The item the node documents for a call event (payloads.ts `toCallEventItem`): `event`, then the call's own
 * fields, then the other top-level fields, every value exactly as JSON.parse reads the raw body.
 */
function documentedCallEventItem(body: unknown): IDataObject {
	if (!isObject(body) || !isObject(body.call)) throw new Error('the generator made a body without a call object');
	const { event, call, ...topLevel } = body;
	return { event, ...call, ...topLevel };
}

async function expectOneLosslessCallEvent(bodyText: string): Promise<void> {
	const body = Buffer.from(bodyText);
	const { reply, executions } = await deliver('callEvents', body, signedHeaders(body, 'application/json'));
	expect(reply).toEqual({ status: 200, text: '' });
	expect(executions.map((run) => [run.status, run.error?.message])).toEqual([['success', undefined]]);
	expectSameJson(executions[0].json(), [documentedCallEventItem(JSON.parse(bodyText))]);
}

describe('Retell Trigger fuzz: signed call events reach the workflow losslessly', () => {
	it(`starts exactly one execution whose item is the flattened body, for ${RUNS.callEvents.toLocaleString('en')} unusual events of all 8 types`, async () => {
		await fc.assert(
			fc.asyncProperty(callEventCase, async ({ body, layout }) => {
				await expectOneLosslessCallEvent(serialize(body, layout));
			}),
			{ seed: 0xca11, numRuns: RUNS.callEvents },
		);
	});

	it(`keeps a two-hour call's transcript (several MB) exact, for ${RUNS.twoHourCall} events`, async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.constantFrom<'call_ended' | 'call_analyzed' | 'transcript_updated'>('call_ended', 'call_analyzed', 'transcript_updated'),
				layoutArbitrary,
				async (event, layout) => {
					const text = serialize(object({ event, call: twoHourCall('call_two_hours', 40, 520) }), layout);
					expect(Buffer.byteLength(text)).toBeGreaterThan(2 * 1024 * 1024);
					await expectOneLosslessCallEvent(text);
				},
			),
			{ seed: 0x7200, numRuns: RUNS.twoHourCall },
		);
	});
});

describe('Retell Trigger fuzz: signed call-event bodies of any shape', () => {
	const anyEventName = fc.oneof(fc.constantFrom(...CALL_EVENTS), fc.constantFrom('chat_started', 'call_inbound', 'call.started', ''), jsonLeaf);
	const eventBody: fc.Arbitrary<JsonText> = fc.oneof(
		jsonTree,
		fc
			.record({ event: anyEventName, call: fc.oneof(jsonTree, jsonObjectTree), chat: jsonObjectTree }, { requiredKeys: [] })
			.map(object),
	);

	it(`answers 200 (with one execution for a subscribed event with a call object) or 400, for ${RUNS.anyCallEventBody.toLocaleString('en')} bodies`, async () => {
		await fc.assert(
			fc.asyncProperty(eventBody, layoutArbitrary, async (value, layout) => {
				const body = Buffer.from(serialize(value, layout));
				const { reply, executions } = await deliver('callEvents', body, signedHeaders(body, 'application/json'));
				const parsed: unknown = JSON.parse(body.toString('utf8'));
				const event = isObject(parsed) ? parsed.event : undefined;
				if (!isObject(parsed) || typeof event !== 'string' || event === '') {
					expectDocumentedRefusal(reply, executions);
				} else if (!isCallEvent(event)) {
					// Events the trigger does not listen to are acknowledged, so Retell does not retry them.
					expect(reply.status).toBe(200);
					expect(executions).toHaveLength(0);
				} else if (!isObject(parsed.call)) {
					expectDocumentedRefusal(reply, executions);
				} else {
					expect(reply.status).toBe(200);
					expect(executions.map((run) => run.status)).toEqual(['success']);
					expectSameJson(executions[0].json(), [documentedCallEventItem(parsed)]);
				}
			}),
			{ seed: 0xbad, numRuns: RUNS.anyCallEventBody },
		);
	});

	it(`keeps the top-level transfer_destination and drops the call's own (the one lossy case), for ${RUNS.collisions} transfer events`, async () => {
		const transferEvent = fc.constantFrom('transfer_started' as const, 'transfer_bridged' as const, 'transfer_cancelled' as const);
		await fc.assert(
			fc.asyncProperty(transferEvent, presentText, callObject('transfer_started'), async (event, callDestination, call) => {
				const sent = object({
					event,
					call: new ObjectText([...call.members, ['transfer_destination', callDestination]]),
					transfer_destination: object({ number: '+14155550199' }),
				});
				const body = Buffer.from(serialize(sent));
				const { reply, executions } = await deliver('callEvents', body, signedHeaders(body, 'application/json'));
				expect(reply.status).toBe(200);
				// retell-sdk's call object has `transfer_destination?: string | null`; the transfer events also carry
				// `transfer_destination: {number, extension?}` beside `call`. The flat item can hold only one of them.
				const [item] = executions[0].json();
				expect(item.transfer_destination).toEqual({ number: '+14155550199' });
				expectSameJson(item, documentedCallEventItem(JSON.parse(body.toString('utf8'))));
			}),
			{ seed: 0xc011, numRuns: RUNS.collisions },
		);
	});
});
