import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { closePg, pgQuery, uniqueId, withUnmigratedProject } from '../support/supabase-stack/db';
import { outputOf, runSupabaseNode, supabaseCredentials } from './helpers';

/*
 * Retell Supabase → Agent → Get Stats in WorkflowExecute against the real PostgREST. The stack's database is
 * shared with other suites, so the calls here lie in March 2020 and results are narrowed to this file's agents.
 * The SQL function's figures are tested in full in test/database/agentStats.db.test.ts.
 */

afterAll(async () => {
	await closePg();
});

const SINCE = '2020-03-10T00:00:00.000Z';
const UNTIL = '2020-03-12T00:00:00.000Z';

const retellA = uniqueId('agent');
const retellB = uniqueId('agent');
let agentA = '';
let agentT = '';

beforeAll(async () => {
	[{ id: agentA }] = await pgQuery<{ id: string }>(
		"insert into public.agents (name, retell_agent_id, provider_type) values ('Stats Desk', $1, 'retell') returning id",
		[retellA],
	);
	[{ id: agentT }] = await pgQuery<{ id: string }>(
		"insert into public.agents (name, provider_type) values ('Old Line', 'twilio') returning id",
	);
	const calls = [
		// 2020-03-10 08:00 in New York (UTC-4 since 8 March).
		{ agent_id: agentA, retell_agent_id: retellA, call_status: 'ended', start_timestamp: '2020-03-10T12:00:00Z', duration_ms: 120_000, cost: 16, call_successful: true, user_sentiment: 'Positive' },
		// 2020-03-11 in UTC, 2020-03-10 23:00 in New York; no cost.
		{ agent_id: agentA, retell_agent_id: retellA, call_status: 'ended', start_timestamp: '2020-03-11T03:00:00Z', duration_ms: 60_000, call_successful: false, user_sentiment: 'Negative' },
		{ agent_id: agentA, retell_agent_id: retellA, call_status: 'not_connected', created_at: '2020-03-11T10:00:00Z' },
		// An agent without an agents row.
		{ agent_id: null, retell_agent_id: retellB, call_status: 'ended', start_timestamp: '2020-03-11T12:00:00Z', duration_ms: 300_000, cost: 35, call_successful: true, user_sentiment: 'Neutral' },
		{ agent_id: agentT, retell_agent_id: null, call_status: 'ended', start_timestamp: '2020-03-10T15:00:00Z', duration_ms: 180_000, cost: 48 },
	].map((call) => ({ call_id: uniqueId('call'), ...call }));
	await pgQuery(
		`insert into public.retell_call_sessions
		   (call_id, agent_id, retell_agent_id, call_status, start_timestamp, duration_ms, cost, call_successful,
		    user_sentiment, created_at)
		 select call_id, agent_id, retell_agent_id, call_status, start_timestamp, duration_ms, cost, call_successful,
		        user_sentiment, coalesce(created_at, now())
		   from jsonb_to_recordset($1::jsonb) as r (call_id text, agent_id uuid, retell_agent_id text, call_status text,
		     start_timestamp timestamptz, duration_ms bigint, cost numeric, call_successful boolean, user_sentiment text,
		     created_at timestamptz)`,
		[JSON.stringify(calls)],
	);
});

const getStats = (parameters: INodeParameters, input?: IDataObject[]) =>
	runSupabaseNode({ resource: 'agent', operation: 'getStats', since: SINCE, until: UNTIL, ...parameters }, { input });

const RANGE = { since: SINCE, until: UNTIL };
const KEYS = { day: null, agent_id: null, retell_agent_id: null, agent_name: null, provider_type: null };
const NONE = {
	calls: 0, connected_calls: 0, voicemail_calls: 0, minutes: 0, cost_usd: 0, calls_without_cost: 0, minutes_with_cost: 0,
	cost_per_minute_usd: null, successful_calls: 0, unsuccessful_calls: 0, success_rate: null, sentiment_positive: 0,
	sentiment_negative: 0, sentiment_neutral: 0, sentiment_unknown: 0, baseline_cost_per_minute_usd: 0.16,
	baseline_cost_usd: null, saving_usd: null, saving_rate: null,
};
const item = (fields: IDataObject): IDataObject => ({ ...KEYS, ...NONE, ...RANGE, time_zone: 'America/New_York', ...fields });

