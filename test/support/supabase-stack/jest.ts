import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
	connectionToEnv,
	pickConnection,
	SUPABASE_TEST_CONNECTION_FILE_ENV,
	SUPABASE_TEST_ENV,
	SUPABASE_TEST_SWITCH_ENV,
} from './connection';
import { startSupabaseStack, type SupabaseStack } from './stack';

interface JestSupabaseState {
	stack: SupabaseStack;
	file: string;
}

// globalSetup and globalTeardown share the jest parent process; test workers only see env and the file.
declare global {
	// eslint-disable-next-line no-var
	var __RETELL_SUPABASE_STACK__: JestSupabaseState | undefined;
}

/** For jest globalSetup: start the stack once and publish how to reach it. */
export async function setupSupabaseForJest(): Promise<void> {
	if (process.env[SUPABASE_TEST_SWITCH_ENV] === 'off' || globalThis.__RETELL_SUPABASE_STACK__) return;
	const stack = await startSupabaseStack(
		process.env.RETELL_TEST_SUPABASE_DEBUG ? { log: (line) => console.error(line) } : {},
	);
	const connection = pickConnection(stack);
	const file = join(tmpdir(), `n8n-retell-supabase-stack-${process.pid}.json`);
	writeFileSync(file, `${JSON.stringify(connection, null, 2)}\n`, { mode: 0o600 });
	Object.assign(process.env, connectionToEnv(connection), { [SUPABASE_TEST_CONNECTION_FILE_ENV]: file });
	globalThis.__RETELL_SUPABASE_STACK__ = { stack, file };
}

/** For jest globalTeardown. */
export async function teardownSupabaseForJest(): Promise<void> {
	const state = globalThis.__RETELL_SUPABASE_STACK__;
	if (!state) return;
	globalThis.__RETELL_SUPABASE_STACK__ = undefined;
	// In watch mode the next run must not find variables of a stopped stack.
	for (const name of [...Object.values(SUPABASE_TEST_ENV), SUPABASE_TEST_CONNECTION_FILE_ENV]) delete process.env[name];
	rmSync(state.file, { force: true });
	await state.stack.stop();
}
