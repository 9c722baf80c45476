import { supabaseClient, type MergeReportItem } from '../support/supabase-stack/clients';
import {
	getGatewayExchanges,
	getGatewaySeq,
	getSupabaseTestConnection,
} from '../support/supabase-stack/connection';
import { closePg, pgQuery, uniqueId } from '../support/supabase-stack/db';
import { GATEWAY_RECORDING_PATH, startGateway } from '../support/supabase-stack/gateway';
import { mintServiceRoleKey } from '../support/supabase-stack/jwt';
import { freePort } from '../support/supabase-stack/proc';

const connection = getSupabaseTestConnection();

afterAll(async () => {
	await closePg();
});

describe('supabase-js → gateway → PostgREST → PostgreSQL', () => {
	it('inserts an agent, upserts a session and reads it back', async () => {
		const client = supabaseClient();
		const retellAgentId = uniqueId('agent');
		const callId = uniqueId('call');

		const agent = await client
			.from('agents')
			.insert({ name: 'Front desk', retell_agent_id: retellAgentId })
			.select()
			.single();
		expect(agent.error).toBeNull();
		expect(agent.status).toBe(201);
		expect(agent.data).toMatchObject({ retell_agent_id: retellAgentId, provider_type: 'retell', owner_id: null });

		const upsert = await client
			.from('retell_call_sessions')
			.upsert({ call_id: callId, retell_agent_id: retellAgentId, call_status: 'ongoing' }, { onConflict: 'call_id' })
			.select();
		expect(upsert.error).toBeNull();
		expect(upsert.status).toBe(201);

		const again = await client
			.from('retell_call_sessions')
			.upsert({ call_id: callId, duration_ms: 1200 }, { onConflict: 'call_id' })
			.select();
		expect(again.status).toBe(200);

		const read = await client.from('retell_call_sessions').select('*').eq('call_id', callId).maybeSingle();
		expect(read.error).toBeNull();
		expect(read.data).toMatchObject({ call_id: callId, call_status: 'ongoing', duration_ms: 1200 });
	});

	it('merges rows through rpc() and links the session to its agent', async () => {
		const client = supabaseClient();
		const retellAgentId = uniqueId('agent');
		const callId = uniqueId('call');
		const agent = await client.from('agents').insert({ retell_agent_id: retellAgentId }).select('id').single();
		expect(agent.error).toBeNull();

		const { data, error, status } = await client.rpc('retell_merge_call_sessions', {
			p_rows: [
				{ call_id: callId, event: 'call_started', retell_agent_id: retellAgentId, call_status: 'ongoing' },
				{ call_id: callId, event: 'call_ended', call_status: 'ended', duration_ms: 5000 },
			],
		});
		expect(error).toBeNull();
		expect(status).toBe(200);
		const report = data as MergeReportItem[];
		expect(report.map((item) => item.action)).toEqual(['inserted', 'updated']);
		expect(report[1].session).toMatchObject({
			call_id: callId,
			agent_id: (agent.data as { id: string }).id,
			call_status: 'ended',
			duration_ms: 5000,
			last_event: 'call_ended',
		});
	});
});

