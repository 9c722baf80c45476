import { createHmac } from 'node:crypto';
import fc from 'fast-check';

import { CALL_EVENTS, type CallEvent } from '../../nodes/shared/retell/events';

/**
 * fast-check arbitraries for the fuzz suites: JSON bodies as Retell could write them (exact bytes, not just values),
 * Retell-shaped payloads full of unusual values, and X-Retell-Signature headers, valid and broken.
 */

/** A JSON number exactly as written, so a body can carry numbers a JavaScript number cannot hold exactly. */
export class NumberLiteral {
	constructor(readonly text: string) {}

	[fc.toStringMethod](): string {
		return this.text;
	}
}

/** A JSON object as written: its members in order, duplicates allowed (JSON.parse keeps the last). */
export class ObjectText {
	constructor(readonly members: ReadonlyArray<readonly [string, JsonText]>) {}

	/** Counterexamples print as the JSON that was sent. */
	[fc.toStringMethod](): string {
		return serialize(this);
	}
}

/**
 * `leaf` nested `depth` levels deep, objects and arrays alternating. Kept as a description rather than a tree so
 * that counterexamples print short and nothing recursive (fast-check's printer, Node's util) meets 2,000 levels.
 */
export class Nested {
	constructor(
		readonly depth: number,
		readonly leaf: JsonText,
	) {}

	[fc.toStringMethod](): string {
		return `nested(${this.depth}, ${fc.stringify(this.leaf)})`;
	}
}

export type JsonText = null | boolean | string | NumberLiteral | ObjectText | Nested | JsonText[];

export interface Layout {
	/** Whitespace between tokens: Retell's bytes are signed, so every layout must verify. */
	gap: string;
	/** Writes every non-ASCII character as \uXXXX, as Python's json.dumps does by default. */
	asciiOnly: boolean;
	escapeSlashes: boolean;
}

export const COMPACT: Layout = { gap: '', asciiOnly: false, escapeSlashes: false };

function stringText(value: string, layout: Layout): string {
	// JSON.stringify already writes lone surrogates as \uXXXX escapes.
	let text = JSON.stringify(value);
	if (layout.asciiOnly) {
		text = text.replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
	}
	return layout.escapeSlashes ? text.replace(/\//g, '\\/') : text;
}

export function serialize(value: JsonText, layout: Layout = COMPACT): string {
	const { gap } = layout;
	if (value === null) return 'null';
	if (typeof value === 'boolean') return String(value);
	if (typeof value === 'string') return stringText(value, layout);
	if (value instanceof NumberLiteral) return value.text;
	if (value instanceof Nested) {
		const opens: string[] = [];
		const closes: string[] = [];
		for (let level = value.depth - 1; level >= 0; level--) {
			opens.push(level % 2 ? `[${gap}` : `{${gap}"level"${gap}:${gap}`);
			closes.unshift(level % 2 ? `${gap}]` : `${gap}}`);
		}
		return `${opens.join('')}${serialize(value.leaf, layout)}${closes.join('')}`;
	}
	if (Array.isArray(value)) return `[${gap}${value.map((entry) => serialize(entry, layout)).join(`${gap},${gap}`)}${gap}]`;
	const members = value.members.map(([key, member]) => `${stringText(key, layout)}${gap}:${gap}${serialize(member, layout)}`);
	return `{${gap}${members.join(`${gap},${gap}`)}${gap}}`;
}

export const object = (members: Record<string, JsonText>): ObjectText => new ObjectText(Object.entries(members));

export const layoutArbitrary: fc.Arbitrary<Layout> = fc.record({
	gap: fc.constantFrom('', ' ', '\n', '\t', '\r\n  ', '  \n\t'),
	asciiOnly: fc.boolean(),
	escapeSlashes: fc.boolean(),
});

// ---------------------------------------------------------------------------------------------------
// Unusual values
// ---------------------------------------------------------------------------------------------------

const SPECIAL_TEXTS = [
	'',
	' ',
	'👩🏽‍💻👨‍👩‍👧‍👦🏳️‍🌈',
	'🇩🇰🇸🇬',
	'مرحبا بالعالم',
	'שלום עולם',
	'\u202eevil\u202c',
	'e\u0301\u0302\u0303\u0304\u0305 Zalgo: Z\u0351\u0310\u0346\u0300\u033ea\u0367l\u0312g\u036fo',
	'Zoë — 你好 — Ελληνικά',
	'\ufeffBOM',
	'line\u2028separator\u2029paragraph',
	'\u0000nul\u0001control\u001f',
	'tab\tnew\nline\rreturn',
	'quote " backslash \\ slash /',
	'\ud800',
	'\udfff',
	'lone \udc00 low, lone \udbff high',
	'</script><script>alert(1)</script>',
	'{"event":"call_started"}',
	'x'.repeat(1500),
];

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));

