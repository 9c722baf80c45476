import { randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';

import { supabaseClient, userClient } from '../support/supabase-stack/clients';
import { getSupabaseTestConnection } from '../support/supabase-stack/connection';
import { pgQuery, uniqueId } from '../support/supabase-stack/db';
import { mintUserToken } from '../support/supabase-stack/jwt';

/*
 * The principals of the database security matrix (rlsTables.db.test.ts, rlsFunctions.db.test.ts), what the
 * migration grants them, and the fixtures their cells act on, seeded and read back as the superuser.
 */

const connection = getSupabaseTestConnection();
export const ownerUserId = connection.authenticatedUserId;
export const otherUserId = randomUUID();

export type DatabaseRole = 'anon' | 'authenticated' | 'service_role';
export type TableName = 'agents' | 'retell_call_sessions' | 'leads';
export type Operation = 'select' | 'insert' | 'update' | 'delete';
export type Row = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------------
// What the migration says
// ---------------------------------------------------------------------------------------------------

/** `revoke all … from anon, authenticated; grant select … to authenticated; grant all … to service_role`. */
export const TABLE_PRIVILEGES: Record<DatabaseRole, readonly Operation[]> = {
	anon: [],
	authenticated: ['select'],
	service_role: ['select', 'insert', 'update', 'delete'],
};

/** service_role has BYPASSRLS; the others only see rows through the `*_owner_read` policies. */
export const BYPASSES_RLS: Record<DatabaseRole, boolean> = { anon: false, authenticated: false, service_role: true };

/**
 * `grant execute on function … to service_role`, after `revoke all … from public, anon, authenticated`; a function
 * also granted to others lists them in its FunctionSpec (rlsFunctions.ts).
 */
export const FUNCTION_EXECUTE_ROLES: readonly DatabaseRole[] = ['service_role'];

/** PostgREST answers 42501 with 401 to an anonymous request and 403 to one carrying a role's JWT. */
export const refusedStatus = (role: DatabaseRole): 401 | 403 => (role === 'anon' ? 401 : 403);

// ---------------------------------------------------------------------------------------------------
// Principals and fixtures
// ---------------------------------------------------------------------------------------------------

export interface Principal {
	name: string;
	role: DatabaseRole;
	/** auth.uid() of the requests, for the owner policies. */
	userId: string | null;
	client: () => SupabaseClient;
}

export const PRINCIPALS: readonly Principal[] = [
	{ name: 'anon key', role: 'anon', userId: null, client: () => supabaseClient(connection.anonKey) },
	{ name: 'owner (authenticated)', role: 'authenticated', userId: ownerUserId, client: () => userClient() },
	{
		name: 'other user (authenticated)',
		role: 'authenticated',
		userId: otherUserId,
		client: () => userClient(mintUserToken(connection.jwtSecret, otherUserId)),
	},
	{ name: 'service role', role: 'service_role', userId: null, client: () => supabaseClient() },
];

export interface Fixture {
	ownerId: string | null;
	agentId: string;
	retellAgentId: string;
	callId: string;
	/** null when seeded without a lead (the lead insert cells create it). */
	leadId: string | null;
}

/** An agent owned by `ownerId`, one merged call session for it and (unless told otherwise) one lead, as the superuser. */
export async function seed(ownerId: string | null, options: { lead: boolean } = { lead: true }): Promise<Fixture> {
	const retellAgentId = uniqueId('agent');
	const callId = uniqueId('call');
	const [agent] = await pgQuery<{ id: string }>(
		'insert into public.agents (retell_agent_id, owner_id) values ($1, $2) returning id',
		[retellAgentId, ownerId],
	);
	await pgQuery('select public.retell_merge_call_sessions($1::jsonb)', [
		JSON.stringify([{ call_id: callId, event: 'call_ended', retell_agent_id: retellAgentId, call_status: 'ended' }]),
	]);
	let leadId: string | null = null;
	if (options.lead) {
		const [lead] = await pgQuery<{ id: string }>("insert into public.leads (call_id, name) values ($1, 'Ada') returning id", [
			callId,
		]);
		leadId = lead.id;
	}
	return { ownerId, agentId: agent.id, retellAgentId, callId, leadId };
}

export interface FixtureSnapshot {
	agent: Row | null;
	session: Row | null;
	lead: Row | null;
}

/** The fixture's three rows exactly as stored. */
export async function snapshot(fixture: Fixture): Promise<FixtureSnapshot> {
	const [rows] = await pgQuery<FixtureSnapshot>(
		`select (select to_jsonb(a) from public.agents a where a.id = $1) as agent,
		        (select to_jsonb(s) from public.retell_call_sessions s where s.call_id = $2) as session,
		        (select to_jsonb(l) from public.leads l where l.id = $3) as lead`,
		[fixture.agentId, fixture.callId, fixture.leadId],
	);
	return rows;
}

export async function countWhere(table: TableName, column: string, value: string): Promise<number> {
	const [{ count }] = await pgQuery<{ count: string }>(`select count(*) from public.${table} where ${column} = $1`, [value]);
	return Number(count);
}
