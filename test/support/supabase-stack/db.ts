import { randomBytes } from 'node:crypto';
import { Pool, type QueryResultRow } from 'pg';

import { getSupabaseTestConnection } from './connection';
import { startGateway } from './gateway';
import { startPostgrest } from './postgrest';
import { applyBootstrap, applyMigrations } from './psql';

let pool: Pool | undefined;

function getPool(): Pool {
	pool ??= new Pool({
		connectionString: getSupabaseTestConnection().databaseUrl,
		max: 4,
		// An idle pool must not keep a jest worker alive if a suite forgets closePg().
		allowExitOnIdle: true,
		idleTimeoutMillis: 1000,
	});
	return pool;
}

/** Runs SQL as the superuser (RLS does not apply) and returns the rows. */
export async function pgQuery<R extends QueryResultRow = QueryResultRow>(
	sql: string,
	params: readonly unknown[] = [],
): Promise<R[]> {
	const result = await getPool().query<R>(sql, [...params]);
	return result.rows;
}

/** Call in afterAll of suites that used pgQuery. */
export async function closePg(): Promise<void> {
	const current = pool;
	pool = undefined;
	await current?.end();
}

/**
 * Stored sessions by call_id, without the columns that differ per call or per write (id, call_id, created_at,
 * updated_at) and any in `omit`.
 */
export async function storedSessionRows(callIds: string[], omit: string[] = []): Promise<Map<string, Record<string, unknown>>> {
	const rows = await pgQuery<{ call_id: string; row: Record<string, unknown> }>(
		'select call_id, to_jsonb(s) - $2::text[] as row from public.retell_call_sessions s where call_id = any($1)',
		[callIds, ['id', 'call_id', 'created_at', 'updated_at', ...omit]],
	);
	return new Map(rows.map((item) => [item.call_id, item.row]));
}

/** A short unique id with a readable prefix, e.g. uniqueId('call') → call_5f2a9c0e41d7. */
export const uniqueId = (prefix: string): string => `${prefix}_${randomBytes(6).toString('hex')}`;

/** The stack's database URL with another database name. */
export function databaseUrlFor(database: string): string {
	const url = new URL(getSupabaseTestConnection().databaseUrl);
	url.pathname = `/${database}`;
	return url.toString();
}

/**
 * A fresh database in the running cluster, dropped afterwards. With `supabase: true` it gets the bootstrap
 * (roles are cluster-wide and already exist), and with `migrate: true` also the shipped migrations.
 */
export async function withScratchDatabase<T>(
	options: { supabase?: boolean; migrate?: boolean },
	body: (databaseUrl: string) => Promise<T>,
): Promise<T> {
	const name = uniqueId('scratch');
	await pgQuery(`create database ${name}`);
	const databaseUrl = databaseUrlFor(name);
	try {
		const { pgBinDir } = getSupabaseTestConnection();
		if (options.supabase || options.migrate) await applyBootstrap({ binDir: pgBinDir, databaseUrl });
		if (options.migrate) await applyMigrations({ binDir: pgBinDir, databaseUrl });
		return await body(databaseUrl);
	} finally {
		await pgQuery(`drop database if exists ${name} with (force)`);
	}
}

/**
 * A Supabase project whose database has Supabase's roles but not the Retell schema (the migration never ran):
 * a scratch database with its own PostgREST and gateway, taking the stack's service-role key. `body` gets the
 * project URL; everything is stopped and dropped afterwards.
 */
export async function withUnmigratedProject<T>(body: (projectUrl: string) => Promise<T>): Promise<T> {
	const connection = getSupabaseTestConnection();
	return await withScratchDatabase({ supabase: true }, async (databaseUrl) => {
		const dbUri = new URL(databaseUrl);
		dbUri.username = 'authenticator';
		const postgrest = await startPostgrest({ dbUri: dbUri.toString(), jwtSecret: connection.jwtSecret });
		const gateway = await startGateway({ upstream: postgrest.url, apiKeys: { [connection.serviceRoleKey]: null } });
		try {
			return await body(gateway.url);
		} finally {
			await gateway.stop();
			await postgrest.stop();
		}
	});
}