export const unusualText: fc.Arbitrary<string> = fc.oneof(
	fc.string({ unit: 'grapheme', maxLength: 30 }),
	fc.string({ unit: 'binary', maxLength: 30 }),
	fc.constantFrom(...SPECIAL_TEXTS),
	fc.array(fc.oneof(fc.constantFrom(...SPECIAL_TEXTS.slice(1, 16)), loneSurrogate, fc.string({ maxLength: 4 })), { maxLength: 6 }).map((parts) => parts.join('')),
);

const NUL_OR_LONE_SURROGATE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Whether PostgreSQL can store the text: no NUL character, no half of a surrogate pair. */
export function isStorable(text: string): boolean {
	return !new RegExp(NUL_OR_LONE_SURROGATE.source).test(text);
}

/** The same unusual texts, minus what PostgreSQL cannot store (U+FFFD instead). */
export const storableText: fc.Arbitrary<string> = unusualText.map((text) => text.replace(NUL_OR_LONE_SURROGATE, '\ufffd'));

const NUMBER_LITERALS = [
	'0',
	'-0',
	'-0.0',
	'9007199254740993',
	'-9007199254740993',
	'18446744073709551616',
	'123456789012345678901234567890',
	'1e400',
	'-1e400',
	'1E+2',
	'5e-324',
	'1e-400',
	'1.7976931348623157e308',
	'0.1',
	'-2.5',
	'3.141592653589793238462643383279',
	'1767225600000',
	'1767225600000.5',
];

export const unusualNumber: fc.Arbitrary<NumberLiteral> = fc.oneof(
	fc.constantFrom(...NUMBER_LITERALS).map((text) => new NumberLiteral(text)),
	fc.bigInt({ min: -(2n ** 90n), max: 2n ** 90n }).map((value) => new NumberLiteral(value.toString())),
	fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => new NumberLiteral(String(value))),
	fc.integer().map((value) => new NumberLiteral(String(value))),
);

const TRICKY_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '', ' ', 'call', 'event', 'json', 'binary', 'pairedItem', '$json', 'a.b', '[0]'];

export interface JsonArbitraries {
	text: fc.Arbitrary<string>;
	/** Non-empty text: a mapper could not take it for absent. */
	presentText: fc.Arbitrary<string>;
	key: fc.Arbitrary<string>;
	leaf: fc.Arbitrary<JsonText>;
	/** Any JSON value, nested a few levels, with unusual keys (duplicates included) and leaves. */
	tree: fc.Arbitrary<JsonText>;
	objectTree: fc.Arbitrary<ObjectText>;
	/** A leaf nested 20 to `maxDepth` levels deep. */
	deep: (maxDepth: number) => fc.Arbitrary<JsonText>;
}

