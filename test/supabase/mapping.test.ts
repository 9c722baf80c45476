import { toAgentRow } from '../../nodes/shared/supabase/agentRow';
import { DEFAULT_LEAD_KEYS, parseDateTime, toLeadRow, type LeadMapping } from '../../nodes/shared/supabase/leadRow';
import { LEAD_DETAILS } from '../../nodes/shared/leadFields';
import { toSessionRow } from '../../nodes/shared/supabase/sessionRow';
import { explainFailure, toFailure } from '../../nodes/shared/supabase/transport/errors';
import { redact } from '../../nodes/shared/apiError';
import { normaliseHost } from '../../nodes/shared/supabase/transport';
import { analyzedCall, ANALYSIS, endedCall } from './helpers';

const defaults: LeadMapping = { keys: DEFAULT_LEAD_KEYS, overrides: {}, includeCustomData: true, timeZone: 'UTC' };

describe('toSessionRow', () => {
	it('maps only columns of retell_call_sessions (plus event), and leaves absent fields out', () => {
		const row = toSessionRow({ event: 'call_analyzed', ...analyzedCall('c1', 'agent_1') });
		expect(row).toEqual({
			call_id: 'c1',
			event: 'call_analyzed',
			retell_agent_id: 'agent_1',
			agent_version: 3,
			call_type: 'phone_call',
			direction: 'inbound',
			from_number: '+14155550100',
			to_number: '+14155550199',
			call_status: 'ended',
			start_timestamp: '2026-01-01T10:00:00.000Z',
			end_timestamp: '2026-01-01T10:01:00.000Z',
			duration_ms: 60_000,
			disconnection_reason: 'user_hangup',
			transcript: endedCall('c1', 'agent_1').transcript,
			transcript_object: endedCall('c1', 'agent_1').transcript_object,
			recording_url: 'https://recordings.example/rec.wav?sig=analyzed',
			call_summary: ANALYSIS.call_summary,
			user_sentiment: 'Positive',
			call_successful: true,
			in_voicemail: false,
			custom_analysis_data: ANALYSIS.custom_analysis_data,
			call_analysis: ANALYSIS,
			cost: 13.25,
			call_cost: { combined_cost: 13.25, total_duration_seconds: 60, product_costs: [] },
			metadata: { crm_id: '42' },
			dynamic_variables: { first_name: 'Ada' },
			collected_dynamic_variables: { intent: 'book', slot: 'tomorrow 10:00' },
		});
		expect(row).not.toHaveProperty('agent_name');
	});

	it('drops events that are not call events and finds calls in every wrapper', () => {
		expect(toSessionRow({ event: 'chat_ended', call_id: 'c2' })).toEqual({ call_id: 'c2' });
		expect(toSessionRow({ event: 'call_started', call: { call_id: 'c3', call_status: 'ongoing' } })).toEqual({
			call_id: 'c3',
			event: 'call_started',
			call_status: 'ongoing',
		});
		expect(toSessionRow({ body: { event: 'call_ended', call: { call_id: 'c4' } } })).toEqual({ call_id: 'c4', event: 'call_ended' });
		expect(toSessionRow({ event: 'call_ended', call: { call_status: 'ended' } })).toBeUndefined();
		expect(toSessionRow({ call_id: '' })).toBeUndefined();
	});
});

