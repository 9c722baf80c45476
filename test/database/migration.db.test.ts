import { Client } from 'pg';

import { getSupabaseTestConnection } from '../support/supabase-stack/connection';
import { closePg, withScratchDatabase } from '../support/supabase-stack/db';
import { migrationFiles } from '../support/supabase-stack/paths';
import { applyMigrations, runPsqlFile } from '../support/supabase-stack/psql';
import { readFileSync } from 'node:fs';

const { pgBinDir } = getSupabaseTestConnection();

afterAll(async () => {
	await closePg();
});

async function withClient<T>(databaseUrl: string, body: (client: Client) => Promise<T>): Promise<T> {
	const client = new Client({ connectionString: databaseUrl });
	await client.connect();
	try {
		return await body(client);
	} finally {
		await client.end();
	}
}

async function columnsOf(client: Client, table: string): Promise<string[]> {
	const { rows } = await client.query<{ column_name: string }>(
		"select column_name from information_schema.columns where table_schema = 'public' and table_name = $1",
		[table],
	);
	return rows.map((row) => row.column_name);
}

async function sqlState(promise: Promise<unknown>): Promise<string | undefined> {
	try {
		await promise;
		return undefined;
	} catch (error) {
		return (error as { code?: string }).code;
	}
}

const SESSION_COLUMNS = [
	'id', 'call_id', 'agent_id', 'retell_agent_id', 'agent_version', 'direction', 'from_number', 'to_number',
	'call_type', 'call_status', 'start_timestamp', 'end_timestamp', 'duration_ms', 'disconnection_reason',
	'transcript', 'transcript_object', 'recording_url', 'call_summary', 'user_sentiment', 'call_successful',
	'in_voicemail', 'custom_analysis_data', 'call_analysis', 'cost', 'call_cost', 'metadata', 'dynamic_variables',
	'collected_dynamic_variables', 'last_event', 'event_timestamps', 'field_sources', 'created_at', 'updated_at',
];
const AGENT_COLUMNS = [
	'id', 'name', 'description', 'voice_id', 'prompt', 'phone_number', 'retell_agent_id', 'retell_phone_number_id',
	'provider_type', 'owner_id', 'created_at', 'updated_at',
];
const LEAD_COLUMNS = [
	'id', 'call_id', 'session_id', 'agent_id', 'retell_agent_id', 'phone', 'name', 'email', 'interest', 'appointment_time', 'notes', 'source',
	'custom_data', 'created_at', 'updated_at',
];

