import { teardownSupabaseForJest } from '../backends/supabase/jest';

export default async function globalTeardown(): Promise<void> {
	await teardownSupabaseForJest();
}
