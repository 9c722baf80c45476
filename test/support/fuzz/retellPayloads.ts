import fc from 'fast-check';

import { CALL_EVENTS, type CallEvent } from '../../../nodes/shared/retell/events';
import { NumberLiteral, ObjectText, layoutArbitrary, object, type JsonText, type Layout } from './jsonText';
import { jsonLeaf, jsonObjectTree, jsonTree, deepTree, presentText, unusualKey, unusualNumber, unusualText } from './unusualValues';

/** Retell-shaped webhook payloads full of unusual values, and the largest call Retell sends. */

/** A field Retell documents: usually a plausible value, sometimes null or anything else. */
function optional(plausible: fc.Arbitrary<JsonText>): fc.Arbitrary<JsonText> {
	return fc.oneof({ weight: 4, arbitrary: plausible }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: jsonLeaf });
}

const text = fc.oneof(presentText, fc.constantFrom('+14155550123', 'agent_0a1b2c3d4e5f', 'ended', 'phone_call', 'inbound'));
const wholeNumber = fc.oneof(fc.integer({ min: 0, max: 10_000_000 }).map((value) => new NumberLiteral(String(value))), unusualNumber);
const epochMs = fc.oneof(
	fc.integer({ min: 0, max: 4_102_444_800_000 }).map((value) => new NumberLiteral(String(value))),
	unusualNumber,
);

const word = fc.record({ word: text, start: unusualNumber, end: unusualNumber }).map(object);
const utterance = fc
	.record({
		role: fc.constantFrom('agent', 'user', 'transfer_target'),
		content: unusualText,
		words: fc.array(word, { maxLength: 4 }),
	})
	.map(object);
const toolCallEntry = fc.oneof(
	utterance,
	fc
		.record({ role: fc.constant('tool_call_invocation'), tool_call_id: text, name: text, arguments: unusualText })
		.map(object),
	fc.record({ role: fc.constant('tool_call_result'), tool_call_id: text, content: unusualText }).map(object),
);

const callAnalysis = fc
	.record(
		{
			call_summary: optional(unusualText),
			user_sentiment: optional(fc.constantFrom('Negative', 'Positive', 'Neutral', 'Unknown')),
			call_successful: optional(fc.boolean()),
			in_voicemail: optional(fc.boolean()),
			custom_analysis_data: optional(fc.oneof(jsonObjectTree, deepTree)),
		},
		{ requiredKeys: [] },
	)
	.map(object);

/** Fields of Retell's call object (retell-sdk 5.66.1 PhoneCallResponse), each optional. */
function callFields(event: CallEvent) {
	return {
		agent_id: optional(text),
		agent_name: optional(unusualText),
		agent_version: optional(wholeNumber),
		call_status: optional(fc.constantFrom('registered', 'not_connected', 'ongoing', 'ended', 'error')),
		call_type: optional(fc.constantFrom('phone_call', 'web_call')),
		direction: optional(fc.constantFrom('inbound', 'outbound')),
		from_number: optional(text),
		to_number: optional(text),
		start_timestamp: optional(epochMs),
		end_timestamp: optional(epochMs),
		duration_ms: optional(wholeNumber),
		disconnection_reason: optional(fc.constantFrom('user_hangup', 'agent_hangup', 'call_transfer', 'error_unknown')),
		transcript: optional(unusualText),
		transcript_object: optional(fc.array(utterance, { maxLength: 4 })),
		transcript_with_tool_calls: optional(fc.array(toolCallEntry, { maxLength: 4 })),
		recording_url: optional(text),
		public_log_url: optional(text),
		metadata: optional(fc.oneof(jsonObjectTree, deepTree)),
		retell_llm_dynamic_variables: optional(fc.dictionary(unusualKey, unusualText, { maxKeys: 4 }).map((entries) => object(entries))),
		collected_dynamic_variables: optional(jsonObjectTree),
		call_cost: optional(
			fc.record({ combined_cost: unusualNumber, total_duration_seconds: unusualNumber, product_costs: fc.array(jsonObjectTree, { maxLength: 2 }) }).map(object),
		),
		latency: optional(jsonObjectTree),
		data_storage_setting: optional(fc.constantFrom('everything', 'everything_except_pii', 'basic_attributes_only')),
		...(event === 'call_analyzed' ? { call_analysis: optional(callAnalysis) } : {}),
	};
}