describe('gateway', () => {
	const restUrl = `${connection.url}/rest/v1/agents?select=id&limit=1`;

	it('answers 401 with Kong JSON without an apikey', async () => {
		const response = await fetch(restUrl);
		expect(response.status).toBe(401);
		expect(await response.json()).toEqual({
			message: 'No API key found in request',
			hint: 'No `apikey` request header or url param was found.',
		});
	});

	it('answers 401 for an unknown apikey, even a JWT signed with another secret', async () => {
		for (const key of ['not-a-key', mintServiceRoleKey('another-secret-another-secret-1234')]) {
			const response = await fetch(restUrl, { headers: { apikey: key } });
			expect(response.status).toBe(401);
			expect(await response.json()).toEqual({
				message: 'Invalid API key',
				hint: 'Double check your Supabase `anon` or `service_role` API key.',
			});
		}
	});

	it('passes PostgREST JWT errors through for a bad bearer token', async () => {
		const response = await fetch(restUrl, {
			headers: {
				apikey: connection.serviceRoleKey,
				Authorization: `Bearer ${mintServiceRoleKey('another-secret-another-secret-1234')}`,
			},
		});
		expect(response.status).toBe(401);
		expect(await response.json()).toMatchObject({ code: 'PGRST301' });
	});

	it('accepts the apikey as a url parameter and hides it from PostgREST', async () => {
		const response = await fetch(`${restUrl}&apikey=${connection.serviceRoleKey}`, {
			headers: { Authorization: `Bearer ${connection.serviceRoleKey}` },
		});
		expect(response.status).toBe(200);
	});

	it('swaps the new-style secret key for the service-role JWT', async () => {
		const client = supabaseClient(connection.secretKey);
		const retellAgentId = uniqueId('agent');
		const insert = await client.from('agents').insert({ retell_agent_id: retellAgentId }).select().single();
		expect(insert.error).toBeNull();
		const read = await client.from('agents').select('retell_agent_id').eq('retell_agent_id', retellAgentId);
		expect(read.data).toEqual([{ retell_agent_id: retellAgentId }]);
	});

	it('treats the publishable key as anon', async () => {
		const { error, status } = await supabaseClient(connection.publishableKey).from('agents').select('id');
		expect(status).toBe(401);
		expect(error?.code).toBe('42501');
	});

	it('serves the PostgREST root at /rest/v1/ (the credential test of the Supabase node)', async () => {
		const response = await fetch(`${connection.url}/rest/v1/`, {
			headers: { apikey: connection.serviceRoleKey, Authorization: `Bearer ${connection.serviceRoleKey}` },
		});
		expect(response.status).toBe(200);
		const body = (await response.json()) as { paths?: Record<string, unknown> };
		expect(Object.keys(body.paths ?? {})).toEqual(expect.arrayContaining(['/retell_call_sessions', '/leads']));
	});

	it('answers 404 outside /rest/v1', async () => {
		for (const path of ['/auth/v1/user', '/storage/v1/object', '/rest/v10/agents', '/']) {
			const response = await fetch(`${connection.url}${path}`, { headers: { apikey: connection.serviceRoleKey } });
			expect(response.status).toBe(404);
		}
	});

	it('records every exchange for assertions', async () => {
		const mark = await getGatewaySeq();
		const callId = uniqueId('call');
		const { error } = await supabaseClient()
			.from('retell_call_sessions')
			.upsert({ call_id: callId, call_status: 'registered' }, { onConflict: 'call_id' });
		expect(error).toBeNull();

		const exchanges = (await getGatewayExchanges(mark)).filter((item) => item.body.includes(callId));
		expect(exchanges).toHaveLength(1);
		const [exchange] = exchanges;
		expect(exchange.seq).toBeGreaterThan(mark);
		expect(exchange.method).toBe('POST');
		expect(exchange.url).toBe('/rest/v1/retell_call_sessions?on_conflict=call_id');
		expect(exchange.headers.prefer).toBe('resolution=merge-duplicates');
		expect(exchange.headers.apikey).toBe(connection.serviceRoleKey);
		expect(JSON.parse(exchange.body)).toEqual({ call_id: callId, call_status: 'registered' });
		expect(exchange.status).toBe(201);
		expect(exchange.resBody).toBe('');
	});

	it('answers 502 when PostgREST is down, and can clear its recording', async () => {
		const gateway = await startGateway({
			upstream: `http://127.0.0.1:${await freePort()}`,
			apiKeys: { 'local-key': null },
		});
		try {
			const response = await fetch(`${gateway.url}/rest/v1/agents`, { headers: { apikey: 'local-key' } });
			expect(response.status).toBe(502);

			const recorded = await fetch(`${gateway.url}${GATEWAY_RECORDING_PATH}`);
			expect(((await recorded.json()) as unknown[]).length).toBe(1);
			expect((await fetch(`${gateway.url}${GATEWAY_RECORDING_PATH}`, { method: 'DELETE' })).status).toBe(204);
			expect(gateway.exchanges()).toEqual([]);
		} finally {
			await gateway.stop();
		}
	});
});

describe('database access for assertions', () => {
	it('runs SQL as the superuser', async () => {
		const [row] = await pgQuery<{ role: string; tz: string }>(
			"select current_user as role, current_setting('TimeZone') as tz",
		);
		expect(row).toEqual({ role: 'postgres', tz: 'UTC' });
	});
});
