import { randomUUID } from 'node:crypto';

import { supabaseClient, userClient } from '../backends/supabase/clients';
import { getSupabaseTestConnection } from '../backends/supabase/connection';
import { closePg, pgQuery, uniqueId } from '../backends/supabase/db';
import { mintUserToken } from '../backends/supabase/jwt';

const connection = getSupabaseTestConnection();
const otherUserId = randomUUID();

interface Fixture {
	agentId: string;
	callId: string;
	leadId: string;
}

/** An agent owned by `ownerId`, one merged call session for it and one lead, written as the superuser. */
async function seed(ownerId: string | null): Promise<Fixture> {
	const retellAgentId = uniqueId('agent');
	const callId = uniqueId('call');
	const [agent] = await pgQuery<{ id: string }>(
		'insert into public.agents (retell_agent_id, owner_id) values ($1, $2) returning id',
		[retellAgentId, ownerId],
	);
	await pgQuery('select public.retell_merge_call_sessions($1::jsonb)', [
		JSON.stringify([{ call_id: callId, event: 'call_ended', retell_agent_id: retellAgentId, call_status: 'ended' }]),
	]);
	const [lead] = await pgQuery<{ id: string }>(
		"insert into public.leads (call_id, name) values ($1, 'Ada') returning id",
		[callId],
	);
	return { agentId: agent.id, callId, leadId: lead.id };
}

let mine: Fixture;
let theirs: Fixture;
let unowned: Fixture;

beforeAll(async () => {
	mine = await seed(connection.authenticatedUserId);
	theirs = await seed(otherUserId);
	unowned = await seed(null);
});

afterAll(async () => {
	await closePg();
});

const agentIds = (): string[] => [mine.agentId, theirs.agentId, unowned.agentId];
const callIds = (): string[] => [mine.callId, theirs.callId, unowned.callId];

describe('anon key', () => {
	const anon = () => supabaseClient(connection.anonKey);

	it.each(['agents', 'retell_call_sessions', 'leads'])('cannot read %s', async (table) => {
		const { data, error, status } = await anon().from(table).select('*');
		expect(status).toBe(401);
		expect(error?.code).toBe('42501');
		expect(data).toBeNull();
	});

	it('cannot write', async () => {
		const insert = await anon().from('agents').insert({ retell_agent_id: uniqueId('agent') });
		expect(insert.status).toBe(401);
		expect(insert.error?.code).toBe('42501');

		const update = await anon().from('retell_call_sessions').update({ call_status: 'error' }).eq('call_id', mine.callId);
		expect(update.status).toBe(401);
		expect(update.error?.code).toBe('42501');

		const remove = await anon().from('leads').delete().eq('id', mine.leadId);
		expect(remove.status).toBe(401);
		expect(remove.error?.code).toBe('42501');
	});

	it('cannot call the merge function', async () => {
		const { error, status } = await anon().rpc('retell_merge_call_sessions', {
			p_rows: [{ call_id: uniqueId('call'), call_status: 'ongoing' }],
		});
		expect(status).toBe(401);
		expect(error?.code).toBe('42501');
	});
});

describe('authenticated user', () => {
	it('reads only its own agents', async () => {
		const { data, error } = await userClient().from('agents').select('id').in('id', agentIds());
		expect(error).toBeNull();
		expect(data).toEqual([{ id: mine.agentId }]);
	});

	it("reads only its agents' call sessions and leads", async () => {
		const sessions = await userClient().from('retell_call_sessions').select('call_id').in('call_id', callIds());
		expect(sessions.error).toBeNull();
		expect(sessions.data).toEqual([{ call_id: mine.callId }]);

		const leads = await userClient().from('leads').select('id, call_id, agent_id').in('call_id', callIds());
		expect(leads.error).toBeNull();
		expect(leads.data).toEqual([{ id: mine.leadId, call_id: mine.callId, agent_id: mine.agentId }]);
	});

	it('another user sees only theirs', async () => {
		const client = userClient(mintUserToken(connection.jwtSecret, otherUserId));
		const { data } = await client.from('retell_call_sessions').select('call_id').in('call_id', callIds());
		expect(data).toEqual([{ call_id: theirs.callId }]);
	});

	it('cannot write, even to its own rows', async () => {
		const insert = await userClient().from('agents').insert({ retell_agent_id: uniqueId('agent') });
		expect(insert.status).toBe(403);
		expect(insert.error?.code).toBe('42501');

		const update = await userClient().from('agents').update({ name: 'mine now' }).eq('id', mine.agentId);
		expect(update.status).toBe(403);
		expect(update.error?.code).toBe('42501');

		const rpc = await userClient().rpc('retell_merge_call_sessions', {
			p_rows: [{ call_id: mine.callId, call_status: 'error' }],
		});
		expect(rpc.status).toBe(403);
		expect(rpc.error?.code).toBe('42501');
	});
});

describe('service role', () => {
	it('reads every row (BYPASSRLS)', async () => {
		const { data } = await supabaseClient().from('retell_call_sessions').select('call_id').in('call_id', callIds());
		expect((data ?? []).map((row: { call_id: string }) => row.call_id).sort()).toEqual([...callIds()].sort());
	});
});
