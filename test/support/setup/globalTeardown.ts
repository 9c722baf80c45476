import { rmSync } from 'node:fs';
import { teardownSupabaseForJest } from '../backends/supabase/jest';

export default async function globalTeardown(): Promise<void> {
	await teardownSupabaseForJest();
	if (process.env.N8N_RETELL_TEST_OWN_USER_FOLDER === '1' && process.env.N8N_USER_FOLDER) {
		rmSync(process.env.N8N_USER_FOLDER, { recursive: true, force: true });
	}
}