export function jsonArbitraries(text: fc.Arbitrary<string>): JsonArbitraries {
	const key = fc.oneof(fc.constantFrom(...TRICKY_KEYS), text);
	const leaf: fc.Arbitrary<JsonText> = fc.oneof(fc.constant(null), fc.boolean(), text, unusualNumber);
	const tree = fc.letrec<{ tree: JsonText }>((tie) => ({
		tree: fc.oneof(
			{ depthSize: 'small', withCrossShrink: true },
			leaf,
			fc.array(tie('tree'), { maxLength: 5 }),
			fc.array(fc.tuple(key, tie('tree')), { maxLength: 5 }).map((members) => new ObjectText(members)),
		),
	})).tree;
	return {
		text,
		presentText: text.filter((value) => value !== ''),
		key,
		leaf,
		tree,
		objectTree: fc.array(fc.tuple(key, tree), { maxLength: 6 }).map((members) => new ObjectText(members)),
		deep: (maxDepth) => fc.tuple(fc.integer({ min: 20, max: maxDepth }), leaf).map(([depth, value]) => new Nested(depth, value)),
	};
}

/** Values as Retell could send them: anything JSON can carry. */
export const raw = jsonArbitraries(unusualText);
/** The same, minus text PostgreSQL cannot store. */
export const storable = jsonArbitraries(storableText);

export const presentText = raw.presentText;
export const unusualKey = raw.key;
export const jsonLeaf = raw.leaf;
export const jsonTree = raw.tree;
export const jsonObjectTree = raw.objectTree;
export const deepTree = raw.deep(2_000);

// ---------------------------------------------------------------------------------------------------
// Retell payloads
// ---------------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------------
// Signatures (retell-api.md §5.1)
// ---------------------------------------------------------------------------------------------------

export const SIGNATURE_TOLERANCE_MS = 300_000;

export function hmacHex(key: string, body: Buffer, timestamp: string): string {
	return createHmac('sha256', key).update(body).update(timestamp, 'utf8').digest('hex');
}

export function signature(key: string, body: Buffer, timestampMs: number): string {
	const v = String(Math.trunc(timestampMs));
	return `v=${v},d=${hmacHex(key, body, v)}`;
}

/**
 * The documented rule, written independently of the node (retell-api.md §5.1, the minimal verifier): the test's own
 * check that a case meant to be unsigned really is.
 */
export function documentedVerify(body: Buffer, header: string | undefined, key: string, nowMs: number): boolean {
	const match = /^v=(\d+),d=([0-9a-f]{64})$/i.exec(header ?? '');
	const timestamp = match ? Number(match[1]) : NaN;
	if (!match || !Number.isSafeInteger(timestamp) || Math.abs(nowMs - timestamp) > SIGNATURE_TOLERANCE_MS) return false;
	return hmacHex(key, body, String(timestamp)) === match[2].toLowerCase();
}

// ---------------------------------------------------------------------------------------------------
// Items for Retell Supabase
// ---------------------------------------------------------------------------------------------------

/** Stands for a fresh call id, filled in per run (`instantiate`), so runs never share rows. */
export const CALL_ID = '@@call_id@@';
/** Stands for a call id longer than PostgreSQL can index (a btree entry holds at most ~2,700 bytes). */
export const HUGE_CALL_ID = '@@huge_call_id@@';

const WHOLE_MS_IN_POSTGRES_RANGE = { min: -62_135_596_800_000, max: 253_402_300_799_999 }; // years 0001 to 9999
/** Beyond what timestamptz reads from ISO text, yet a valid JavaScript date (±8.64e15 ms). */
const MS_OUTSIDE_POSTGRES_RANGE = fc.oneof(
	fc.integer({ min: 253_402_300_800_000, max: 8_640_000_000_000_000 }),
	fc.integer({ min: -8_640_000_000_000_000, max: -62_135_596_800_001 }),
);

const numberText = (value: number | bigint) => new NumberLiteral(String(value));

/** What a mapped column may hold instead of its type: any storable value but a number. */
const notANumber: fc.Arbitrary<JsonText> = fc.oneof(fc.constant(null), fc.boolean(), storable.text, storable.objectTree, fc.array(storable.leaf, { maxLength: 3 }));
const anyStorable: fc.Arbitrary<JsonText> = fc.oneof(storable.leaf, storable.tree, fc.array(storable.leaf, { maxLength: 3 }));

