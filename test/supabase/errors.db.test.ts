import { createServer } from 'node:net';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { getSupabaseTestConnection } from '../support/supabase-stack/connection';
import { closePg, pgQuery, uniqueId, withUnmigratedProject } from '../support/supabase-stack/db';
import type { WorkflowRun } from '../support/harness';
import { analyzedCall, countSessions, endedCall, outputOf, runSupabaseNode, supabaseCredentials } from './helpers';

afterAll(async () => {
	await closePg();
});

const MIGRATION = 'supabase/migrations/20261125000000_retell_call_logging.sql';

const LOG: INodeParameters = { resource: 'session', operation: 'log' };
const GET = (callId: string): INodeParameters => ({ resource: 'session', operation: 'get', callId });

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	await new Promise<void>((resolve) => server.close(() => resolve()));
	if (typeof address !== 'object' || address === null) throw new Error('no port');
	return address.port;
}

function expectNoSecret(run: WorkflowRun, secret: string): void {
	expect(JSON.stringify(run.error ?? null)).not.toContain(secret);
	expect(JSON.stringify(run.runData)).not.toContain(secret);
	expect(`${run.error?.message} ${run.error?.description}`).not.toContain(secret);
}

describe('Retell Supabase errors', () => {
	const agentId = uniqueId('agent');

	it('an anon key reads and writes nothing: a clear 401 for every operation, nothing stored', async () => {
		const { anonKey, publishableKey } = getSupabaseTestConnection();
		for (const serviceRole of [anonKey, publishableKey]) {
			const callId = uniqueId('call');
			const credentials = supabaseCredentials({ serviceRole });

			const log = await runSupabaseNode(LOG, { credentials, input: [{ event: 'call_ended', call: endedCall(callId, agentId) }] });
			expect(log.status).toBe('error');
			expect(log.error?.message).toBe('Permission denied on the function "retell_merge_call_sessions"');
			expect(log.error?.description).toContain('Use the service_role secret');
			expect(log.error).toMatchObject({ httpCode: '401' });
			expect(log.error?.context.itemIndex).toBe(0);
			expectNoSecret(log, serviceRole);
			expect(await countSessions([callId])).toBe(0);

			const get = await runSupabaseNode(GET(callId), { credentials });
			expect(get.error?.message).toBe('Permission denied on the table "retell_call_sessions"');
			expect(get.error).toMatchObject({ httpCode: '401' });

			const agent = await runSupabaseNode(
				{ resource: 'agent', operation: 'save', fields: { retellAgentId: agentId } },
				{ credentials },
			);
			expect(agent.error?.message).toBe('Permission denied on the table "agents"');

			const lead = await runSupabaseNode(
				{ resource: 'lead', operation: 'createFromCall' },
				{ credentials, input: [analyzedCall(callId, agentId)] },
			);
			expect(lead.error?.message).toBe('Permission denied on the table "leads"');
			expectNoSecret(lead, serviceRole);
		}
		const [{ count }] = await pgQuery<{ count: string }>('select count(*) from public.agents where retell_agent_id = $1', [
			agentId,
		]);
		expect(count).toBe('0');
	});

	it('a key the gateway does not know is rejected without echoing it', async () => {
		const bogus = `sb_secret_${uniqueId('bogus')}`;
		const run = await runSupabaseNode(LOG, {
			credentials: supabaseCredentials({ serviceRole: bogus }),
			input: [{ event: 'call_ended', call: endedCall(uniqueId('call'), agentId) }],
		});
		expect(run.error?.message).toBe('Supabase rejected the key: Invalid API key');
		expect(run.error?.description).toContain('Check the Service Role Secret');
		expect(run.error).toMatchObject({ httpCode: '401' });
		expectNoSecret(run, bogus);
	});

	it('an unreachable host says so (and Continue On Fail turns it into error items)', async () => {
		const { serviceRoleKey } = getSupabaseTestConnection();
		const host = `http://127.0.0.1:${await closedPort()}`;
		const credentials = supabaseCredentials({ host: `${host}/` });
		const input: IDataObject[] = [
			{ event: 'call_ended', call: endedCall(uniqueId('call'), agentId) },
			{ event: 'call_ended', call: endedCall(uniqueId('call'), agentId) },
		];
		const run = await runSupabaseNode(LOG, { credentials, input });
		expect(run.error?.message).toBe(`Could not reach Supabase at ${host}`);
		expect(run.error?.description).toContain('ECONNREFUSED');
		expectNoSecret(run, serviceRoleKey);

		const tolerated = await runSupabaseNode(LOG, { credentials, input, continueOnFail: true });
		expect(outputOf(tolerated)).toEqual([
			expect.objectContaining({ error: `Could not reach Supabase at ${host}` }),
			expect.objectContaining({ error: `Could not reach Supabase at ${host}` }),
		]);
		expect(tolerated.items().map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('a Host that is not a URL fails before any request', async () => {
		const run = await runSupabaseNode(GET('call_x'), { credentials: supabaseCredentials({ host: 'my-project' }) });
		expect(run.error?.message).toBe('The Host in the Retell Supabase API credential is not a URL');
	});

	it('a project without the migration names the file to run, for the function and for the tables', async () => {
		const connection = getSupabaseTestConnection();
		await withUnmigratedProject(async (projectUrl) => {
			const credentials = supabaseCredentials({ host: projectUrl });

			const log = await runSupabaseNode(LOG, {
				credentials,
				input: [{ event: 'call_ended', call: endedCall(uniqueId('call'), agentId) }],
			});
			expect(log.error?.message).toBe(
				'The Retell schema is not installed: the function "retell_merge_call_sessions" is missing',
			);
			expect(log.error?.description).toContain(MIGRATION);
			expect(log.error?.description).toContain('psql');
			expect(log.error?.description).toContain('SQL Editor');
			expect(log.error?.description).toContain('PGRST202');
			expect(log.error).toMatchObject({ httpCode: '404' });

			const get = await runSupabaseNode(GET('call_x'), { credentials });
			expect(get.error?.message).toBe('The Retell schema is not installed: the table "retell_call_sessions" is missing');
			expect(get.error?.description).toContain(MIGRATION);

			const lead = await runSupabaseNode(
				{ resource: 'lead', operation: 'createFromCall', leadFields: { callId: 'call_x' } },
				{ credentials },
			);
			expect(lead.error?.message).toBe('The Retell schema is not installed: the table "leads" is missing');
			expectNoSecret(lead, connection.serviceRoleKey);
		});
	});
});
