import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { type FieldReader, fieldReader, getCollection, toTimestamp } from '../../../shared/parameters';
import { DEFAULT_LEAD_KEYS, parseDateTime, toLeadRow, type LeadKeys, type LeadOverrides } from '../../../shared/supabase/leadRow';
import { supabaseRequest, type PostgrestFailure, type RetellSupabaseClient } from '../../../shared/supabase/transport';
import { postgrestDetail } from '../../../shared/supabase/transport/errors';
import { isTimeZone } from '../../../shared/supabase/values';
import { supabaseOperation } from '../node.type';

const properties: INodeProperties[] = [
	{
		displayName:
			"Creates the lead of the call in each input item (Retell Trigger's call_analyzed, Session → Log output or a call object). Log the call's session first. One lead per call: running it again returns the existing lead.",
		name: 'leadNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Mapping Keys',
		name: 'customDataKeys',
		type: 'collection',
		placeholder: 'Change Keys',
		default: {},
		hint: "Default mapping — the names Retell → Agent → Lead Details declares: Name: name, customer_name or full_name · Email: email · Phone: callback_number, else the customer's number · Interest: interest · Appointment Time: appointment_time. Looked up in the analysis' custom data, then the variables collected in the call, then the call's dynamic variables. Analysis fields no column takes stay in custom_data.",
		description:
			"Which keys hold the lead's details, comma-separated; the first usable one is used; case and spaces do not matter",
		options: [
			{
				displayName: 'Appointment Time Keys',
				name: 'appointmentTimeKeys',
				type: 'string',
				default: DEFAULT_LEAD_KEYS.appointment_time.join(', '),
				description: 'Their value must be an ISO 8601 date and time, e.g. 2026-03-14T15:30:00-07:00',
			},
			{
				displayName: 'Email Keys',
				name: 'emailKeys',
				type: 'string',
				default: DEFAULT_LEAD_KEYS.email.join(', '),
			},
			{
				displayName: 'Interest Keys',
				name: 'interestKeys',
				type: 'string',
				default: DEFAULT_LEAD_KEYS.interest.join(', '),
			},
			{
				displayName: 'Name Keys',
				name: 'nameKeys',
				type: 'string',
				default: DEFAULT_LEAD_KEYS.name.join(', '),
			},
			{
				displayName: 'Phone Keys',
				name: 'phoneKeys',
				type: 'string',
				default: DEFAULT_LEAD_KEYS.phone.join(', '),
				placeholder: 'callback_number, phone',
				description:
					"When none of these has a value, the lead's phone is the customer's side of the call: the caller of an inbound call, the callee of an outbound one",
			},
		],
	},
	{
		displayName: 'Lead Fields',
		name: 'leadFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Values (or expressions) that replace the mapped ones',
		options: [
			{
				displayName: 'Appointment Time',
				name: 'appointmentTime',
				type: 'dateTime',
				default: '',
			},
			{
				displayName: 'Call ID',
				name: 'callId',
				type: 'string',
				default: '',
				placeholder: 'call_a1b2c3…',
				description: "Needed when the input item carries no call_id",
			},
			{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '' },
			{ displayName: 'Interest', name: 'interest', type: 'string', default: '' },
			{ displayName: 'Name', name: 'name', type: 'string', default: '' },
			{
				displayName: 'Notes',
				name: 'notes',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
				description: "Default: the analysis' call summary",
			},
			{ displayName: 'Phone', name: 'phone', type: 'string', default: '', placeholder: '+14155550100' },
			{
				displayName: 'Source',
				name: 'source',
				type: 'string',
				default: '',
				placeholder: 'retell',
				description: 'Where the lead came from. Default: retell.',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Include Custom Data',
				name: 'includeCustomData',
				type: 'boolean',
				default: true,
				description:
					"Whether to keep the analysis fields no column took (custom lead fields, values of the wrong type) in the lead's custom_data column",
			},
			{
				displayName: 'Time Zone',
				name: 'timeZone',
				type: 'string',
				default: '',
				placeholder: 'America/New_York',
				description:
					"The IANA time zone of an appointment time given without a UTC offset. Default: the workflow's time zone.",
			},
		],
	},
];

function keyList(value: string | undefined, fallback: string[]): string[] {
	if (value === undefined) return fallback;
	return value
		.split(',')
		.map((key) => key.trim())
		.filter((key) => key !== '');
}

