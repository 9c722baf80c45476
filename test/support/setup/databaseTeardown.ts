import { teardownSupabaseForJest } from '../supabase-stack/jest';
import { removeUserFolder } from './userFolder';

export default async function databaseTeardown(): Promise<void> {
	await teardownSupabaseForJest();
	removeUserFolder();
}
