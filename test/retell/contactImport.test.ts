import type { INodeExecutionData } from 'n8n-workflow';
import type { ContactResponse } from 'retell-sdk/resources/contact';

import { runError, useEmulator } from './helpers';

const env = useEmulator({ resource: 'contact', emulator: { autoSimulateCalls: false } });
const retell = env.run;
const requestsSince = env.requestsSince;

const OUR_NUMBER = '+14155550100';

function csvItem(csv: string, fileName = 'contacts.csv'): INodeExecutionData {
	return { json: {}, binary: { data: { data: Buffer.from(csv).toString('base64'), mimeType: 'text/csv', fileName } } };
}

function contactWith(phone: string): ContactResponse | undefined {
	return [...env.emulator.state.contacts.values()].find((contact) => contact.phone_number === phone);
}

function exchanges(mark: number): string[] {
	return env.emulator.requests.slice(mark).map(({ method, path, status }) => `${method} ${path} ${status}`);
}

describe('Contact → Import and Get Import Status', () => {
	const csv = [
		'Phone,First,Last,Do Not Call,Plan,Notes',
		'+14155550101,Ada,Lovelace,no,pro,ignored',
		'"(415) 555-0102",Grace,"Hopper, Jr.",yes,free,',
		'not a number,Alan,Turing,no,pro,',
		'+14155550104,Edsger,Dijkstra,maybe,pro,',
	].join('\n');

	beforeEach(async () => {
		env.emulator.state.crmConfig = { org_id: 'org_emulator', custom_fields: [{ name: 'plan', type: 'enum', options: ['free', 'pro'] }] };
		await env.sdk.contact.create({ phone_number: '+14155550101', last_name: 'L.', tags: ['existing'] });
	});

	it('uploads the CSV, starts the import with the column mapping, and the rows become contacts', async () => {
		const mark = env.emulator.requests.length;

		const run = await retell(
			{
				operation: 'import',
				phoneNumberColumn: 'Phone',
				columns: {
					column: [
						{ csvColumn: 'First', contactField: 'first_name' },
						{ csvColumn: 'Last', contactField: 'last_name' },
						{ csvColumn: 'Do Not Call', contactField: 'do_not_call' },
						{ csvColumn: 'Plan', contactField: 'plan' },
						{ csvColumn: '', contactField: '' },
					],
				},
				additionalFields: { defaultCountry: 'us', tags: 'imported, spring' },
			},
			{ input: [csvItem(csv)] },
		);

		const [upload, start] = requestsSince(mark);
		expect(upload).toEqual({
			method: 'POST',
			path: '/upload-contact-import-file',
			query: {},
			body: { file: [{ filename: 'contacts.csv', size: Buffer.byteLength(csv), type: 'text/csv' }] },
		});
		const [output] = run.json();
		expect(start).toEqual({
			method: 'POST',
			path: '/create-contact-import',
			query: {},
			body: {
				upload_id: output?.upload_id,
				column_mapping: [
					{ external_field_name: 'Phone', field_name: 'phone_number' },
					{ external_field_name: 'First', field_name: 'first_name' },
					{ external_field_name: 'Last', field_name: 'last_name' },
					{ external_field_name: 'Do Not Call', field_name: 'do_not_call' },
					{ external_field_name: 'Plan', field_name: 'plan' },
				],
				default_country: 'US',
				tags: ['imported', 'spring'],
			},
		});
		expect(output).toEqual({
			status: 'queued',
			triggered_by: 'manual',
			start_timestamp: expect.any(Number),
			succeeded: 0,
			failed: 0,
			file_name: 'contacts.csv',
			upload_id: expect.stringMatching(/^upload_/),
		});

		await env.emulator.idle();
		const status = await retell({ operation: 'getImportStatus' });

		expect(status.json()).toEqual([
			{ status: 'idle', triggered_by: 'manual', start_timestamp: output?.start_timestamp, succeeded: 2, failed: 2 },
		]);
		expect(contactWith('+14155550101')).toMatchObject({
			first_name: 'Ada',
			last_name: 'Lovelace',
			do_not_call: false,
			tags: ['existing', 'imported', 'spring'],
			custom_fields: { plan: 'pro' },
		});
		expect(contactWith('+14155550102')).toMatchObject({ first_name: 'Grace', last_name: 'Hopper, Jr.', do_not_call: true, tags: ['imported', 'spring'] });
		expect(contactWith('+14155550104')).toBeUndefined();
		expect(env.emulator.state.contacts.size).toBe(2);
	});

	it("passes on Retell's 400 for a mapped column the CSV does not have, and starts nothing", async () => {
		const mark = env.emulator.requests.length;

		const run = await retell(
			{ operation: 'import', phoneNumberColumn: 'Mobile', columns: { column: [{ csvColumn: 'First', contactField: 'first_name' }] } },
			{ input: [csvItem(csv)] },
		);

		expect(runError(run)).toMatchObject({ message: expect.stringContaining('the CSV has no column Mobile'), httpCode: '400', itemIndex: 0 });
		expect(exchanges(mark)).toEqual(['POST /upload-contact-import-file 200', 'POST /create-contact-import 400']);
		const status = await retell({ operation: 'getImportStatus' });
		expect(status.json()).toEqual([{ status: 'idle' }]);
	});

	it("passes on Retell's 400 for a second import while one is still queued", async () => {
		// Slowed a thousandfold, the first import stays queued for the whole test (reset cancels it).
		env.emulator.setOptions({ timeScale: 0.001 });
		try {
			const parameters = { operation: 'import', phoneNumberColumn: 'Phone' };
			const first = await retell(parameters, { input: [csvItem(csv)] });
			const second = await retell(parameters, { input: [csvItem(csv)] });

			expect(first.status).toBe('success');
			expect(runError(second)).toMatchObject({ message: expect.stringContaining('A contact import is already queued'), httpCode: '400' });
		} finally {
			env.emulator.setOptions({ timeScale: 1000 });
		}
	});

	it.each([
		[{ columns: { column: [{ csvColumn: 'Mobile', contactField: 'phone_number' }] } }, 'The phone number column goes in Phone Number Column, not in Other Columns'],
		[{ columns: { column: [{ csvColumn: 'First', contactField: '' }] } }, 'Each of Other Columns needs both a CSV Column and a Contact Field'],
		[{ additionalFields: { defaultCountry: 'USA' } }, 'Default Country must be a two-letter country code, like US or GB'],
		[{ phoneNumberColumn: ' ' }, 'Phone Number Column is required'],
		[{ binaryPropertyName: 'file' }, "'file'"],
	])('refuses %j before uploading anything', async (parameters, message) => {
		const mark = env.emulator.requests.length;

		const run = await retell({ operation: 'import', phoneNumberColumn: 'Phone', ...parameters }, { input: [csvItem(csv)] });

		expect(runError(run)).toMatchObject({ message: expect.stringContaining(message), itemIndex: 0 });
		expect(env.emulator.requests.length).toBe(mark);
	});
});

