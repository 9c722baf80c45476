import { join } from 'node:path';

import { BOOTSTRAP_SQL, migrationFiles } from './paths';
import { runCommand } from './proc';

export interface PsqlOptions {
	/** Directory holding psql (SupabaseTestConnection.pgBinDir). */
	binDir: string;
	databaseUrl: string;
	/** psql -v name=value */
	variables?: Record<string, string>;
	/** psql --single-transaction, as the Supabase CLI and the SQL editor run a migration. */
	singleTransaction?: boolean;
}

/** Runs one SQL file exactly as a user would: psql -v ON_ERROR_STOP=1 -f FILE. Returns stdout. */
export async function runPsqlFile(file: string, options: PsqlOptions): Promise<string> {
	const args = ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', options.databaseUrl];
	for (const [name, value] of Object.entries(options.variables ?? {})) args.push('-v', `${name}=${value}`);
	if (options.singleTransaction) args.push('--single-transaction');
	args.push('-f', file);
	// PGOPTIONS keeps NOTICEs ("relation already exists, skipping") out of the output of re-runs.
	const env = { ...process.env, PGOPTIONS: '-c client_min_messages=warning' };
	const { stdout } = await runCommand(join(options.binDir, 'psql'), args, { env });
	return stdout;
}

/** The stand-in for hosted Supabase's roles, auth.* functions and default grants. */
export function applyBootstrap(options: PsqlOptions): Promise<string> {
	return runPsqlFile(BOOTSTRAP_SQL, options);
}

/** Every supabase/migrations/*.sql file, in name order. */
export async function applyMigrations(options: PsqlOptions): Promise<void> {
	for (const file of migrationFiles()) await runPsqlFile(file, options);
}
