import { mergeCallSessions, supabaseClient, type MergeReportItem } from '../support/supabase-stack/clients';
import { closePg, pgQuery, storedSessionRows, uniqueId } from '../support/supabase-stack/db';
import { T0 } from './mergeFixtures';

/* What retell_merge_call_sessions accepts and reports: bad items, bad payloads, large batches, epoch milliseconds. */

afterAll(async () => {
	await closePg();
});

describe('retell_merge_call_sessions', () => {
	it('reports bad items without failing the others', async () => {
		const good = uniqueId('call');
		const report = await mergeCallSessions([
			{ call_id: good, event: 'call_started', call_status: 'ongoing' },
			{ call_id: uniqueId('call'), bogus_column: 1 },
			{ call_id: uniqueId('call'), start_timestamp: 'not a time' },
			{ call_status: 'ongoing' },
			{ call_id: uniqueId('call'), event: 42 },
		]);
		expect(report.map((item) => item.action)).toEqual(['inserted', 'error', 'error', 'error', 'error']);
		expect(report[1].error).toEqual({ code: '22023', message: 'unknown call-session column(s): bogus_column' });
		expect(report[2].error?.code).toBe('22007');
		expect(report[3].error?.code).toBe('22023');
		expect(report[4].error?.code).toBe('22023');
		const stored = await storedSessionRows([good]);
		expect(stored.get(good)).toMatchObject({ call_status: 'ongoing' });
	});

	it('rejects a payload that is not an array or object with 400 22023', async () => {
		const { error, status } = await supabaseClient().rpc('retell_merge_call_sessions', { p_rows: 'nope' });
		expect(status).toBe(400);
		expect(error?.code).toBe('22023');
	});

	it("reports every item of a batch larger than PostgREST's max-rows (1000)", async () => {
		const prefix = uniqueId('bulk');
		const { data, error } = await supabaseClient().rpc('retell_merge_call_sessions', {
			p_rows: Array.from({ length: 1500 }, (_, index) => ({ call_id: `${prefix}_${index}`, call_status: 'ended' })),
			p_return_rows: false,
		});
		expect(error).toBeNull();
		const report = data as MergeReportItem[];
		expect(report).toHaveLength(1500);
		expect(report.every((item, index) => item.item_index === index && item.action === 'inserted')).toBe(true);
	});

	it('accepts Retell epoch milliseconds and a single object, and can omit the rows from the report', async () => {
		const callId = uniqueId('call');
		const { data } = await supabaseClient().rpc('retell_merge_call_sessions', {
			p_rows: { call_id: callId, start_timestamp: T0, end_timestamp: T0 + 1500 },
			p_return_rows: false,
		});
		expect(data).toEqual([{ item_index: 0, call_id: callId, action: 'inserted', first_delivery: null }]);
		const [row] = await pgQuery<{ start: string; end: string }>(
			`select to_char(start_timestamp at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') as start,
			        to_char(end_timestamp at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') as end
			   from public.retell_call_sessions where call_id = $1`,
			[callId],
		);
		expect(row).toEqual({ start: '2026-01-01T10:00:00.000', end: '2026-01-01T10:00:01.500' });
	});
});
