import { Client } from 'pg';

import { getSupabaseTestConnection } from '../support/supabase-stack/connection';
import { closePg, databaseUrlFor, pgQuery, uniqueId } from '../support/supabase-stack/db';
import { applyBootstrap, applyMigrations } from '../support/supabase-stack/psql';

/*
 * public.retell_agent_stats on a known data set in a database of its own, every figure exact. The data set:
 *   agent A  retell, agents row "Front Desk" (owner U)   six calls in range, two outside
 *   agent B  retell, no agents row                        three calls, grouped under its retell_agent_id
 *   agent T  twilio, agents row "Legacy Line" (owner V), no retell_agent_id   two calls
 * Range [2026-01-05T00:00Z, 2026-01-07T00:00Z). Costs in cents, as Retell's combined_cost.
 */

const A_ID = '00000000-0000-4000-8000-00000000000a';
const T_ID = '00000000-0000-4000-8000-00000000000f';
const OWNER_A = '00000000-0000-4000-8000-0000000000a1';
const OWNER_T = '00000000-0000-4000-8000-0000000000f1';
const FROM = '2026-01-05T00:00:00Z';
const TO = '2026-01-07T00:00:00Z';

interface Call {
	call_id: string;
	agent_id: string | null;
	retell_agent_id: string | null;
	call_status: string;
	start_timestamp?: string;
	end_timestamp?: string;
	duration_ms?: number;
	cost?: number;
	call_successful?: boolean;
	user_sentiment?: string;
	in_voicemail?: boolean;
	created_at?: string;
}

const a = { agent_id: A_ID, retell_agent_id: 'agent_a' };
const b = { agent_id: null, retell_agent_id: 'agent_b' };
const t = { agent_id: T_ID, retell_agent_id: null };

const CALLS: Call[] = [
	// At p_from exactly: in range. 2026-01-04 19:00 in New York.
	{ call_id: 'a0', ...a, call_status: 'ended', start_timestamp: '2026-01-05T00:00:00Z', duration_ms: 45_000, cost: 7.5, call_successful: true, user_sentiment: 'Positive', in_voicemail: false },
	{ call_id: 'a1', ...a, call_status: 'ended', start_timestamp: '2026-01-05T10:00:00Z', duration_ms: 120_000, cost: 20, call_successful: true, user_sentiment: 'Positive', in_voicemail: false },
	{ call_id: 'a2', ...a, call_status: 'ended', start_timestamp: '2026-01-05T23:30:00Z', duration_ms: 90_000, cost: 13.5, call_successful: false, user_sentiment: 'Negative', in_voicemail: false },
	// No cost; 2026-01-06 in UTC, 2026-01-05 in New York.
	{ call_id: 'a3', ...a, call_status: 'ended', start_timestamp: '2026-01-06T02:00:00Z', duration_ms: 60_000, user_sentiment: 'Neutral', in_voicemail: true },
	// Never connected: no times, counted by when it was logged.
	{ call_id: 'a4', ...a, call_status: 'not_connected', created_at: '2026-01-06T12:00:00Z' },
	// Failed mid-call: connected, with a cost.
	{ call_id: 'a5', ...a, call_status: 'error', start_timestamp: '2026-01-06T15:00:00Z', duration_ms: 30_000, cost: 5.25, call_successful: false, user_sentiment: 'Unknown', in_voicemail: false },
	// Outside: a second before p_from, at p_to exactly, logged (never connected) after p_to.
	{ call_id: 'a6', ...a, call_status: 'ended', start_timestamp: '2026-01-04T23:59:59Z', duration_ms: 60_000, cost: 10, call_successful: true },
	{ call_id: 'a7', ...a, call_status: 'ended', start_timestamp: '2026-01-07T00:00:00Z', duration_ms: 60_000, cost: 10, call_successful: true },
	{ call_id: 'a8', ...a, call_status: 'not_connected', created_at: '2026-01-07T05:00:00Z' },
	{ call_id: 'b1', ...b, call_status: 'ended', start_timestamp: '2026-01-06T09:00:00Z', duration_ms: 180_000, cost: 30, call_successful: true, user_sentiment: 'Positive' },
	// Not connected, zero cost, logged two days later (Reconcile): its end_timestamp places it.
	{ call_id: 'b2', ...b, call_status: 'not_connected', end_timestamp: '2026-01-06T09:05:00Z', duration_ms: 0, cost: 0, created_at: '2026-01-08T00:00:00Z' },
	// An error before pick-up: not connected, no cost.
	{ call_id: 'b3', ...b, call_status: 'error', start_timestamp: '2026-01-06T10:00:00Z', duration_ms: 0 },
	{ call_id: 't1', ...t, call_status: 'ended', start_timestamp: '2026-01-05T12:00:00Z', duration_ms: 240_000, cost: 64, call_successful: true },
	{ call_id: 't2', ...t, call_status: 'ended', start_timestamp: '2026-01-06T13:00:00Z', duration_ms: 60_000 },
];

