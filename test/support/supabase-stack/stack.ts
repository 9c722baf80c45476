import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { PUBLISHABLE_KEY, SECRET_KEY, type SupabaseTestConnection } from './connection';
import { startGateway, type Gateway } from './gateway';
import { mintSupabaseKeys, newJwtSecret } from './jwt';
import { startPostgres, type PostgresCluster } from './postgres';
import { startPostgrest, type PostgrestServer } from './postgrest';
import { isAlive, signal } from './proc';
import { applyBootstrap, applyMigrations } from './psql';

export interface SupabaseStack extends SupabaseTestConnection {
	gateway: Gateway;
	/** PIDs this stack started, so callers can verify nothing outlives stop(). */
	processes: { postgres: number; postgrest: number };
	/** Temp dir with the cluster, its socket and logs; removed by stop(). */
	baseDir: string;
	/** Gateway, then PostgREST, then PostgreSQL, then the temp dir. Safe to call twice. */
	stop(): Promise<void>;
	/** Faults for reliability runs: the servers go away and come back on the same ports. */
	faults: {
		killPostgrest(): Promise<void>;
		startPostgrest(): Promise<void>;
		/** PostgreSQL's fast shutdown: sessions end, PostgREST loses its pool and answers 503. */
		stopPostgres(): Promise<void>;
		startPostgres(): Promise<void>;
	};
}

export interface StartOptions {
	/** Progress lines (e.g. console.error) with elapsed milliseconds. */
	log?: (line: string) => void;
}

const TEMP_PREFIX = 'retell-supabase-';
const STALE_AFTER_MS = 60 * 60 * 1000;

/**
 * A runner killed outright (SIGKILL, or a signal before teardown) leaves its temp dir behind. Remove
 * such dirs once they are an hour old and no live postmaster owns them.
 */
function sweepStaleDirs(): void {
	for (const name of readdirSync(tmpdir())) {
		if (!name.startsWith(TEMP_PREFIX)) continue;
		const dir = join(tmpdir(), name);
		try {
			if (Date.now() - statSync(dir).mtimeMs < STALE_AFTER_MS) continue;
			const pidFile = join(dir, 'data', 'postmaster.pid');
			const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : 0;
			if (pid > 0 && isAlive(pid)) continue;
			rmSync(dir, { recursive: true, force: true });
		} catch {
			// Another run may be removing it at the same moment.
		}
	}
}

/**
 * A real Supabase REST data path on this machine: a throwaway PostgreSQL cluster with Supabase's roles
 * and the shipped migrations, the PostgREST binary, and a Kong-like gateway in front of it.
 */
export async function startSupabaseStack(options: StartOptions = {}): Promise<SupabaseStack> {
	const started = Date.now();
	const log = (line: string): void => options.log?.(`[supabase-stack +${Date.now() - started}ms] ${line}`);
	sweepStaleDirs();
	const baseDir = mkdtempSync(join(tmpdir(), TEMP_PREFIX));
	let postgres: PostgresCluster | undefined;
	let postgrest: PostgrestServer | undefined;
	let gateway: Gateway | undefined;

	// A runner that exits without calling stop() (process.exit, --forceExit) must not leave servers running.
	const emergencyStop = (): void => {
		if (postgrest) signal(postgrest.pid, 'SIGKILL');
		if (postgres) signal(postgres.pid, 'SIGQUIT');
		rmSync(baseDir, { recursive: true, force: true });
	};
	process.once('exit', emergencyStop);

	const teardown = async (): Promise<void> => {
		const stopping = Date.now();
		const step = (line: string): void => log(`${line} (+${Date.now() - stopping}ms into teardown)`);
		if (gateway) {
			await gateway.stop();
			step('gateway closed');
		}
		if (postgrest) {
			await postgrest.stop();
			step('PostgREST stopped');
		}
		if (postgres) {
			await postgres.stop();
			step('PostgreSQL stopped');
		}
		rmSync(baseDir, { recursive: true, force: true });
		process.removeListener('exit', emergencyStop);
	};

	try {
		postgres = await startPostgres(baseDir);
		log(`PostgreSQL ready on port ${postgres.port} (pid ${postgres.pid})`);

		const authenticatorPassword = randomBytes(16).toString('hex');
		const psql = { binDir: postgres.binDir, databaseUrl: postgres.superuserUrl };
		await applyBootstrap({ ...psql, variables: { authenticator_password: authenticatorPassword } });
		await applyMigrations({ ...psql, singleTransaction: true });
		log('bootstrap and migrations applied');

		const jwtSecret = newJwtSecret();
		postgrest = await startPostgrest({
			dbUri: `postgres://authenticator:${authenticatorPassword}@127.0.0.1:${postgres.port}/postgres`,
			jwtSecret,
		});
		log(`PostgREST ready at ${postgrest.url} (pid ${postgrest.pid})`);

		const keys = mintSupabaseKeys(jwtSecret);
		gateway = await startGateway({
			upstream: postgrest.url,
			apiKeys: {
				[keys.anonKey]: null,
				[keys.serviceRoleKey]: null,
				[SECRET_KEY]: keys.serviceRoleKey,
				[PUBLISHABLE_KEY]: keys.anonKey,
			},
		});
		log(`gateway ready at ${gateway.url}`);

		let stopping: Promise<void> | undefined;
		return {
			url: gateway.url,
			postgrestUrl: postgrest.url,
			databaseUrl: postgres.superuserUrl,
			...keys,
			secretKey: SECRET_KEY,
			publishableKey: PUBLISHABLE_KEY,
			jwtSecret,
			pgBinDir: postgres.binDir,
			gateway,
			processes: { postgres: postgres.pid, postgrest: postgrest.pid },
			baseDir,
			stop: () => (stopping ??= teardown()),
			faults: {
				killPostgrest: async () => await postgrest?.kill(),
				startPostgrest: async () => {
					postgrest = await postgrest?.startAgain();
				},
				stopPostgres: async () => await postgres?.stop(),
				startPostgres: async () => {
					postgres = await postgres?.startAgain();
				},
			},
		};
	} catch (error) {
		await teardown().catch(() => undefined);
		throw error;
	}
}
