import path from 'node:path';
import { Pool, type QueryResultRow } from 'pg';
import { REPO_ROOT } from '../../scripts/n8n/paths';
import { ManagedProcess } from '../../scripts/n8n/process';
import type { SupabaseTestConnection } from '../../test/support/supabase-stack/connection';

/**
 * The local Supabase stack (PostgreSQL + PostgREST + gateway) in its own process, through its CLI: the gateway
 * then does not share an event loop with the load generator, whose timings it would otherwise disturb.
 */
export class BenchSupabase {
	private constructor(
		readonly connection: SupabaseTestConnection,
		private readonly managed: ManagedProcess,
		readonly pool: Pool,
	) {}

	static async start(logFile: string): Promise<BenchSupabase> {
		const managed = ManagedProcess.start(
			'supabase-stack',
			process.execPath,
			['-r', 'ts-node/register/transpile-only', path.join(REPO_ROOT, 'test', 'support', 'supabase-stack', 'cli.ts')],
			{ env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' }, cwd: REPO_ROOT, logFile },
		);
		const connection = await new Promise<SupabaseTestConnection>((resolve, reject) => {
			let buffered = '';
			const timer = setTimeout(() => reject(new Error(`Supabase stack not ready after 120 s (see ${logFile})`)), 120_000);
			managed.child.stdout?.on('data', (chunk: Buffer) => {
				buffered += chunk.toString('utf8');
				const line = buffered.split('\n').find((candidate) => candidate.trim().startsWith('{'));
				if (!line) return;
				clearTimeout(timer);
				resolve(JSON.parse(line) as SupabaseTestConnection);
			});
			void managed.exited.then((code) => {
				clearTimeout(timer);
				reject(new Error(`Supabase stack exited (${code}) before it was ready (see ${logFile})`));
			});
		}).catch(async (error: unknown) => {
			await managed.stop(5_000);
			throw error;
		});
		const pool = new Pool({ connectionString: connection.databaseUrl, max: 2 });
		return new BenchSupabase(connection, managed, pool);
	}

	async query<R extends QueryResultRow>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
		return (await this.pool.query<R>(sql, [...params])).rows;
	}

	async truncateSessions(): Promise<void> {
		await this.query('truncate table public.leads, public.retell_call_sessions restart identity cascade');
	}

	/** SIGTERM to the CLI alone (it stops PostgREST and PostgreSQL cleanly), then the group as a last resort. */
	async stop(): Promise<void> {
		await this.pool.end().catch(() => undefined);
		const pid = this.managed.pid;
		if (pid !== undefined && this.managed.running) {
			try {
				process.kill(pid, 'SIGTERM');
			} catch {
				// already gone
			}
			let timer: NodeJS.Timeout | undefined;
			await Promise.race([this.managed.exited, new Promise((resolve) => (timer = setTimeout(resolve, 30_000)))]);
			clearTimeout(timer); // a pending 30 s timer would keep the process (or jest) alive after the stop
		}
		await this.managed.stop(5_000);
	}
}
