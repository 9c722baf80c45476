import type { IDataObject } from 'n8n-workflow';

import { pgQuery } from '../support/supabase-stack/db';
import { isStorable } from '../support/fuzz/arbitraries';
import { DEFAULT_LEAD_KEYS, toLeadRow } from '../../nodes/shared/supabase/leadRow';
import { toSessionRow } from '../../nodes/shared/supabase/sessionRow';

/*
 * The oracle of the Retell Supabase fuzz tests: the pure mapper (sessionRow.ts, leadRow.ts) plus the column types of
 * supabase/migrations say what must happen to an item; the readers below say what did, from the database.
 */

export function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Columns toSessionRow may fill, besides call_id. */
const SESSION_COLUMNS = [
	'retell_agent_id',
	'agent_version',
	'call_type',
	'direction',
	'from_number',
	'to_number',
	'call_status',
	'start_timestamp',
	'end_timestamp',
	'duration_ms',
	'disconnection_reason',
	'transcript',
	'transcript_object',
	'recording_url',
	'call_summary',
	'user_sentiment',
	'call_successful',
	'in_voicemail',
	'custom_analysis_data',
	'call_analysis',
	'cost',
	'call_cost',
	'metadata',
	'dynamic_variables',
	'collected_dynamic_variables',
] as const;

const INT4 = { min: -(2 ** 31), max: 2 ** 31 - 1 };
const INT8 = { min: -(2 ** 63), below: 2 ** 63 };
/** A btree entry holds at most ~2,700 bytes: a longer call_id cannot be indexed. */
export const INDEXABLE_CALL_ID_BYTES = 2_000;

export type Outcome =
	| { kind: 'noCallId' }
	/** The database refuses the row (a column's type or range, an unindexable call_id). */
	| { kind: 'refused'; callId: string }
	/**
	 * A timestamp timestamptz cannot read from ISO text (years outside 0001–9999): refused today; reading it as
	 * absent would be as right, so both are accepted (`row` is then without it).
	 */
	| { kind: 'refusedOrLogged'; callId: string; row: IDataObject; event: string | null }
	| { kind: 'logged'; callId: string; row: IDataObject; event: string | null };

/** Every string in a JSON value, keys included; iterative, as metadata nests a thousand levels. */
function strings(value: unknown): string[] {
	const found: string[] = [];
	const pending: unknown[] = [value];
	while (pending.length > 0) {
		const next = pending.pop();
		if (typeof next === 'string') found.push(next);
		else if (typeof next === 'object' && next !== null) for (const [key, member] of Object.entries(next)) pending.push(key, member);
	}
	return found;
}

const isoYearInPostgresRange = (iso: unknown) => typeof iso !== 'string' || /^\d{4}-/.test(iso) && !iso.startsWith('0000-');

/** What Session → Log must do with one item, from the pure mapper and the table's column types. */
export function expectedOutcome(item: unknown): Outcome {
	if (!isObject(item)) throw new Error('not an item');
	const mapped = toSessionRow(item);
	if (mapped === undefined) return { kind: 'noCallId' };
	// Exactly what goes over the wire.
	const wire: unknown = JSON.parse(JSON.stringify(mapped));
	if (!isObject(wire)) throw new Error('the row is not an object');
	if (!strings(wire).every(isStorable)) throw new Error('the generator put text PostgreSQL cannot store into a mapped field (a known bug, tested in fuzzKnownBugs.db.test.ts)');
	const { call_id: callId, event, ...row } = wire;
	if (typeof callId !== 'string') throw new Error('a mapped row without a call_id');
	const { agent_version: version, duration_ms: duration } = row;
	const refused =
		(typeof version === 'number' && !(Number.isInteger(version) && version >= INT4.min && version <= INT4.max)) ||
		(typeof duration === 'number' && !(Number.isInteger(duration) && duration >= INT8.min && duration < INT8.below)) ||
		Buffer.byteLength(callId) > INDEXABLE_CALL_ID_BYTES;
	if (refused) return { kind: 'refused', callId };
	const eventName = typeof event === 'string' ? event : null;
	const { start_timestamp: start, end_timestamp: end, ...untimed } = row;
	if (!isoYearInPostgresRange(start) || !isoYearInPostgresRange(end)) {
		const timestamps = { start_timestamp: isoYearInPostgresRange(start) ? start : undefined, end_timestamp: isoYearInPostgresRange(end) ? end : undefined };
		return { kind: 'refusedOrLogged', callId, row: { ...untimed, ...timestamps }, event: eventName };
	}
	return { kind: 'logged', callId, row, event: eventName };
}

export interface StoredSession {
	row: IDataObject;
	startMs: number | null;
	endMs: number | null;
}

/** Sessions by call_id, timestamps as epoch ms (ISO text for years past 9999 would not parse back). */
export async function readSessions(where: string, parameter: string | string[]): Promise<Map<string, StoredSession>> {
	const rows = await pgQuery<{ call_id: string; row: IDataObject; start_ms: number | null; end_ms: number | null }>(
		`select call_id, to_jsonb(s) as row,
		        (extract(epoch from s.start_timestamp) * 1000)::float8 as start_ms,
		        (extract(epoch from s.end_timestamp) * 1000)::float8 as end_ms
		   from public.retell_call_sessions s where ${where}`,
		[parameter],
	);
	return new Map(rows.map((stored) => [stored.call_id, { row: stored.row, startMs: stored.start_ms, endMs: stored.end_ms }]));
}

/** Every session of one run: their call ids start with the run's id. */
export const sessionsOfRun = async (runId: string) => await readSessions('starts_with(s.call_id, $1)', `${runId}_`);

/** The stored row holds exactly the mapped columns (timestamps as instants), and nothing in the others. */
export function expectStoredExactly(stored: StoredSession | undefined, expected: { row: IDataObject; event: string | null }): void {
	expect(stored).toBeDefined();
	const actual = (column: string) =>
		column === 'start_timestamp' ? stored?.startMs : column === 'end_timestamp' ? stored?.endMs : stored?.row[column];
	for (const column of SESSION_COLUMNS) {
		const value = expected.row[column];
		const wanted = column.endsWith('_timestamp') && typeof value === 'string' ? Date.parse(value) : value ?? null;
		// The column name is part of the comparison, so a failure names it.
		expect([column, actual(column)]).toEqual([column, wanted]);
	}
	expect(stored?.row.last_event).toBe(expected.event);
}

const LEAD_MAPPING = { keys: DEFAULT_LEAD_KEYS, overrides: {}, includeCustomData: true, timeZone: 'UTC' };

export async function storedLeads(runId: string): Promise<Map<string, IDataObject>> {
	const rows = await pgQuery<IDataObject & { call_id: string }>(
		'select call_id, name, email, phone, notes, source, custom_data from public.leads where starts_with(call_id, $1)',
		[`${runId}_`],
	);
	return new Map(rows.map((row) => [row.call_id, row]));
}

export function expectedLead(item: unknown): IDataObject {
	if (!isObject(item)) throw new Error('not an item');
	const lead = toLeadRow(item, LEAD_MAPPING);
	const wire: unknown = JSON.parse(JSON.stringify(lead));
	if (!isObject(wire)) throw new Error('no lead for a logged item');
	return { name: null, email: null, phone: null, notes: null, source: 'retell', custom_data: null, ...wire };
}

export const errorOf = (json: IDataObject | undefined): string => (typeof json?.error === 'string' ? json.error : '');
