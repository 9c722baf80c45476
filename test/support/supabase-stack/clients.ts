import { createClient, type SupabaseClient } from '@supabase/supabase-js';

import { getSupabaseTestConnection } from './connection';

const serverSide = { auth: { persistSession: false, autoRefreshToken: false } };

/** A supabase-js client on the gateway with the given apikey (default: the service-role JWT). */
export function supabaseClient(apiKey?: string): SupabaseClient {
	const connection = getSupabaseTestConnection();
	return createClient(connection.url, apiKey ?? connection.serviceRoleKey, serverSide);
}

/** A signed-in end user: anon apikey plus the user's access token, as a browser client would send. */
export function userClient(accessToken?: string): SupabaseClient {
	const connection = getSupabaseTestConnection();
	return createClient(connection.url, connection.anonKey, {
		...serverSide,
		global: { headers: { Authorization: `Bearer ${accessToken ?? connection.authenticatedKey}` } },
	});
}

/** One item of retell_merge_call_sessions' report. */
export interface MergeReportItem {
	item_index: number;
	call_id: string | null;
	action: 'inserted' | 'updated' | 'unchanged' | 'error';
	session?: Record<string, unknown>;
	error?: { code: string; message: string };
}

/** retell_merge_call_sessions through PostgREST RPC, as the node calls it; any error answer throws. */
export async function mergeCallSessions(rows: Array<Record<string, unknown>>): Promise<MergeReportItem[]> {
	const { data, error, status } = await supabaseClient().rpc('retell_merge_call_sessions', { p_rows: rows });
	if (error !== null || status !== 200) throw new Error(`retell_merge_call_sessions answered ${status}: ${error?.message}`);
	return data as MergeReportItem[];
}
