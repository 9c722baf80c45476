import { readFileSync } from 'node:fs';

import type { GatewayExchange } from './gateway';
import { GATEWAY_RECORDING_PATH, GATEWAY_SEQ_PATH } from './gateway';

/** What a test needs to reach the running stack. Plain data: it travels through env and JSON. */
export interface SupabaseTestConnection {
	/** Gateway origin, the "host" of a Supabase credential (no /rest/v1). */
	url: string;
	/** PostgREST itself, bypassing the gateway. */
	postgrestUrl: string;
	/** Superuser URL for `pg` assertions. */
	databaseUrl: string;
	anonKey: string;
	/** An end user's access token (role authenticated); send it as Authorization with the anon apikey. */
	authenticatedKey: string;
	authenticatedUserId: string;
	serviceRoleKey: string;
	/** New-style secret key (sb_secret_test) that the gateway swaps for the service-role JWT. */
	secretKey: string;
	/** New-style publishable key (sb_publishable_test) that the gateway swaps for the anon JWT. */
	publishableKey: string;
	/** HS256 secret, to mint tokens for more users (jwt.ts mintUserToken). */
	jwtSecret: string;
	/** Directory of psql and the other PostgreSQL client tools. */
	pgBinDir: string;
}

export const SUPABASE_TEST_ENV: { readonly [K in keyof SupabaseTestConnection]: string } = {
	url: 'RETELL_TEST_SUPABASE_URL',
	postgrestUrl: 'RETELL_TEST_SUPABASE_POSTGREST_URL',
	databaseUrl: 'RETELL_TEST_SUPABASE_DATABASE_URL',
	anonKey: 'RETELL_TEST_SUPABASE_ANON_KEY',
	authenticatedKey: 'RETELL_TEST_SUPABASE_AUTHENTICATED_KEY',
	authenticatedUserId: 'RETELL_TEST_SUPABASE_AUTHENTICATED_USER_ID',
	serviceRoleKey: 'RETELL_TEST_SUPABASE_SERVICE_ROLE_KEY',
	secretKey: 'RETELL_TEST_SUPABASE_SECRET_KEY',
	publishableKey: 'RETELL_TEST_SUPABASE_PUBLISHABLE_KEY',
	jwtSecret: 'RETELL_TEST_SUPABASE_JWT_SECRET',
	pgBinDir: 'RETELL_TEST_SUPABASE_PG_BIN_DIR',
};

/** Path of the JSON file globalSetup writes (same fields as SupabaseTestConnection). */
export const SUPABASE_TEST_CONNECTION_FILE_ENV = 'RETELL_TEST_SUPABASE_CONNECTION_FILE';
/** RETELL_TEST_SUPABASE=off: globalSetup does not start the stack. */
export const SUPABASE_TEST_SWITCH_ENV = 'RETELL_TEST_SUPABASE';

export const SECRET_KEY = 'sb_secret_test';
export const PUBLISHABLE_KEY = 'sb_publishable_test';

const FIELDS = Object.keys(SUPABASE_TEST_ENV) as Array<keyof SupabaseTestConnection>;

export function connectionToEnv(connection: SupabaseTestConnection): Record<string, string> {
	const env: Record<string, string> = {};
	for (const field of FIELDS) env[SUPABASE_TEST_ENV[field]] = connection[field];
	return env;
}

/** Copies exactly the connection fields, so a stack object (with process handles) can be serialised. */
export function pickConnection(source: SupabaseTestConnection): SupabaseTestConnection {
	const picked = {} as SupabaseTestConnection;
	for (const field of FIELDS) picked[field] = source[field];
	return picked;
}

function fromEnv(): SupabaseTestConnection | undefined {
	const picked: Partial<SupabaseTestConnection> = {};
	for (const field of FIELDS) {
		const value = process.env[SUPABASE_TEST_ENV[field]];
		if (!value) return undefined;
		picked[field] = value;
	}
	return picked as SupabaseTestConnection;
}

function fromFile(file: string): SupabaseTestConnection {
	const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
	if (typeof parsed !== 'object' || parsed === null) throw new Error(`${file} does not hold a JSON object`);
	const record = parsed as Record<string, unknown>;
	const picked: Partial<SupabaseTestConnection> = {};
	for (const field of FIELDS) {
		const value = record[field];
		if (typeof value !== 'string' || !value) throw new Error(`${file} lacks "${field}"`);
		picked[field] = value;
	}
	return picked as SupabaseTestConnection;
}

/**
 * The stack jest's globalSetup started (test/support/setup/globalSetup.ts). Throws when it is not running,
 * e.g. with RETELL_TEST_SUPABASE=off or outside jest.
 */
export function getSupabaseTestConnection(): SupabaseTestConnection {
	const env = fromEnv();
	if (env) return env;
	const file = process.env[SUPABASE_TEST_CONNECTION_FILE_ENV];
	if (file) return fromFile(file);
	const reason =
		process.env[SUPABASE_TEST_SWITCH_ENV] === 'off'
			? `${SUPABASE_TEST_SWITCH_ENV}=off disabled it`
			: 'run the test through jest (globalSetup starts it) or export the variables printed by ' +
				'`ts-node --transpile-only test/support/supabase-stack/cli.ts`';
	throw new Error(`The Supabase test stack is not running: ${reason}.`);
}

async function gatewayFetch(path: string, init?: RequestInit): Promise<Response> {
	const { url } = getSupabaseTestConnection();
	const response = await fetch(`${url}${path}`, init);
	if (!response.ok) throw new Error(`gateway ${init?.method ?? 'GET'} ${path}: HTTP ${response.status}`);
	return response;
}

/** Exchanges recorded by the gateway after `sinceSeq` (all kept ones by default). */
export async function getGatewayExchanges(sinceSeq = 0): Promise<GatewayExchange[]> {
	const response = await gatewayFetch(`${GATEWAY_RECORDING_PATH}?since=${sinceSeq}`);
	return (await response.json()) as GatewayExchange[];
}

/**
 * The sequence number of the latest exchange: take it before acting, then read
 * getGatewayExchanges(mark). Safer than clearing while other test files share the gateway.
 */
export async function getGatewaySeq(): Promise<number> {
	const response = await gatewayFetch(GATEWAY_SEQ_PATH);
	return ((await response.json()) as { seq: number }).seq;
}