/** A mapped field: a plausible value, null, or a value of the wrong type. */
function mapped(plausible: fc.Arbitrary<JsonText>, wrong: fc.Arbitrary<JsonText> = anyStorable): fc.Arbitrary<JsonText> {
	return fc.oneof({ weight: 4, arbitrary: plausible }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 2, arbitrary: wrong });
}

const storableWord = fc.record({ word: storable.text, start: unusualNumber, end: unusualNumber }).map(object);
const storableUtterance = fc
	.record({ role: fc.constantFrom('agent', 'user'), content: storable.text, words: fc.array(storableWord, { maxLength: 3 }) }, { requiredKeys: [] })
	.map(object);

const timestamp = mapped(
	fc.oneof({ weight: 5, arbitrary: fc.integer(WHOLE_MS_IN_POSTGRES_RANGE).map(numberText) }, { weight: 1, arbitrary: MS_OUTSIDE_POSTGRES_RANGE.map(numberText) }),
	notANumber,
);
const integerColumn = (bits: 32 | 64) =>
	mapped(
		fc.oneof(
			{ weight: 12, arbitrary: fc.integer({ min: 0, max: 10_000_000 }).map(numberText) },
			// Out of the column's range, or not whole: the database refuses these.
			{ weight: 1, arbitrary: fc.bigInt({ min: 2n ** BigInt(bits - 1), max: 2n ** 80n }).map(numberText) },
			{ weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map(numberText) },
		),
		notANumber,
	);

const storableAnalysis = fc
	.record(
		{
			call_summary: mapped(storable.text),
			user_sentiment: mapped(fc.constantFrom('Negative', 'Positive', 'Neutral', 'Unknown')),
			call_successful: mapped(fc.boolean()),
			in_voicemail: mapped(fc.boolean()),
			custom_analysis_data: mapped(
				fc.oneof(
					storable.objectTree,
					fc.record({ name: storable.text, email: storable.text, customer_name: storable.text, 'Full Name': storable.text }, { requiredKeys: [] }).map(object),
				),
			),
			extra: storable.tree,
		},
		{ requiredKeys: [] },
	)
	.map(object);

/** Every field Session → Log or Lead → Create From Call reads from a call, with storable values. */
const mappedCallFields = {
	agent_id: mapped(storable.presentText),
	agent_version: integerColumn(32),
	call_type: mapped(fc.constantFrom('phone_call', 'web_call')),
	direction: mapped(fc.constantFrom('inbound', 'outbound')),
	from_number: mapped(fc.oneof(storable.presentText, fc.constant('+14155550123'))),
	to_number: mapped(fc.oneof(storable.presentText, fc.constant('+14155550100'))),
	call_status: mapped(fc.constantFrom('registered', 'not_connected', 'ongoing', 'ended', 'error')),
	start_timestamp: timestamp,
	end_timestamp: timestamp,
	duration_ms: integerColumn(64),
	disconnection_reason: mapped(storable.presentText),
	transcript: mapped(fc.oneof({ weight: 9, arbitrary: storable.text }, { weight: 1, arbitrary: fc.constant('Agent: hello. '.repeat(80_000)) })),
	transcript_object: mapped(fc.array(storableUtterance, { maxLength: 4 })),
	recording_url: mapped(storable.presentText),
	call_analysis: mapped(storableAnalysis),
	call_cost: mapped(fc.record({ combined_cost: unusualNumber, product_costs: fc.array(storable.objectTree, { maxLength: 2 }) }, { requiredKeys: [] }).map(object)),
	metadata: mapped(fc.oneof(storable.objectTree, storable.deep(1_000))),
	retell_llm_dynamic_variables: mapped(storable.objectTree),
	collected_dynamic_variables: mapped(storable.objectTree),
};

