import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupSupabaseForJest } from '../backends/supabase/jest';

export default async function globalSetup(): Promise<void> {
	// One n8n user folder for the whole run (test workers inherit the variable), removed by globalTeardown; without
	// it every test file made its own in /tmp and left it there.
	if (process.env.N8N_USER_FOLDER === undefined) {
		process.env.N8N_USER_FOLDER = mkdtempSync(join(tmpdir(), 'n8n-retell-test-'));
		process.env.N8N_RETELL_TEST_OWN_USER_FOLDER = '1';
	}
	await setupSupabaseForJest();
}