function readKeys(context: IExecuteFunctions, itemIndex: number): LeadKeys {
	const keys = getCollection(context, 'customDataKeys', itemIndex);
	const read = fieldReader(context.getNode(), itemIndex, keys);
	return {
		name: keyList(read.string('nameKeys', 'Name Keys'), DEFAULT_LEAD_KEYS.name),
		email: keyList(read.string('emailKeys', 'Email Keys'), DEFAULT_LEAD_KEYS.email),
		phone: keyList(read.string('phoneKeys', 'Phone Keys'), DEFAULT_LEAD_KEYS.phone),
		interest: keyList(read.string('interestKeys', 'Interest Keys'), DEFAULT_LEAD_KEYS.interest),
		appointment_time: keyList(read.string('appointmentTimeKeys', 'Appointment Time Keys'), DEFAULT_LEAD_KEYS.appointment_time),
	};
}

function readOverrides(context: IExecuteFunctions, itemIndex: number, timeZone: string): LeadOverrides {
	const collection = getCollection(context, 'leadFields', itemIndex);
	const fields = fieldReader(context.getNode(), itemIndex, collection);
	return {
		call_id: fields.string('callId', 'Call ID')?.trim(),
		name: fields.string('name', 'Name')?.trim(),
		email: fields.string('email', 'Email')?.trim(),
		phone: fields.string('phone', 'Phone')?.trim(),
		interest: fields.string('interest', 'Interest')?.trim(),
		appointment_time: readAppointmentTime(fields, collection.appointmentTime, timeZone),
		notes: fields.string('notes', 'Notes'),
		source: fields.string('source', 'Source')?.trim(),
	};
}

/** n8n's date picker gives a wall-clock time without an offset, in the workflow's time zone. */
function readAppointmentTime(fields: FieldReader, value: unknown, timeZone: string): string | undefined {
	const invalid = () => fields.invalid('Appointment Time', 'a date and time', value);
	if (typeof value === 'string' && value.trim() !== '') {
		const iso = parseDateTime(value, timeZone) ?? parseDateTime(`${value.trim()}T00:00`, timeZone);
		if (iso === undefined) throw invalid();
		return iso;
	}
	const ms = toTimestamp(value, invalid);
	return ms === undefined ? undefined : new Date(ms).toISOString();
}

function readTimeZone(context: IExecuteFunctions, itemIndex: number, zone: string | undefined): string {
	const timeZone = zone ?? context.getTimezone();
	if (!isTimeZone(timeZone)) {
		throw new NodeOperationError(context.getNode(), `Unknown time zone "${timeZone}"`, {
			itemIndex,
			description: 'Use an IANA time zone name such as America/New_York or Europe/Berlin.',
		});
	}
	return timeZone;
}

/** leads.call_id references the session: 23503 means the call was never logged. */
function missingSession(callId: string) {
	return (failure: PostgrestFailure) =>
		failure.code === '23503'
			? {
					message: `No session for call ${callId}`,
					description: `Log the session first (Session → Log), then create its lead. ${postgrestDetail(failure)}`,
				}
			: undefined;
}

/**
 * Idempotent per call: an insert that skips an existing lead (ON CONFLICT (call_id) DO NOTHING), then,
 * when nothing was inserted, a read of the lead that is there. A stored lead is never overwritten,
 * so edits made to it in the app survive a replayed webhook.
 */
async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: RetellSupabaseClient,
): Promise<IDataObject> {
	const options = fieldReader(this.getNode(), itemIndex, getCollection(this, 'options', itemIndex));
	const timeZone = readTimeZone(this, itemIndex, options.string('timeZone', 'Time Zone')?.trim());
	const row = toLeadRow(this.getInputData()[itemIndex].json, {
		keys: readKeys(this, itemIndex),
		overrides: readOverrides(this, itemIndex, timeZone),
		includeCustomData: options.boolean('includeCustomData', 'Include Custom Data') ?? true,
		timeZone,
	});
	if (!row) {
		throw new NodeOperationError(this.getNode(), 'The item has no call_id', {
			itemIndex,
			description: 'Pass a call event, a call object or a logged session, or set Lead Fields → Call ID.',
		});
	}
	const target = { table: 'leads' };
	const inserted = await supabaseRequest(
		this,
		client,
		(db) => db.from('leads').upsert(row, { onConflict: 'call_id', ignoreDuplicates: true }).select(),
		{ target, itemIndex, explain: missingSession(row.call_id) },
	);
	if (inserted.length > 0) return { action: 'created', ...inserted[0] };
	const existing = await supabaseRequest(
		this,
		client,
		(db) => db.from('leads').select('*').eq('call_id', row.call_id).single(),
		{ target, itemIndex },
	);
	return { action: 'existing', ...existing };
}

export const operation = supabaseOperation({
	resource: 'lead',
	operation: 'createFromCall',
	option: {
		name: 'Create From Call',
		description:
			"Create the lead of a logged call from its post-call analysis (name, email, phone, interest, appointment time, summary); returns the existing lead if the call has one",
		action: 'Create a lead from a call',
	},
	properties,
	execute,
});