type Stats = Record<string, unknown>;

const KEYS = { day: null, agent_id: null, retell_agent_id: null, agent_name: null, provider_type: null };
const NO_CALLS = {
	calls: 0,
	connected_calls: 0,
	voicemail_calls: 0,
	minutes: 0,
	cost_usd: 0,
	calls_without_cost: 0,
	minutes_with_cost: 0,
	cost_per_minute_usd: null,
	successful_calls: 0,
	unsuccessful_calls: 0,
	success_rate: null,
	sentiment_positive: 0,
	sentiment_negative: 0,
	sentiment_neutral: 0,
	sentiment_unknown: 0,
	baseline_cost_per_minute_usd: 0.16,
	baseline_cost_usd: null,
	saving_usd: null,
	saving_rate: null,
};
const row = (fields: Stats): Stats => ({ ...KEYS, ...NO_CALLS, ...fields });

const AGENT_A = { agent_id: A_ID, retell_agent_id: 'agent_a', agent_name: 'Front Desk', provider_type: 'retell' };
const AGENT_B = { retell_agent_id: 'agent_b' };
const AGENT_T = { agent_id: T_ID, agent_name: 'Legacy Line', provider_type: 'twilio' };

/** a0–a5: 5.75 min talked, 4.75 of them with a cost of 46.25 ¢ → $0.0974/min. */
const FIGURES_A = {
	calls: 6, connected_calls: 5, voicemail_calls: 1, minutes: 5.75, cost_usd: 0.4625, calls_without_cost: 2,
	minutes_with_cost: 4.75, cost_per_minute_usd: 0.0974, successful_calls: 2, unsuccessful_calls: 2, success_rate: 0.5,
	sentiment_positive: 2, sentiment_negative: 1, sentiment_neutral: 1, sentiment_unknown: 1,
	baseline_cost_usd: 0.76, saving_usd: 0.2975, saving_rate: 0.3914,
};
/** b1–b3: the zero-cost not-connected call adds nothing to either side of the price. */
const FIGURES_B = {
	calls: 3, connected_calls: 1, minutes: 3, cost_usd: 0.3, calls_without_cost: 1, minutes_with_cost: 3,
	cost_per_minute_usd: 0.1, successful_calls: 1, success_rate: 1, sentiment_positive: 1,
	baseline_cost_usd: 0.48, saving_usd: 0.18, saving_rate: 0.375,
};
/** t1–t2: exactly the baseline's price on the minutes with a cost. */
const FIGURES_T = {
	calls: 2, connected_calls: 2, minutes: 5, cost_usd: 0.64, calls_without_cost: 1, minutes_with_cost: 4,
	cost_per_minute_usd: 0.16, successful_calls: 1, success_rate: 1, baseline_cost_usd: 0.64, saving_usd: 0, saving_rate: 0,
};
const FIGURES_TOTAL = {
	calls: 11, connected_calls: 8, voicemail_calls: 1, minutes: 13.75, cost_usd: 1.4025, calls_without_cost: 4,
	minutes_with_cost: 11.75, cost_per_minute_usd: 0.1194, successful_calls: 4, unsuccessful_calls: 2, success_rate: 0.6667,
	sentiment_positive: 3, sentiment_negative: 1, sentiment_neutral: 1, sentiment_unknown: 1,
	baseline_cost_usd: 1.88, saving_usd: 0.4775, saving_rate: 0.254,
};
// Per UTC day.
const A_JAN5 = {
	calls: 3, connected_calls: 3, minutes: 4.25, cost_usd: 0.41, minutes_with_cost: 4.25, cost_per_minute_usd: 0.0965,
	successful_calls: 2, unsuccessful_calls: 1, success_rate: 0.6667, sentiment_positive: 2, sentiment_negative: 1,
	baseline_cost_usd: 0.68, saving_usd: 0.27, saving_rate: 0.3971,
};
const A_JAN6 = {
	calls: 3, connected_calls: 2, voicemail_calls: 1, minutes: 1.5, cost_usd: 0.0525, calls_without_cost: 2,
	minutes_with_cost: 0.5, cost_per_minute_usd: 0.105, unsuccessful_calls: 1, success_rate: 0, sentiment_neutral: 1,
	sentiment_unknown: 1, baseline_cost_usd: 0.08, saving_usd: 0.0275, saving_rate: 0.3438,
};
const T_JAN5 = {
	calls: 1, connected_calls: 1, minutes: 4, cost_usd: 0.64, minutes_with_cost: 4, cost_per_minute_usd: 0.16,
	successful_calls: 1, success_rate: 1, baseline_cost_usd: 0.64, saving_usd: 0, saving_rate: 0,
};
/** No call with a cost: nothing to compare. */
const T_JAN6 = { calls: 1, connected_calls: 1, minutes: 1, calls_without_cost: 1 };

