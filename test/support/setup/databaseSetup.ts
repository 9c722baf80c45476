import { setupSupabaseForJest } from '../supabase-stack/jest';
import { createUserFolder } from './userFolder';

/** The `database` project (`*.db.test.ts`): PostgreSQL + PostgREST + the gateway, started once for its files. */
export default async function databaseSetup(): Promise<void> {
	createUserFolder();
	await setupSupabaseForJest();
}
