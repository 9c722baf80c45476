import { createHmac } from 'node:crypto';
import fc from 'fast-check';

import { CALL_EVENTS } from '../../../nodes/shared/retell/events';
import { NumberLiteral, ObjectText, object, serialize, type JsonText } from './jsonText';
import { raw, storable, unusualNumber } from './unusualValues';

/** Items for Retell Supabase: every field it maps, plausible, null or of the wrong type, beside fields nothing maps. */

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
