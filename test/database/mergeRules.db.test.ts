import { mergeCallSessions } from '../support/supabase-stack/clients';
import { closePg, uniqueId } from '../support/supabase-stack/db';

/* How retell_merge_call_sessions picks each field's value: status rank, transcript length, event tier, first receipt. */

afterAll(async () => {
	await closePg();
});

describe('retell_merge_call_sessions', () => {
	it('never moves the status back and never erases a value with null', async () => {
		const callId = uniqueId('call');
		await mergeCallSessions([{ call_id: callId, event: 'call_ended', call_status: 'ended', duration_ms: 5000, transcript: 'final' }]);
		const [late] = await mergeCallSessions([
			{ call_id: callId, event: 'call_started', call_status: 'ongoing', duration_ms: null, transcript: 'fi', from_number: '+1' },
		]);
		expect(late.action).toBe('updated');
		expect(late.session).toMatchObject({
			call_status: 'ended',
			duration_ms: 5000,
			transcript: 'final',
			from_number: '+1',
			last_event: 'call_ended',
		});
		const [same] = await mergeCallSessions([{ call_id: callId, event: 'call_started', call_status: 'registered' }]);
		expect(same.action).toBe('unchanged');
	});

	it('orders statuses registered < ongoing < not_connected < ended < error', async () => {
		const statuses = ['error', 'registered', 'ended', 'not_connected', 'ongoing'];
		const callId = uniqueId('call');
		const report = await mergeCallSessions(statuses.map((call_status) => ({ call_id: callId, call_status })));
		expect(report.map((item) => item.session?.call_status)).toEqual(['error', 'error', 'error', 'error', 'error']);
		// One request per status shows each step; in one request every item reports the final row.
		const ladder = ['registered', 'ongoing', 'not_connected', 'ended'];
		const stepwise = uniqueId('call');
		const steps: unknown[] = [];
		for (const call_status of ladder) steps.push((await mergeCallSessions([{ call_id: stepwise, call_status }]))[0].session?.call_status);
		expect(steps).toEqual(ladder);
		const batched = await mergeCallSessions(ladder.map((call_status) => ({ call_id: `${stepwise}_batch`, call_status })));
		expect(batched.map((item) => [item.action, item.session?.call_status])).toEqual([
			['inserted', 'ended'],
			['updated', 'ended'],
			['updated', 'ended'],
			['updated', 'ended'],
		]);
	});

	it('keeps the longest transcript among transcript_updated events, and the final one over all of them', async () => {
		const events = [
			{ event: 'transcript_updated', transcript: 'Agent: Hi there' },
			{ event: 'transcript_updated', transcript: 'Agent: Hi' },
			{ event: 'call_ended', transcript: 'Agent: Hi there.' },
			{ event: 'transcript_updated', transcript: 'Agent: Hi there. User: a much longer partial' },
		];
		const stepwise = uniqueId('call');
		const steps: unknown[] = [];
		for (const event of events) steps.push((await mergeCallSessions([{ call_id: stepwise, ...event }]))[0].session?.transcript);
		expect(steps).toEqual(['Agent: Hi there', 'Agent: Hi there', 'Agent: Hi there.', 'Agent: Hi there.']);

		const batched = await mergeCallSessions(events.map((event) => ({ call_id: `${stepwise}_batch`, ...event })));
		expect(batched.map((item) => [item.action, item.session?.transcript])).toEqual([
			['inserted', 'Agent: Hi there.'],
			['unchanged', 'Agent: Hi there.'],
			['updated', 'Agent: Hi there.'],
			['unchanged', 'Agent: Hi there.'],
		]);
	});

	it('keeps the earliest receipt per event and derives the tier of rows without an event', async () => {
		const callId = uniqueId('call');
		const [, second, sync] = await mergeCallSessions([
			{ call_id: callId, event: 'call_started', received_at: '2026-01-01T10:00:05Z', call_status: 'ongoing' },
			{ call_id: callId, event: 'call_started', received_at: '2026-01-01T10:00:01Z' },
			// A call fetched from Retell's API (reconcile): no event, but analysis present.
			{ call_id: callId, call_status: 'ended', call_summary: 'from the API', duration_ms: 9000 },
		]);
		expect(second.session?.event_timestamps).toEqual({ call_started: '2026-01-01T10:00:01.000Z' });
		expect(sync.session).toMatchObject({
			call_status: 'ended',
			call_summary: 'from the API',
			last_event: 'call_started',
			event_timestamps: { call_started: '2026-01-01T10:00:01.000Z' },
			field_sources: { call_summary: 'call_analyzed', duration_ms: 'call_analyzed' },
		});
	});
});
