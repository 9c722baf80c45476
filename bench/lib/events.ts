import type { BenchSupabase } from './supabase';

/**
 * Call events as Retell posts them (retell-api.md §5.2): call_started, call_ended, call_analyzed per call, in a
 * shuffled order with a share of exact duplicates (Retell retries), from a seeded generator so every run and
 * every variant gets the same stream.
 */

export interface CallEventBody {
	event: 'call_started' | 'transcript_updated' | 'call_ended' | 'call_analyzed';
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

/** The row a call must end as: its ended state and its analysis, whatever order its events arrived in. */
function finalRow(
	started: { call_id: string; agent_id: string; direction: string; from_number: string; to_number: string; start_timestamp: number },
	ended: { end_timestamp: number; duration_ms: number; disconnection_reason: string; transcript: string; recording_url: string },
	analysis: ReturnType<typeof analysisOf>,
): ExpectedSession {
	return {
		call_id: started.call_id,
		retell_agent_id: started.agent_id,
		call_status: 'ended',
		direction: started.direction,
		from_number: started.from_number,
		to_number: started.to_number,
		start_ms: started.start_timestamp,
		end_ms: ended.end_timestamp,
		duration_ms: ended.duration_ms,
		disconnection_reason: ended.disconnection_reason,
		transcript: ended.transcript,
		recording_url: ended.recording_url,
		call_summary: analysis.call_summary,
		user_sentiment: analysis.user_sentiment,
		call_successful: analysis.call_successful,
	};
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

/** The post-call analysis of call number `index`: every seventh call fails, sentiments rotate. */
function analysisOf(index: number) {
	return {
		call_summary: `Caller ${index} booked a cleaning for Tuesday at 10.`,
		user_sentiment: SENTIMENTS[index % SENTIMENTS.length],
		call_successful: index % 7 !== 0,
		in_voicemail: false,
		custom_analysis_data: { appointment_booked: index % 7 !== 0 },
	};
}

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
		const analysis = analysisOf(index);
		events.push(
			{ event: 'call_started', call: started },
			{ event: 'call_ended', call: ended },
			{ event: 'call_analyzed', call: { ...ended, call_analysis: analysis } },
		);
		expected.set(callId, finalRow(started, ended, analysis));
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

/** A live-call stream: the events, and what they weigh on the wire. */
export interface LiveCallStream extends EventStream {
	/** Events per call: call_started, the transcript_updated events, call_ended, call_analyzed. */
	eventsPerCall: number;
	/** JSON body sizes in bytes. */
	bytes: { mean: number; min: number; max: number };
	/** How many events of each kind the stream holds. */
	byEvent: Record<string, number>;
}

const TURNS = [
	['Agent', 'Thanks for calling Harbor Dental, this is the booking line. How can I help you today?'],
	['User', 'Hi, I would like to book a cleaning and have the dentist look at a tooth that has been sensitive.'],
	['Agent', 'Of course. May I have your full name and date of birth so I can find your record in our system?'],
	['User', 'It is the name on the account, and my date of birth is the fourth of March nineteen eighty-six.'],
	['Agent', 'Thank you, I found you. We have Tuesday at ten or Thursday at half past two. Which suits you better?'],
	['User', 'Tuesday at ten works. Can you also check whether my insurance still covers two cleanings a year?'],
	['Agent', 'Your plan covers two cleanings per calendar year and you have one left, so Tuesday is fully covered.'],
	['User', 'Great. Please send me a text reminder the day before, to this number, and an email confirmation too.'],
	['Agent', 'Done: Tuesday at ten, a text reminder on Monday and an email now. Is there anything else I can do?'],
	['User', 'No, that is everything, thank you very much for your help. Have a good day and see you on Tuesday.'],
] as const;

/**
 * Calls as Retell posts their events while they run (https://docs.retellai.com/features/webhook-overview):
 * call_started, one transcript_updated per turn change carrying the transcript so far (the last one, sent when
 * the call ends, the whole of it), call_ended and call_analyzed with the final transcript. Calls overlap as on a
 * busy line: every call starts at a random moment and its events are spread over its duration, and the stream
 * is every call's events in the order of those moments — each call's events in order, the calls interleaved.
 * No duplicates (retries come from the load generator's delivery policy). With a CRM context of about 1 KB in
 * `metadata` and the transcript both as text and as `transcript_object`, bodies average about 3 KB.
 */
export function liveCallStream(options: { total: number; transcriptUpdates: number; seed: number; prefix: string }): LiveCallStream {
	const random = prng(options.seed);
	const eventsPerCall = 3 + options.transcriptUpdates;
	const calls = Math.max(1, Math.floor(options.total / eventsPerCall));
	const base = Date.UTC(2030, 0, 7, 9, 0, 0);
	// About 60 calls in progress at any moment: each lasts 60–300 s and they start over a span of ~3 s per call.
	const span = calls * 3_000;
	const timed: Array<{ at: number; order: number; body: CallEventBody }> = [];
	const expected = new Map<string, ExpectedSession>();
	for (let index = 0; index < calls; index++) {
		const callId = `${options.prefix}_${String(index).padStart(6, '0')}`;
		const start = Math.floor(random() * span);
		const duration = 60_000 + Math.floor(random() * 240_000);
		const turns = TURNS.map(([role, content], turn) => ({
			role: role === 'Agent' ? 'agent' : 'user',
			content: turn === 1 ? `${content} (call ${index})` : content,
		}));
		const transcriptOf = (count: number): string =>
			turns
				.slice(0, count)
				.map((turn) => `${turn.role === 'agent' ? 'Agent' : 'User'}: ${turn.content}`)
				.join('\n');
		const started = {
			call_id: callId,
			call_type: 'phone_call',
			agent_id: 'agent_bench_receptionist',
			agent_version: 3,
			call_status: 'ongoing',
			direction: index % 3 === 0 ? 'outbound' : 'inbound',
			from_number: '+14155550100',
			to_number: `+1415${String(6_000_000 + index).padStart(7, '0')}`,
			start_timestamp: base + start,
			metadata: {
				crm_id: `C-${index}`,
				campaign: 'spring-recall-2030',
				// What a CRM hands over with the call (about 1 KB): it rides along on every event.
				context: `Patient since 2019; last cleaning 2029-09-14; preferred dentist Dr. Alvarez; prefers morning slots; reminders by text; account ${index}. `.repeat(7),
			},
			retell_llm_dynamic_variables: { customer_name: `Customer ${index}`, clinic: 'Harbor Dental', timezone: 'America/Los_Angeles' },
		};
		const transcript = transcriptOf(turns.length);
		const ended = {
			...started,
			call_status: 'ended',
			end_timestamp: base + start + duration,
			duration_ms: duration,
			disconnection_reason: 'user_hangup',
			transcript,
			transcript_object: turns,
			recording_url: `https://example.invalid/recordings/${callId}.wav`,
			call_cost: { combined_cost: Math.round(duration / 600), total_duration_seconds: Math.round(duration / 1000) },
		};
		const analysis = analysisOf(index);
		const body: CallEventBody[] = [{ event: 'call_started', call: started }];
		for (let update = 1; update <= options.transcriptUpdates; update++) {
			const count = Math.max(1, Math.round((update * turns.length) / options.transcriptUpdates));
			body.push({ event: 'transcript_updated', call: { ...started, transcript: transcriptOf(count), transcript_object: turns.slice(0, count) } });
		}
		body.push({ event: 'call_ended', call: ended }, { event: 'call_analyzed', call: { ...ended, call_analysis: analysis } });
		// call_started at the start, the updates over the call, call_ended at its end, the analysis 3–10 s later.
		const moments = [
			start,
			...Array.from({ length: options.transcriptUpdates }, (_, update) => start + Math.round(((update + 1) * duration) / (options.transcriptUpdates + 1))),
			start + duration,
			start + duration + 3_000 + Math.floor(random() * 7_000),
		];
		body.forEach((event, order) => timed.push({ at: moments[order], order: index * eventsPerCall + order, body: event }));
		expected.set(callId, finalRow(started, ended, analysis));
	}
	timed.sort((a, b) => a.at - b.at || a.order - b.order);
	const events = timed.map((entry) => entry.body);
	const sizes = events.map((event) => Buffer.byteLength(JSON.stringify(event)));
	const byEvent: Record<string, number> = {};
	for (const event of events) byEvent[event.event] = (byEvent[event.event] ?? 0) + 1;
	return {
		events,
		expected,
		calls,
		duplicates: 0,
		eventsPerCall,
		bytes: {
			mean: Math.round(sizes.reduce((sum, size) => sum + size, 0) / Math.max(1, sizes.length)),
			min: Math.min(...sizes),
			max: Math.max(...sizes),
		},
		byEvent,
	};
}