describe('toLeadRow', () => {
	it('takes name, email and notes from the analysis, the phone from the customer side of the call', () => {
		expect(toLeadRow(analyzedCall('c1', 'a'), defaults)).toEqual({
			call_id: 'c1',
			name: 'Ada Lovelace',
			email: 'ada@example.com',
			phone: '+14155550100',
			notes: ANALYSIS.call_summary,
			// The fields a column took leave custom_data; the rest stays.
			custom_data: { booked: true },
		});
		expect(toLeadRow({ ...analyzedCall('c1', 'a'), direction: 'outbound' }, defaults)?.phone).toBe('+14155550199');
		expect(toLeadRow({ call_id: 'c5', call_type: 'web_call' }, defaults)).toEqual({ call_id: 'c5' });
	});

	it('reads a stored session (columns at top level) as well as a call', () => {
		const session = { call_id: 'c6', direction: 'inbound', from_number: '+1', custom_analysis_data: { Name: 'Bo' }, call_summary: 'Hi' };
		expect(toLeadRow(session, defaults)).toEqual({ call_id: 'c6', name: 'Bo', phone: '+1', notes: 'Hi' });
	});

	it('matches custom-data keys regardless of case and spacing, first non-empty wins, overrides win over all', () => {
		const call = {
			call_id: 'c7',
			call_analysis: { custom_analysis_data: { 'Customer Name': ' ', 'Full-Name': 'Lin', Phone: 4155550100 } },
		};
		const mapping: LeadMapping = {
			keys: { name: ['customer_name', 'full name'], email: [], phone: ['phone'], interest: [], appointment_time: [] },
			overrides: { email: 'lin@example.com' },
			includeCustomData: false,
			timeZone: 'UTC',
		};
		expect(toLeadRow(call, mapping)).toEqual({ call_id: 'c7', name: 'Lin', email: 'lin@example.com', phone: '4155550100' });
		expect(toLeadRow({}, { ...mapping, overrides: { call_id: 'c8' } })).toEqual({ call_id: 'c8' });
		expect(toLeadRow({}, defaults)).toBeUndefined();
	});
	it('falls back to the variables collected in the call, then to the dynamic variables it started with', () => {
		const call = {
			call_id: 'c9',
			direction: 'outbound',
			to_number: '+14155550123',
			call_analysis: { call_summary: 'Booked', custom_analysis_data: { appointment: 'Tue 10:00' } },
			collected_dynamic_variables: { email: 'ada@example.com' },
			retell_llm_dynamic_variables: { customer_name: 'Ada Lovelace', email: 'old@example.com' },
		};
		expect(toLeadRow(call, defaults)).toMatchObject({
			name: 'Ada Lovelace',
			email: 'ada@example.com',
			phone: '+14155550123',
		});
		// The analysis wins over both; a stored session names the start variables dynamic_variables.
		const session = { call_id: 'c10', custom_analysis_data: { name: 'Grace' }, dynamic_variables: { customer_name: 'Ada' } };
		expect(toLeadRow(session, defaults)?.name).toBe('Grace');
		expect(toLeadRow({ call_id: 'c11', dynamic_variables: { customer_name: 'Ada' } }, defaults)?.name).toBe('Ada');
	});
});