describe('supabase/migrations', () => {
	it('every file explains itself and ends with a PostgREST schema reload', () => {
		for (const file of migrationFiles()) {
			const sql = readFileSync(file, 'utf8');
			expect(sql.startsWith('--')).toBe(true);
			expect(sql.trimEnd().endsWith("notify pgrst, 'reload schema';")).toBe(true);
		}
	});

	it('is idempotent: plain psql -f twice (and once more in one transaction) keeps the data', async () => {
		await withScratchDatabase({ supabase: true }, async (databaseUrl) => {
			await applyMigrations({ binDir: pgBinDir, databaseUrl });
			await withClient(databaseUrl, async (client) => {
				await client.query("insert into public.agents (id, retell_agent_id) values ('00000000-0000-4000-8000-000000000001', 'agent_a')");
				await client.query(
					`select public.retell_merge_call_sessions('[{"call_id":"c1","event":"call_ended","retell_agent_id":"agent_a","call_status":"ended"}]')`,
				);
				await client.query("insert into public.leads (call_id) values ('c1')");
			});

			await applyMigrations({ binDir: pgBinDir, databaseUrl });
			await applyMigrations({ binDir: pgBinDir, databaseUrl, singleTransaction: true });

			await withClient(databaseUrl, async (client) => {
				expect((await columnsOf(client, 'retell_call_sessions')).sort()).toEqual([...SESSION_COLUMNS].sort());
				expect((await columnsOf(client, 'agents')).sort()).toEqual([...AGENT_COLUMNS].sort());
				expect((await columnsOf(client, 'leads')).sort()).toEqual([...LEAD_COLUMNS].sort());
				const { rows } = await client.query<{ call_status: string; agent_id: string; lead_agent: string }>(
					`select s.call_status, s.agent_id, l.agent_id as lead_agent
					   from public.retell_call_sessions s join public.leads l using (call_id)
					  where s.call_id = 'c1'`,
				);
				expect(rows).toEqual([
					{
						call_status: 'ended',
						agent_id: '00000000-0000-4000-8000-000000000001',
						lead_agent: '00000000-0000-4000-8000-000000000001',
					},
				]);
				// Re-running must not duplicate constraints, policies or triggers.
				const counts = await client.query<{ kind: string; n: number }>(
					`select 'constraints' as kind, count(*)::int as n from pg_constraint
					  where conrelid in ('public.agents'::regclass, 'public.retell_call_sessions'::regclass, 'public.leads'::regclass)
					 union all
					 select 'policies', count(*)::int from pg_policies where schemaname = 'public'
					 union all
					 select 'triggers', count(*)::int from pg_trigger
					  where not tgisinternal and tgrelid in ('public.agents'::regclass, 'public.retell_call_sessions'::regclass, 'public.leads'::regclass)`,
				);
				expect(Object.fromEntries(counts.rows.map((row) => [row.kind, row.n]))).toEqual({
					constraints: 8,
					policies: 3,
					triggers: 5,
				});
			});
		});
	});

	it("converges the seed app's older agents table and keeps its rows", async () => {
		await withScratchDatabase({ supabase: true }, async (databaseUrl) => {
			await withClient(databaseUrl, async (client) => {
				await client.query(`
					create table public.agents (
						id uuid primary key default gen_random_uuid(),
						name text not null,
						description text,
						voice_id text,
						prompt text,
						phone_number text,
						created_at timestamptz default now()
					);
					insert into public.agents (name, phone_number) values ('Legacy agent', '+14155550100');
				`);
			});

			for (const file of migrationFiles()) await runPsqlFile(file, { binDir: pgBinDir, databaseUrl });

			await withClient(databaseUrl, async (client) => {
				expect(await columnsOf(client, 'agents')).toEqual(expect.arrayContaining(AGENT_COLUMNS));
				const { rows } = await client.query<{ name: string; provider_type: string }>(
					'select name, provider_type from public.agents',
				);
				expect(rows).toEqual([{ name: 'Legacy agent', provider_type: 'retell' }]);

				await client.query("insert into public.agents (name, retell_agent_id) values ('New', 'agent_new')");
				const inserted = await client.query<{ provider_type: string }>(
					"select provider_type from public.agents where retell_agent_id = 'agent_new'",
				);
				expect(inserted.rows).toEqual([{ provider_type: 'retell' }]);
				expect(await sqlState(client.query("insert into public.agents (name, provider_type) values ('x', 'foo')"))).toBe('23514');
				expect(await sqlState(client.query("insert into public.agents (name, provider_type) values ('x', null)"))).toBe('23502');
				expect(await sqlState(client.query("insert into public.agents (name, retell_agent_id) values ('x', 'agent_new')"))).toBe('23505');
				await client.query("insert into public.agents (name, provider_type) values ('Twilio', 'twilio'), ('Vapi', 'vapi')");
			});

			await applyMigrations({ binDir: pgBinDir, databaseUrl });
		});
	});

	it('converges an older retell_call_sessions / leads / nullable provider_type schema', async () => {
		await withScratchDatabase({ supabase: true }, async (databaseUrl) => {
			await withClient(databaseUrl, async (client) => {
				await client.query(`
					create table public.agents (
						id uuid primary key default gen_random_uuid(),
						name text not null,
						retell_agent_id text unique,
						provider_type text default 'retell',
						user_id uuid
					);
					insert into public.agents (name, retell_agent_id, provider_type) values ('Old', 'agent_old', null);
					create table public.retell_call_sessions (
						id uuid primary key default gen_random_uuid(),
						call_id text unique,
						agent_id uuid references public.agents (id) on delete cascade,
						status text default 'pending',
						created_at timestamptz default now()
					);
					insert into public.retell_call_sessions (call_id, status) values ('old_call', 'done');
					create table public.leads (
						id uuid primary key default gen_random_uuid(),
						agent_id uuid references public.agents (id),
						name text,
						phone text,
						created_at timestamptz default now()
					);
					insert into public.leads (name, phone) values ('Old lead', '+1');
				`);
			});

			await applyMigrations({ binDir: pgBinDir, databaseUrl });
			await applyMigrations({ binDir: pgBinDir, databaseUrl });

			await withClient(databaseUrl, async (client) => {
				expect((await client.query('select provider_type from public.agents')).rows).toEqual([{ provider_type: 'retell' }]);
				expect(await columnsOf(client, 'retell_call_sessions')).toEqual(expect.arrayContaining(SESSION_COLUMNS));
				expect(await columnsOf(client, 'leads')).toEqual(expect.arrayContaining(LEAD_COLUMNS));

				const { rows } = await client.query<{ report: Array<{ action: string }> }>(
					`select public.retell_merge_call_sessions('[
						{"call_id":"old_call","event":"call_ended","retell_agent_id":"agent_old","call_status":"ended","from_number":"+14155550100","direction":"inbound"},
						{"call_id":"new_call","event":"call_started","call_status":"ongoing"}
					]') as report`,
				);
				expect(rows[0].report.map((item) => item.action)).toEqual(['updated', 'inserted']);
				const sessions = await client.query<{ call_id: string; status: string | null; call_status: string; agent_id: string | null }>(
					`select s.call_id, s.status, s.call_status, (s.agent_id = a.id)::text as agent_id
					   from public.retell_call_sessions s left join public.agents a on a.retell_agent_id = 'agent_old'
					  order by s.call_id`,
				);
				// The seed's own column keeps its value, and its default applies to rows the merge inserts.
				expect(sessions.rows).toEqual([
					{ call_id: 'new_call', status: 'pending', call_status: 'ongoing', agent_id: null },
					{ call_id: 'old_call', status: 'done', call_status: 'ended', agent_id: 'true' },
				]);

				await client.query("insert into public.leads (call_id, name) values ('old_call', 'Caller')");
				const leads = await client.query<{ name: string; phone: string; source: string }>(
					'select name, phone, source from public.leads order by name',
				);
				expect(leads.rows).toEqual([
					{ name: 'Caller', phone: '+14155550100', source: 'retell' },
					{ name: 'Old lead', phone: '+1', source: 'retell' },
				]);
			});
		});
	});
});
