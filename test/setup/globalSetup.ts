import { setupSupabaseForJest } from '../backends/supabase/jest';

export default async function globalSetup(): Promise<void> {
	await setupSupabaseForJest();
}