/** Fields nothing maps: anything at all may sit there, NUL characters included. */
const ignoredCallFields = {
	agent_name: raw.tree,
	latency: raw.tree,
	public_log_url: raw.text,
	transcript_with_tool_calls: raw.tree,
	telephony_identifier: raw.objectTree,
};

const sessionCallId = fc.oneof(
	{ weight: 12, arbitrary: fc.constant<JsonText>(CALL_ID) },
	{ weight: 1, arbitrary: fc.constant<JsonText>(HUGE_CALL_ID) },
	// Missing, empty or not a string: no call id at all.
	{ weight: 2, arbitrary: fc.oneof(fc.constant<JsonText>(''), fc.constant(null), fc.boolean(), unusualNumber, storable.objectTree, fc.array(fc.constant<JsonText>(CALL_ID), { maxLength: 2 })) },
);

const sessionCallFields = fc
	.record({ call_id: sessionCallId, ...mappedCallFields, ...ignoredCallFields }, { requiredKeys: ['call_id'] })
	.map(object);

const eventName = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...CALL_EVENTS) }, { weight: 1, arbitrary: fc.oneof(fc.constantFrom('chat_started', 'call_inbound'), storable.leaf) });

/** Session → Log takes a Trigger item, a webhook body, a call object or a Webhook node item; plus arrays where objects belong. */
export const sessionItem: fc.Arbitrary<JsonText> = fc.oneof(
	{ weight: 3, arbitrary: fc.tuple(eventName, sessionCallFields).map(([event, call]) => new ObjectText([['event', event], ...call.members])) },
	{ weight: 3, arbitrary: fc.tuple(eventName, sessionCallFields).map(([event, call]) => object({ event, call })) },
	{ weight: 3, arbitrary: sessionCallFields },
	{ weight: 2, arbitrary: fc.tuple(eventName, sessionCallFields).map(([event, call]) => object({ headers: object({}), params: object({}), query: object({}), body: object({ event, call }) })) },
	{ weight: 1, arbitrary: fc.tuple(eventName, fc.array(sessionCallFields, { maxLength: 2 })).map(([event, calls]) => object({ event, call: calls })) },
	{ weight: 1, arbitrary: fc.array(sessionCallFields, { maxLength: 2 }).map((calls) => object({ body: calls })) },
	{ weight: 1, arbitrary: sessionCallFields.map((call) => object({ event: 'call_ended', call: new ObjectText(call.members.filter(([key]) => key !== 'call_id')) })) },
	{ weight: 1, arbitrary: storable.objectTree },
);

/** A call id unique to `runId` and the item, or a huge one for HUGE_CALL_ID: random hex, which does not compress. */
export function instantiate(item: JsonText, runId: string, index: number): unknown {
	const id = `${runId}_${index}`;
	let huge = '';
	for (let block = 0; huge.length < 10_000; block++) huge += createHmac('sha256', id).update(String(block)).digest('hex');
	const text = serialize(item)
		.replaceAll(JSON.stringify(CALL_ID), JSON.stringify(id))
		.replaceAll(JSON.stringify(HUGE_CALL_ID), JSON.stringify(`${id}_${huge}`));
	return JSON.parse(text);
}

/** Fields a test can break in an emulated call: every mapped one but those the call list filters on. */
export const emulatedCallPatch = fc.record(
	{
		agent_version: integerColumn(32),
		duration_ms: integerColumn(64),
		from_number: mapped(storable.presentText),
		direction: mapped(fc.constantFrom('inbound', 'outbound')),
		end_timestamp: timestamp,
		transcript: mapped(storable.text),
		transcript_object: mapped(fc.array(storableUtterance, { maxLength: 3 })),
		call_analysis: mapped(storableAnalysis),
		call_cost: mapped(fc.record({ combined_cost: unusualNumber }).map(object)),
		metadata: mapped(fc.oneof(storable.objectTree, storable.deep(500))),
		retell_llm_dynamic_variables: mapped(storable.objectTree),
		agent_name: raw.tree,
		latency: raw.tree,
	},
	{ requiredKeys: [] },
).map(object);