/** Names the trigger puts next to the call's fields; a call field of the same name would be overwritten (see the collision test). */
const TOP_LEVEL_PREFIX = 'top_extra_';
const TOP_LEVEL_NAMES = ['event', 'call', 'transfer_destination', 'transfer_option'];

/** Fields Retell may add one day: any name in the call, prefixed names beside it. */
const callExtraMembers = fc.array(
	fc.tuple(unusualKey.filter((key) => !TOP_LEVEL_NAMES.includes(key) && !key.startsWith(TOP_LEVEL_PREFIX)), jsonTree),
	{ maxLength: 3 },
);
const topLevelExtraMembers = fc.array(fc.tuple(unusualKey.map((key) => `${TOP_LEVEL_PREFIX}${key}`), jsonTree), { maxLength: 3 });

export interface CallEventCase {
	event: CallEvent;
	body: ObjectText;
	layout: Layout;
}

export function callObject(event: CallEvent): fc.Arbitrary<ObjectText> {
	return fc
		.tuple(
			fc.record({ call_id: optional(text), ...callFields(event) }, { requiredKeys: [] }),
			callExtraMembers,
		)
		.chain(([fields, extras]) => {
			const members: Array<readonly [string, JsonText]> = [...Object.entries(fields), ...extras];
			return fc.shuffledSubarray(members, { minLength: members.length, maxLength: members.length });
		})
		.map((members) => new ObjectText(members));
}

const TRANSFER_EVENTS_WITH_DESTINATION: readonly CallEvent[] = ['transfer_started', 'transfer_bridged', 'transfer_cancelled'];

/** `{event, call}` (and the transfer fields beside `call`) as Retell sends it, members in any order. */
export function callEventBody(event: CallEvent): fc.Arbitrary<ObjectText> {
	const transfer: fc.Arbitrary<Record<string, JsonText>> = TRANSFER_EVENTS_WITH_DESTINATION.includes(event)
		? fc.record(
				{
					transfer_destination: fc
						.record({ number: text, extension: optional(text) }, { requiredKeys: ['number'] })
						.map(object),
					transfer_option: jsonTree,
				},
				{ requiredKeys: ['transfer_destination'] },
			)
		: fc.constant({});
	return fc
		.tuple(callObject(event), transfer, topLevelExtraMembers)
		.chain(([call, transferFields, extras]) => {
			const members: Array<readonly [string, JsonText]> = [['event', event], ['call', call], ...Object.entries(transferFields), ...extras];
			return fc.shuffledSubarray(members, { minLength: members.length, maxLength: members.length });
		})
		.map((members) => new ObjectText(members));
}

export const callEventCase: fc.Arbitrary<CallEventCase> = fc
	.constantFrom(...CALL_EVENTS)
	.chain((event) => fc.record({ event: fc.constant(event), body: callEventBody(event), layout: layoutArbitrary }));

/**
 * The longest call Retell places (two hours, retell-sdk `max_call_duration_ms` ≤ 7,200,000) as its events carry it:
 * the transcript as text, per turn with word timings, and with tool calls. Several MB.
 */
export function twoHourCall(callId: string, wordsPerTurn: number, turns: number): ObjectText {
	const msPerWord = Math.floor(7_200_000 / (wordsPerTurn * turns));
	const spoken = (index: number) => (index % 7 === 0 ? 'Zoë' : 'word');
	const content = Array.from({ length: wordsPerTurn }, (_, index) => spoken(index)).join(' ');
	const utterances = Array.from({ length: turns }, (_, turn) => {
		const words = Array.from({ length: wordsPerTurn }, (_, index) => {
			const start = (turn * wordsPerTurn + index) * msPerWord;
			return object({ word: spoken(index), start: new NumberLiteral(String(start / 1000)), end: new NumberLiteral(String((start + msPerWord) / 1000)) });
		});
		return object({ role: turn % 2 ? 'user' : 'agent', content, words });
	});
	const transcript = utterances.map((_, turn) => `${turn % 2 ? 'User' : 'Agent'}: ${content}`).join('\n');
	return object({
		call_id: callId,
		call_type: 'phone_call',
		agent_id: 'agent_0a1b2c3d4e5f',
		call_status: 'ended',
		start_timestamp: new NumberLiteral('1767225600000'),
		end_timestamp: new NumberLiteral('1767232800000'),
		duration_ms: new NumberLiteral('7200000'),
		disconnection_reason: 'max_duration_reached',
		transcript,
		transcript_object: utterances,
		transcript_with_tool_calls: utterances,
	});
}
