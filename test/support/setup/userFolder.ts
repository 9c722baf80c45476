import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * One n8n user folder for the whole run (test workers inherit the variable); without it every test file made its
 * own in /tmp and left it there. Both jest projects call these; the first to run creates it, its teardown removes it.
 */
export function createUserFolder(): void {
	if (process.env.N8N_USER_FOLDER !== undefined) return;
	process.env.N8N_USER_FOLDER = mkdtempSync(join(tmpdir(), 'n8n-retell-test-'));
	process.env.N8N_RETELL_TEST_OWN_USER_FOLDER = '1';
}

export function removeUserFolder(): void {
	if (process.env.N8N_RETELL_TEST_OWN_USER_FOLDER !== '1' || !process.env.N8N_USER_FOLDER) return;
	rmSync(process.env.N8N_USER_FOLDER, { recursive: true, force: true });
	delete process.env.N8N_USER_FOLDER;
	delete process.env.N8N_RETELL_TEST_OWN_USER_FOLDER;
}