const A = () => ({ agent_id: agentA, retell_agent_id: retellA, agent_name: 'Stats Desk', provider_type: 'retell' });
/** 3 min talked, 2 of them with a cost of 16 ¢: $0.08/min against $0.16. */
const FIGURES_A = {
	calls: 3, connected_calls: 2, minutes: 3, cost_usd: 0.16, calls_without_cost: 2, minutes_with_cost: 2,
	cost_per_minute_usd: 0.08, successful_calls: 1, unsuccessful_calls: 1, success_rate: 0.5, sentiment_positive: 1,
	sentiment_negative: 1, baseline_cost_usd: 0.32, saving_usd: 0.16, saving_rate: 0.5,
};
const FIGURES_B = {
	calls: 1, connected_calls: 1, minutes: 5, cost_usd: 0.35, minutes_with_cost: 5, cost_per_minute_usd: 0.07,
	successful_calls: 1, success_rate: 1, sentiment_neutral: 1, baseline_cost_usd: 0.8, saving_usd: 0.45, saving_rate: 0.5625,
};

describe('Retell Supabase → Agent → Get Stats', () => {
	it('outputs one item per agent, with the range and time zone it covers', async () => {
		const run = await getStats({ options: { retellAgentId: [retellA, retellB] } });
		expect(outputOf(run)).toEqual([item({ ...A(), ...FIGURES_A }), item({ retell_agent_id: retellB, ...FIGURES_B })]);
	});

	it('counts every agent without a filter, legacy Twilio agents included', async () => {
		const rows = outputOf(await getStats({ groupBy: 'agent' }));
		const ours = rows.filter((row) => row.agent_id === agentA || row.agent_id === agentT || row.retell_agent_id === retellB);
		expect(ours).toEqual([
			item({ ...A(), ...FIGURES_A }),
			item({
				agent_id: agentT, agent_name: 'Old Line', provider_type: 'twilio', calls: 1, connected_calls: 1, minutes: 3,
				cost_usd: 0.48, minutes_with_cost: 3, cost_per_minute_usd: 0.16, baseline_cost_usd: 0.48, saving_usd: 0,
				saving_rate: 0,
			}),
			item({ retell_agent_id: retellB, ...FIGURES_B }),
		]);
	});

	it('totals with another baseline', async () => {
		const run = await getStats({ groupBy: 'total', options: { retellAgentId: `${retellA}, ${retellB}`, baselineCostPerMinute: 0.2 } });
		expect(outputOf(run)).toEqual([
			item({
				calls: 4, connected_calls: 3, minutes: 8, cost_usd: 0.51, calls_without_cost: 2, minutes_with_cost: 7,
				cost_per_minute_usd: 0.0729, successful_calls: 2, unsuccessful_calls: 1, success_rate: 0.6667,
				sentiment_positive: 1, sentiment_negative: 1, sentiment_neutral: 1, baseline_cost_per_minute_usd: 0.2,
				baseline_cost_usd: 1.4, saving_usd: 0.89, saving_rate: 0.6357,
			}),
		]);
	});

	it("counts days in the workflow's time zone unless told another", async () => {
		const tenth = { ...FIGURES_A, calls: 2, connected_calls: 2, calls_without_cost: 1 };
		const newYork = await getStats({ groupBy: 'day', options: { retellAgentId: [retellA] } });
		expect(outputOf(newYork)).toEqual([
			item({ day: '2020-03-10', ...tenth }),
			item({ day: '2020-03-11', calls: 1, calls_without_cost: 1 }),
		]);

		const utc = await getStats({ groupBy: 'agentAndDay', options: { retellAgentId: [retellA], timeZone: 'UTC' } });
		expect(outputOf(utc)).toEqual([
			item({
				...A(), day: '2020-03-10', time_zone: 'UTC', calls: 1, connected_calls: 1, minutes: 2, cost_usd: 0.16,
				minutes_with_cost: 2, cost_per_minute_usd: 0.08, successful_calls: 1, success_rate: 1, sentiment_positive: 1,
				baseline_cost_usd: 0.32, saving_usd: 0.16, saving_rate: 0.5,
			}),
			item({
				...A(), day: '2020-03-11', time_zone: 'UTC', calls: 2, connected_calls: 1, minutes: 1, calls_without_cost: 2,
				unsuccessful_calls: 1, success_rate: 0, sentiment_negative: 1,
			}),
		]);
	});

	it('runs once per input item, each output item paired with its input', async () => {
		const run = await getStats(
			{ groupBy: 'providerType', until: '={{ $json.until }}', options: { retellAgentId: [retellA] } },
			[{ until: '2020-03-11T00:00:00.000Z' }, { until: UNTIL }],
		);
		expect(run.items().map(({ json, pairedItem }) => [json.until, json.calls, json.provider_type, pairedItem])).toEqual([
			['2020-03-11T00:00:00.000Z', 1, 'retell', { item: 0 }],
			[UNTIL, 3, 'retell', { item: 1 }],
		]);
	});

	it('refuses Since after Until and an unknown time zone before asking Supabase', async () => {
		const backwards = await getStats({ since: UNTIL, until: SINCE });
		expect(backwards.status).toBe('error');
		expect(backwards.error?.message).toBe('Since is after Until');
		expect(backwards.error?.description).toBe(
			`Since is ${UNTIL} and Until ${SINCE}. Swap them, or leave Until empty for now.`,
		);
		expect(backwards.error?.context.itemIndex).toBe(0);

		const mars = await getStats({ options: { timeZone: 'Mars/Olympus' } });
		expect(mars.error?.message).toBe('Time Zone "Mars/Olympus" is not a time zone');
	});

	it('defaults to the last seven days until now, and tells to run the migration when the function is missing', async () => {
		const [total] = outputOf(
			await getStats({ groupBy: 'total', since: SINCE, until: '', options: { retellAgentId: [retellA, retellB] } }),
		);
		expect(total).toMatchObject({ calls: 4, since: SINCE });
		const now = Date.now();
		expect(Date.parse(String(total.until))).toBeLessThanOrEqual(now);
		expect(Date.parse(String(total.until))).toBeGreaterThan(now - 60_000);

		// The default Since: midnight seven days ago in the workflow's time zone, nothing of 2020 in it.
		const [lastWeek] = outputOf(
			await runSupabaseNode({ resource: 'agent', operation: 'getStats', groupBy: 'total', options: { retellAgentId: [retellA] } }),
		);
		expect(lastWeek.calls).toBe(0);
		const sinceAgo = now - Date.parse(String(lastWeek.since));
		expect(sinceAgo).toBeGreaterThanOrEqual(7 * 86_400_000);
		expect(sinceAgo).toBeLessThan(8 * 86_400_000 + 3_600_000);

		await withUnmigratedProject(async (projectUrl) => {
			const run = await runSupabaseNode(
				{ resource: 'agent', operation: 'getStats', since: SINCE, until: UNTIL },
				{ credentials: supabaseCredentials({ host: projectUrl }) },
			);
			expect(run.error?.message).toBe('The Retell schema is not installed: the function "retell_agent_stats" is missing');
			expect(run.error?.description).toContain('supabase/migrations/20261125000000_retell_call_logging.sql');
			expect(run.error?.description).toContain('PGRST202');
		});
	});
});