async function seed(client: Client): Promise<void> {
	await client.query(
		`insert into public.agents (id, name, retell_agent_id, provider_type, owner_id) values
		   ($1, 'Front Desk', 'agent_a', 'retell', $2),
		   ($3, 'Legacy Line', null, 'twilio', $4)`,
		[A_ID, OWNER_A, T_ID, OWNER_T],
	);
	await client.query(
		`insert into public.retell_call_sessions
		   (call_id, agent_id, retell_agent_id, call_status, start_timestamp, end_timestamp, duration_ms, cost,
		    call_successful, user_sentiment, in_voicemail, created_at)
		 select call_id, agent_id, retell_agent_id, call_status, start_timestamp, end_timestamp, duration_ms, cost,
		        call_successful, user_sentiment, in_voicemail, coalesce(created_at, now())
		   from jsonb_to_recordset($1::jsonb) as r (call_id text, agent_id uuid, retell_agent_id text, call_status text,
		     start_timestamp timestamptz, end_timestamp timestamptz, duration_ms bigint, cost numeric,
		     call_successful boolean, user_sentiment text, in_voicemail boolean, created_at timestamptz)`,
		[JSON.stringify(CALLS)],
	);
}

interface StatsArgs {
	from?: string | null;
	to?: string | null;
	groupBy?: string | null;
	retellAgentIds?: string[] | null;
	timeZone?: string | null;
	baseline?: number | null;
}

/** The function with named arguments, only those given (the others keep their defaults); rows as PostgREST's JSON. */
async function stats(client: Client, args: StatsArgs): Promise<Stats[]> {
	const all: Array<[string, string, unknown]> = [
		['p_from', 'timestamptz', args.from],
		['p_to', 'timestamptz', args.to],
		['p_group_by', 'text', args.groupBy],
		['p_retell_agent_ids', 'text[]', args.retellAgentIds],
		['p_time_zone', 'text', args.timeZone],
		['p_baseline_cost_per_minute_usd', 'numeric', args.baseline],
	];
	const given = all.filter(([, , value]) => value !== undefined);
	const list = given.map(([name, type], index) => `${name} => $${index + 1}::${type}`).join(', ');
	const { rows } = await client.query<{ row: Stats }>(
		`select to_jsonb(r) as row from public.retell_agent_stats(${list}) as r`,
		given.map(([, , value]) => value),
	);
	return rows.map((entry) => entry.row);
}

async function sqlError(promise: Promise<unknown>): Promise<{ code?: string; message?: string }> {
	try {
		await promise;
		return {};
	} catch (error) {
		const { code, message } = error as { code?: string; message?: string };
		return { code, message };
	}
}

/** `body` as a signed-in user (PostgREST's role and JWT claims), rolled back afterwards. */
async function asRole<T>(client: Client, role: 'authenticated' | 'anon', userId: string | null, body: () => Promise<T>): Promise<T> {
	await client.query('begin');
	try {
		await client.query(`set local role ${role}`);
		await client.query("select set_config('request.jwt.claims', $1, true)", [JSON.stringify({ role, sub: userId })]);
		return await body();
	} finally {
		await client.query('rollback');
	}
}

