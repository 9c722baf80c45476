import type { BenchSupabase } from './supabase';

/**
 * Call events as Retell posts them (retell-api.md §5.2): call_started, call_ended, call_analyzed per call, in a
 * shuffled order with a share of exact duplicates (Retell retries), from a seeded generator so every run and
 * every variant gets the same stream.
 */

export interface CallEventBody {
	event: 'call_started' | 'call_ended' | 'call_analyzed';
	call: Record<string, unknown>;
}

/** The final state every call must end in, whatever the order the events arrived in. */
export interface ExpectedSession {
	call_id: string;
	retell_agent_id: string;
	call_status: string;
	direction: string;
	from_number: string;
	to_number: string;
	start_ms: number;
	end_ms: number;
	duration_ms: number;
	disconnection_reason: string;
	transcript: string;
	recording_url: string;
	call_summary: string;
	user_sentiment: string;
	call_successful: boolean;
}

export interface EventStream {
	events: CallEventBody[];
	expected: Map<string, ExpectedSession>;
	calls: number;
	duplicates: number;
}

/** mulberry32: small, fast and good enough to shuffle. */
export function prng(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const SENTIMENTS = ['Positive', 'Neutral', 'Negative'];

export function callEventStream(options: { total: number; duplicateShare: number; seed: number; prefix: string }): EventStream {
	const random = prng(options.seed);
	const unique = Math.round(options.total * (1 - options.duplicateShare));
	const calls = Math.max(1, Math.floor(unique / 3));
	const events: CallEventBody[] = [];
	const expected = new Map<string, ExpectedSession>();
	const base = Date.UTC(2030, 0, 7, 9, 0, 0);
	for (let index = 0; index < calls; index++) {
		const callId = `${options.prefix}_${String(index).padStart(6, '0')}`;
		const start = base + index * 1_000;
		const duration = 30_000 + Math.floor(random() * 240_000);
		const transcript = `Agent: Hi, this is Harbor Dental, how can I help?\nUser: I would like to book a cleaning, call ${index}.\nAgent: Booked for Tuesday at 10.`;
		const started = {
			call_id: callId,
			call_type: 'phone_call',
			agent_id: 'agent_bench_receptionist',
			agent_version: 1,
			call_status: 'ongoing',
			direction: 'outbound',
			from_number: '+14155550100',
			to_number: `+1415${String(6_000_000 + index).padStart(7, '0')}`,
			start_timestamp: start,
			metadata: { crm_id: `C-${index}` },
			retell_llm_dynamic_variables: { customer_name: `Customer ${index}` },
		};
		const ended = {
			...started,
			call_status: 'ended',
			end_timestamp: start + duration,
			duration_ms: duration,
			disconnection_reason: 'user_hangup',
			transcript,
			recording_url: `https://example.invalid/recordings/${callId}.wav`,
			call_cost: { combined_cost: Math.round(duration / 600), total_duration_seconds: Math.round(duration / 1000) },
		};
		const analysis = {
			call_summary: `Caller ${index} booked a cleaning for Tuesday at 10.`,
			user_sentiment: SENTIMENTS[index % SENTIMENTS.length],
			call_successful: index % 7 !== 0,
			in_voicemail: false,
			custom_analysis_data: { appointment_booked: index % 7 !== 0 },
		};
		events.push(
			{ event: 'call_started', call: started },
			{ event: 'call_ended', call: ended },
			{ event: 'call_analyzed', call: { ...ended, call_analysis: analysis } },
		);
		expected.set(callId, {
			call_id: callId,
			retell_agent_id: started.agent_id,
			call_status: 'ended',
			direction: started.direction,
			from_number: started.from_number,
			to_number: started.to_number,
			start_ms: start,
			end_ms: start + duration,
			duration_ms: duration,
			disconnection_reason: ended.disconnection_reason,
			transcript,
			recording_url: ended.recording_url,
			call_summary: analysis.call_summary,
			user_sentiment: analysis.user_sentiment,
			call_successful: analysis.call_successful,
		});
	}
	const duplicates = Math.max(0, options.total - events.length);
	const originals = events.length;
	for (let index = 0; index < duplicates; index++) events.push(events[Math.floor(random() * originals)]);
	for (let index = events.length - 1; index > 0; index--) {
		const other = Math.floor(random() * (index + 1));
		[events[index], events[other]] = [events[other], events[index]];
	}
	return { events, expected, calls, duplicates };
}

interface SessionRowRead {
	call_id: string;
	retell_agent_id: string | null;
	call_status: string | null;
	direction: string | null;
	from_number: string | null;
	to_number: string | null;
	start_ms: string | null;
	end_ms: string | null;
	duration_ms: string | null;
	disconnection_reason: string | null;
	transcript: string | null;
	recording_url: string | null;
	call_summary: string | null;
	user_sentiment: string | null;
	call_successful: boolean | null;
}

export interface TableCheck {
	expectedRows: number;
	rows: number;
	missing: number;
	/** Rows present whose final state differs from the expected one. */
	differing: number;
	/** Which columns differ, and how often. */
	differingColumns: Record<string, number>;
	/** e.g. { "ongoing": 812 } — the status the wrong rows were left in. */
	wrongStatus: Record<string, number>;
	equal: boolean;
}

/** Compares retell_call_sessions (rows of this stream's prefix) with the final state of every call. */
export async function checkSessions(supabase: BenchSupabase, stream: EventStream, prefix: string): Promise<TableCheck> {
	const rows = await supabase.query<SessionRowRead>(
		`select call_id, retell_agent_id, call_status, direction, from_number, to_number,
		        (extract(epoch from start_timestamp) * 1000)::bigint::text as start_ms,
		        (extract(epoch from end_timestamp) * 1000)::bigint::text as end_ms,
		        duration_ms::text, disconnection_reason, transcript, recording_url, call_summary, user_sentiment, call_successful
		   from public.retell_call_sessions where call_id like $1`,
		[`${prefix}\\_%`],
	);
	const check: TableCheck = {
		expectedRows: stream.expected.size,
		rows: rows.length,
		missing: 0,
		differing: 0,
		differingColumns: {},
		wrongStatus: {},
		equal: false,
	};
	const byId = new Map(rows.map((row) => [row.call_id, row]));
	for (const [callId, want] of stream.expected) {
		const row = byId.get(callId);
		if (!row) {
			check.missing++;
			continue;
		}
		const got: Record<keyof ExpectedSession, string | number | boolean | null> = {
			call_id: row.call_id,
			retell_agent_id: row.retell_agent_id,
			call_status: row.call_status,
			direction: row.direction,
			from_number: row.from_number,
			to_number: row.to_number,
			start_ms: row.start_ms === null ? null : Number(row.start_ms),
			end_ms: row.end_ms === null ? null : Number(row.end_ms),
			duration_ms: row.duration_ms === null ? null : Number(row.duration_ms),
			disconnection_reason: row.disconnection_reason,
			transcript: row.transcript,
			recording_url: row.recording_url,
			call_summary: row.call_summary,
			user_sentiment: row.user_sentiment,
			call_successful: row.call_successful,
		};
		let differs = false;
		for (const key of Object.keys(want) as Array<keyof ExpectedSession>) {
			if (got[key] !== want[key]) {
				differs = true;
				check.differingColumns[key] = (check.differingColumns[key] ?? 0) + 1;
			}
		}
		if (got.call_status !== want.call_status) {
			const status = String(got.call_status);
			check.wrongStatus[status] = (check.wrongStatus[status] ?? 0) + 1;
		}
		if (differs) check.differing++;
	}
	check.equal = check.missing === 0 && check.differing === 0 && check.rows === check.expectedRows;
	return check;
}