describe('Contact → Backfill Analysis Data and Get Backfill Status', () => {
	beforeEach(() => {
		env.emulator.state.crmConfig = {
			org_id: 'org_emulator',
			custom_fields: [
				{ name: 'preferences', type: 'string' },
				{ name: 'party_size', type: 'number' },
			],
			crm_analysis_data_mappings: [
				{ analysis_data_name: 'preference', field_name: 'preferences', update_mode: 'merge' },
				{ analysis_data_name: 'guests', field_name: 'party_size', update_mode: 'overwrite' },
			],
		};
	});

	function callFrom(phone: string, agentId: string, startTimestamp: number, data: Record<string, unknown>) {
		env.emulator.seedCalls(1, {
			agent_id: agentId,
			direction: 'inbound',
			from_number: phone,
			to_number: OUR_NUMBER,
			start_timestamp: startTimestamp,
			call_analysis: { call_summary: 'Booked.', user_sentiment: 'Positive', call_successful: true, in_voicemail: false, custom_analysis_data: data },
		});
	}

	it("starts a backfill of the chosen fields from the calls the filter selects, and the contacts' fields fill", async () => {
		const contact = await env.sdk.contact.create({ phone_number: '+14155550111', custom_fields: { preferences: 'window seat' } });
		const since = Date.parse('2026-01-01T00:00:00Z');
		callFrom('+14155550111', 'agent_host', since + 1_000, { preference: 'vegetarian', guests: 4 });
		callFrom('+14155550111', 'agent_host', since + 2_000, { preference: 'quiet table', guests: 'four' });
		callFrom('+14155550111', 'agent_sales', since + 3_000, { preference: 'not from this agent' });
		callFrom('+14155550111', 'agent_host', since - 1_000, { preference: 'before the window' });
		const mark = env.emulator.requests.length;

		const run = await retell({
			operation: 'backfillAnalysisData',
			attributes: 'preferences, party_size,',
			callFilter: {
				agents: { agent: [{ agentId: { __rl: true, mode: 'id', value: 'agent_host' }, versions: '0' }] },
				startedAfter: '2026-01-01T00:00:00Z',
			},
		});

		expect(requestsSince(mark)).toEqual([
			{
				method: 'POST',
				path: '/backfill-contact-analysis-data',
				query: {},
				body: {
					backfill_attributes: ['preferences', 'party_size'],
					backfill_call_filter: {
						agent: [{ agent_id: 'agent_host', version: [0] }],
						start_timestamp: { type: 'number', op: 'ge', value: since },
					},
				},
			},
		]);
		expect(run.json()).toEqual([{ status: 'queued', triggered_by: 'manual', start_timestamp: expect.any(Number), succeeded: 0, failed: 0 }]);

		await env.emulator.idle();
		const status = await retell({ operation: 'getBackfillStatus' });

		expect(status.json()).toEqual([{ status: 'idle', triggered_by: 'manual', start_timestamp: expect.any(Number), succeeded: 2, failed: 0 }]);
		// Merged in call order; "four" does not fit the number field and is skipped.
		expect(env.emulator.state.contacts.get(contact.contact_id)?.custom_fields).toEqual({
			preferences: 'window seat\nvegetarian\nquiet table',
			party_size: 4,
		});
	});

	it("passes on Retell's 400 for a field no analysis data mapping writes", async () => {
		const run = await retell({ operation: 'backfillAnalysisData', attributes: 'favourite_colour' });

		expect(runError(run)).toMatchObject({
			message: expect.stringContaining('favourite_colour is the field of no analysis data mapping'),
			httpCode: '400',
			itemIndex: 0,
		});
		const status = await retell({ operation: 'getBackfillStatus' });
		expect(status.json()).toEqual([{ status: 'idle' }]);
	});

	it.each([
		[{ attributes: ' , ' }, 'Contact Fields is required'],
		[{ attributes: 'preferences', callFilter: { startedAfter: '2026-02-01', startedBefore: '2026-01-01' } }, 'Started After is later than Started Before'],
		[
			{ attributes: 'preferences', callFilter: { agents: { agent: [{ agentId: { __rl: true, mode: 'id', value: 'agent_host' }, versions: 'latest' }] } } },
			'Agent versions must be whole numbers, like 1, 2',
		],
	])('refuses %j before sending anything', async (parameters, message) => {
		const run = await retell({ operation: 'backfillAnalysisData', ...parameters });

		expect(runError(run)).toMatchObject({ message, itemIndex: 0 });
		expect(env.emulator.requests).toEqual([]);
	});
});