describe('retell_agent_stats', () => {
	const database = uniqueId('stats');
	let client: Client;

	beforeAll(async () => {
		await pgQuery(`create database ${database}`);
		const options = { binDir: getSupabaseTestConnection().pgBinDir, databaseUrl: databaseUrlFor(database) };
		await applyBootstrap(options);
		await applyMigrations(options);
		client = new Client({ connectionString: options.databaseUrl });
		await client.connect();
		await seed(client);
	});

	afterAll(async () => {
		await client?.end();
		await pgQuery(`drop database if exists ${database} with (force)`);
		await closePg();
	});

	it('per agent: calls without an agents row count under their retell_agent_id', async () => {
		expect(await stats(client, { from: FROM, to: TO })).toEqual([
			row({ ...AGENT_A, ...FIGURES_A }),
			row({ ...AGENT_T, ...FIGURES_T }),
			row({ ...AGENT_B, ...FIGURES_B }),
		]);
	});

	it('in total: one row, the live cost per minute beside the $0.16 baseline', async () => {
		expect(await stats(client, { from: FROM, to: TO, groupBy: 'total' })).toEqual([row(FIGURES_TOTAL)]);
	});

	it('per provider type: calls of agents without a row have none', async () => {
		expect(await stats(client, { from: FROM, to: TO, groupBy: 'provider_type' })).toEqual([
			row({ provider_type: 'retell', ...FIGURES_A }),
			row({ provider_type: 'twilio', ...FIGURES_T }),
			row(FIGURES_B),
		]);
	});

	it('per agent and UTC day (the default time zone)', async () => {
		expect(await stats(client, { from: FROM, to: TO, groupBy: 'agent_day' })).toEqual([
			row({ day: '2026-01-05', ...AGENT_A, ...A_JAN5 }),
			row({ day: '2026-01-05', ...AGENT_T, ...T_JAN5 }),
			row({ day: '2026-01-06', ...AGENT_A, ...A_JAN6 }),
			row({ day: '2026-01-06', ...AGENT_T, ...T_JAN6 }),
			row({ day: '2026-01-06', ...AGENT_B, ...FIGURES_B }),
		]);
		expect(await stats(client, { from: FROM, to: TO, groupBy: 'provider_type_day', timeZone: 'UTC' })).toEqual([
			row({ day: '2026-01-05', provider_type: 'retell', ...A_JAN5 }),
			row({ day: '2026-01-05', provider_type: 'twilio', ...T_JAN5 }),
			row({ day: '2026-01-06', provider_type: 'retell', ...A_JAN6 }),
			row({ day: '2026-01-06', provider_type: 'twilio', ...T_JAN6 }),
			row({ day: '2026-01-06', ...FIGURES_B }),
		]);
	});

	it("per day in New York: the range stays absolute, the days move five hours", async () => {
		expect(await stats(client, { from: FROM, to: TO, groupBy: 'day', timeZone: 'America/New_York' })).toEqual([
			row({
				day: '2026-01-04', calls: 1, connected_calls: 1, minutes: 0.75, cost_usd: 0.075, minutes_with_cost: 0.75,
				cost_per_minute_usd: 0.1, successful_calls: 1, success_rate: 1, sentiment_positive: 1,
				baseline_cost_usd: 0.12, saving_usd: 0.045, saving_rate: 0.375,
			}),
			row({
				day: '2026-01-05', calls: 4, connected_calls: 4, voicemail_calls: 1, minutes: 8.5, cost_usd: 0.975,
				calls_without_cost: 1, minutes_with_cost: 7.5, cost_per_minute_usd: 0.13, successful_calls: 2,
				unsuccessful_calls: 1, success_rate: 0.6667, sentiment_positive: 1, sentiment_negative: 1,
				sentiment_neutral: 1, baseline_cost_usd: 1.2, saving_usd: 0.225, saving_rate: 0.1875,
			}),
			row({
				day: '2026-01-06', calls: 6, connected_calls: 3, minutes: 4.5, cost_usd: 0.3525, calls_without_cost: 3,
				minutes_with_cost: 3.5, cost_per_minute_usd: 0.1007, successful_calls: 1, unsuccessful_calls: 1,
				success_rate: 0.5, sentiment_positive: 1, sentiment_unknown: 1, baseline_cost_usd: 0.56, saving_usd: 0.2075,
				saving_rate: 0.3705,
			}),
		]);
	});

	it('compares with any baseline: a cheaper one turns the saving negative, zero leaves no rate', async () => {
		expect(await stats(client, { from: FROM, to: TO, groupBy: 'total', baseline: 0.1 })).toEqual([
			row({ ...FIGURES_TOTAL, baseline_cost_per_minute_usd: 0.1, baseline_cost_usd: 1.175, saving_usd: -0.2275, saving_rate: -0.1936 }),
		]);
		expect(await stats(client, { from: FROM, to: TO, groupBy: 'total', baseline: 0 })).toEqual([
			row({ ...FIGURES_TOTAL, baseline_cost_per_minute_usd: 0, baseline_cost_usd: 0, saving_usd: -1.4025, saving_rate: null }),
		]);
	});

	it('filters by Retell agent ID; an empty list matches nothing, and total still answers one row', async () => {
		expect(await stats(client, { from: FROM, to: TO, retellAgentIds: ['agent_b', 'agent_unknown'] })).toEqual([
			row({ ...AGENT_B, ...FIGURES_B }),
		]);
		expect(await stats(client, { from: FROM, to: TO, groupBy: 'total', retellAgentIds: ['agent_a'] })).toEqual([
			row(FIGURES_A),
		]);
		expect(await stats(client, { from: FROM, to: TO, retellAgentIds: [] })).toEqual([]);
		expect(await stats(client, { from: FROM, to: TO, groupBy: 'total', retellAgentIds: [] })).toEqual([row({})]);
	});

	it('places calls by start, else end, else first logged time, in a half-open range', async () => {
		// a7 starts at 2026-01-07T00:00Z exactly; a8 never connected and was logged at 05:00; b2 was logged on the
		// 8th but ended on the 6th.
		expect(await stats(client, { from: TO, to: '2026-01-08T00:00:00Z', groupBy: 'total' })).toEqual([
			row({
				calls: 2, connected_calls: 1, minutes: 1, cost_usd: 0.1, calls_without_cost: 1, minutes_with_cost: 1,
				cost_per_minute_usd: 0.1, successful_calls: 1, success_rate: 1, baseline_cost_usd: 0.16, saving_usd: 0.06,
				saving_rate: 0.375,
			}),
		]);
		// Without p_to the range ends now: every call of the data set.
		const [everything] = await stats(client, { from: '2026-01-01T00:00:00Z', groupBy: 'total' });
		expect(everything.calls).toBe(CALLS.length);
		// An empty range is allowed.
		expect(await stats(client, { from: FROM, to: FROM })).toEqual([]);
	});

	it('refuses a range that ends before it starts, and unknown groupings, time zones and baselines', async () => {
		expect(await sqlError(stats(client, { from: TO, to: FROM }))).toEqual({
			code: '22023',
			message: 'the time range ends before it starts: p_from 2026-01-07 00:00:00+00 is after p_to 2026-01-05 00:00:00+00',
		});
		expect(await sqlError(stats(client, { from: null, to: TO }))).toEqual({
			code: '22023',
			message: 'p_from is required: the start of the time range',
		});
		expect(await sqlError(stats(client, { from: FROM, to: TO, groupBy: 'week' }))).toEqual({
			code: '22023',
			message: "unknown p_group_by 'week'",
		});
		expect(await sqlError(stats(client, { from: FROM, to: TO, timeZone: 'Mars/Olympus' }))).toEqual({
			code: '22023',
			message: 'time zone "Mars/Olympus" not recognized',
		});
		expect(await sqlError(stats(client, { from: FROM, to: TO, baseline: -0.01 }))).toEqual({
			code: '22023',
			message: 'p_baseline_cost_per_minute_usd must be 0 or more',
		});
	});

	it("runs with the caller's rights: a signed-in user counts only their own agents' calls, anon may not call it", async () => {
		const asOwner = async (userId: string) =>
			await asRole(client, 'authenticated', userId, async () => await stats(client, { from: FROM, to: TO }));
		expect(await asOwner(OWNER_A)).toEqual([row({ ...AGENT_A, ...FIGURES_A })]);
		expect(await asOwner(OWNER_T)).toEqual([row({ ...AGENT_T, ...FIGURES_T })]);
		expect(await asOwner('00000000-0000-4000-8000-0000000000ff')).toEqual([]);
		expect(await sqlError(asRole(client, 'anon', null, async () => await stats(client, { from: FROM, to: TO })))).toEqual({
			code: '42501',
			message: 'permission denied for function retell_agent_stats',
		});
	});
});