describe('toLeadRow with the lead details an agent declares', () => {
	const inbound = (custom: Record<string, unknown>) => ({
		call_id: 'lead_1',
		direction: 'inbound',
		from_number: '+14155550100',
		call_analysis: { call_summary: 'Asked about solar panels.', custom_analysis_data: custom },
	});

	it('uses the names Agent → Lead Details declares, so Provision and Create From Call agree', () => {
		expect(Object.values(LEAD_DETAILS).map((detail) => [detail.analysisName, detail.column])).toEqual([
			['customer_name', 'name'],
			['email', 'email'],
			['callback_number', 'phone'],
			['interest', 'interest'],
			['appointment_time', 'appointment_time'],
		]);
		for (const detail of Object.values(LEAD_DETAILS)) {
			const [column] = Object.entries(DEFAULT_LEAD_KEYS).find(([, keys]) => keys.includes(detail.analysisName)) ?? [];
			expect([detail.analysisName, column]).toEqual([detail.analysisName, detail.column]);
		}
	});

	it('maps every declared field to its column and keeps custom fields in custom_data', () => {
		const row = toLeadRow(
			inbound({
				customer_name: 'Ada Lovelace',
				email: 'ada@example.com',
				callback_number: '+14155550177',
				interest: 'Solar panels for a two-storey house',
				appointment_time: '2026-03-14T15:30:00-07:00',
				budget: 12000,
				lead_temperature: 'hot',
			}),
			defaults,
		);
		expect(row).toEqual({
			call_id: 'lead_1',
			name: 'Ada Lovelace',
			email: 'ada@example.com',
			phone: '+14155550177',
			interest: 'Solar panels for a two-storey house',
			appointment_time: '2026-03-14T22:30:00.000Z',
			notes: 'Asked about solar panels.',
			custom_data: { budget: 12000, lead_temperature: 'hot' },
		});
	});

	it('leaves the columns of absent or empty fields out (the database keeps them null) and falls back to the caller', () => {
		expect(toLeadRow(inbound({ customer_name: '', email: ' ', callback_number: '', interest: '', appointment_time: '' }), defaults)).toEqual({
			call_id: 'lead_1',
			phone: '+14155550100',
			notes: 'Asked about solar panels.',
			// Empty values are still what the analysis said: kept, not dropped.
			custom_data: { customer_name: '', email: ' ', callback_number: '', interest: '', appointment_time: '' },
		});
		expect(toLeadRow(inbound({}), defaults)).toEqual({ call_id: 'lead_1', phone: '+14155550100', notes: 'Asked about solar panels.' });
	});

	it('stores a value of another type only where its column can hold it; the rest stays in custom_data', () => {
		const row = toLeadRow(
			inbound({
				customer_name: true,
				email: 'ada at example dot com',
				callback_number: 14155550177,
				interest: { product: 'solar' },
				appointment_time: 'next Tuesday afternoon',
			}),
			defaults,
		);
		expect(row).toEqual({
			call_id: 'lead_1',
			// A number is text enough for a phone column.
			phone: '14155550177',
			notes: 'Asked about solar panels.',
			custom_data: {
				customer_name: true,
				email: 'ada at example dot com',
				interest: { product: 'solar' },
				appointment_time: 'next Tuesday afternoon',
			},
		});
		expect(toLeadRow(inbound({ appointment_time: 1773527400000 }), defaults)?.custom_data).toEqual({ appointment_time: 1773527400000 });
	});

	it('takes a mistyped analysis value from the next source that has a usable one', () => {
		const call = { ...inbound({ email: 'not an address' }), collected_dynamic_variables: { email: 'ada@example.com' } };
		expect(toLeadRow(call, defaults)).toMatchObject({ email: 'ada@example.com', custom_data: { email: 'not an address' } });
	});

	it('reads an appointment time without an offset in the given time zone, across daylight saving changes', () => {
		const at = (time: string, zone: string) =>
			toLeadRow(inbound({ appointment_time: time }), { ...defaults, timeZone: zone })?.appointment_time;
		expect(at('2026-03-14T15:30:00', 'America/Los_Angeles')).toBe('2026-03-14T22:30:00.000Z');
		expect(at('2026-01-14 15:30', 'America/Los_Angeles')).toBe('2026-01-14T23:30:00.000Z');
		expect(at('2026-07-01T09:00:00', 'Europe/Berlin')).toBe('2026-07-01T07:00:00.000Z');
		expect(at('2026-07-01T09:00:00', 'UTC')).toBe('2026-07-01T09:00:00.000Z');
		// The offset given wins over the zone.
		expect(at('2026-07-01T09:00:00Z', 'Europe/Berlin')).toBe('2026-07-01T09:00:00.000Z');
		expect(at('2026-07-01T09:00:00+0530', 'Europe/Berlin')).toBe('2026-07-01T03:30:00.000Z');
	});

	it('rejects dates that do not exist and text that is not a date and time', () => {
		for (const value of ['2026-02-30T10:00:00Z', '2026-03-14T24:30:00Z', '2026-03-14', 'Tuesday 3pm', '14/03/2026 15:30']) {
			expect([value, parseDateTime(value, 'UTC')]).toEqual([value, undefined]);
		}
		expect(parseDateTime('2026-03-14T15:30:00.123456Z', 'UTC')).toBe('2026-03-14T15:30:00.123Z');
	});
});

describe('toAgentRow', () => {
	it('reads Provision output and raw agent objects; overrides win; absent fields stay out', () => {
		expect(
			toAgentRow(
				{ retell_agent_id: 'agent_1', name: 'Desk', description: null, phone_number: null, prompt: 'Hi', voice_id: 'v' },
				{},
				'retell',
			),
		).toEqual({ retell_agent_id: 'agent_1', name: 'Desk', prompt: 'Hi', voice_id: 'v', provider_type: 'retell' });
		expect(toAgentRow({ agent_id: 'agent_2', agent_name: 'Raw', voice_id: 'v2' }, { name: 'Typed' }, 'vapi')).toEqual({
			retell_agent_id: 'agent_2',
			name: 'Typed',
			voice_id: 'v2',
			provider_type: 'vapi',
		});
		expect(toAgentRow({ name: 'No id' }, {}, 'retell')).toBeUndefined();
	});
});

describe('transport errors', () => {
	it('normalises hosts and PostgREST bodies, including the bare {} of an unknown table', () => {
		expect(normaliseHost(' https://x.supabase.co/rest/v1/ ')).toBe('https://x.supabase.co');
		expect(toFailure(404, {})).toEqual({ status: 404, code: '', message: '', details: '', hint: '' });
		expect(explainFailure(toFailure(404, {}), { table: 'leads' }).message).toBe(
			'The Retell schema is not installed: the table "leads" is missing',
		);
		expect(explainFailure(toFailure(400, { code: 'PGRST204', message: "Column 'x' of relation 'leads' does not exist" }), { table: 'leads' }).description).toContain(
			'older than this node',
		);
	});

	it('redacts the secret wherever it appears', () => {
		expect(redact('bad key abc123secret in abc123secret', 'abc123secret')).toBe('bad key [redacted] in [redacted]');
		expect(redact('nothing here', '')).toBe('nothing here');
	});
});
