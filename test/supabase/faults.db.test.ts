import { getSupabaseTestConnection } from '../support/supabase-stack/connection';
import { startWebhookServer, type WebhookServer } from '../support/harness';
import { post } from '../trigger/helpers';
import { closePg, uniqueId } from '../support/supabase-stack/db';
import { startFaultProxy, type FaultProxy } from '../support/faults/proxy';
import { countSessions, endedCall, logSessions, outputOf, supabaseCredentials } from './helpers';

let proxy: FaultProxy;

beforeAll(async () => {
	proxy = await startFaultProxy(getSupabaseTestConnection().url);
});

afterEach(async () => {
	await proxy.set({ kind: 'pass' });
});

afterAll(async () => {
	await proxy.stop();
	await closePg();
});

const agentId = uniqueId('agent');
const ended = (callId: string) => ({ event: 'call_ended', call: endedCall(callId, agentId) });
const through = (requestTimeout?: number) => ({ credentials: supabaseCredentials({ host: proxy.url, requestTimeout }) });

describe('Retell Supabase under database faults', () => {
	it('rides out a gateway answering 503 twice: the merge is sent again and the item is logged once', async () => {
		const callId = uniqueId('call');
		await proxy.set({ kind: 'status', status: 503, count: 2 });
		const before = proxy.received();
		const run = await logSessions([ended(callId)], {}, through());
		expect(outputOf(run)).toEqual([expect.objectContaining({ action: 'inserted', call_id: callId })]);
		expect(proxy.received() - before).toBe(3);
		expect(await countSessions([callId])).toBe(1);
	});

	it('rides out a database that refuses connections for a moment', async () => {
		const callId = uniqueId('call');
		await proxy.set({ kind: 'refuse' });
		const healed = new Promise<void>((resolve) => setTimeout(() => void proxy.set({ kind: 'pass' }).then(resolve), 700));
		const run = await logSessions([ended(callId)], {}, through());
		await healed;
		expect(outputOf(run)).toEqual([expect.objectContaining({ action: 'inserted', call_id: callId })]);
	});

	it('gives up at the Request Timeout when the database hangs, and says that Retell sends the event again', async () => {
		const callId = uniqueId('call');
		await proxy.set({ kind: 'stall' });
		const run = await logSessions([ended(callId)], {}, through(1));
		expect(run.error?.message).toBe(`Supabase at ${proxy.url} did not answer within 1 s`);
		expect(run.error?.description).toContain('Retell send the event again');
		expect(run.error?.context.itemIndex).toBe(0);
		// Not written when the error was given; a database that wakes up later may still carry it out.
		expect(await countSessions([callId])).toBe(0);
	});

	it('names an outage that outlasts the Request Timeout as one, with Continue On Fail giving error items', async () => {
		await proxy.set({ kind: 'status', status: 503 });
		const input = [ended(uniqueId('call')), ended(uniqueId('call'))];
		const started = proxy.received();
		const run = await logSessions(input, {}, { ...through(1), continueOnFail: true });
		const message = `Supabase at ${proxy.url} is unavailable: The upstream server is currently unavailable`;
		expect(outputOf(run)).toEqual([expect.objectContaining({ error: message }), expect.objectContaining({ error: message })]);
		// Tried again with growing pauses (0.25 s, 0.5 s) until the second ran out.
		expect(proxy.received() - started).toBeGreaterThanOrEqual(2);

		const failed = await logSessions(input, {}, through(1));
		expect(failed.error?.message).toBe(message);
		expect(failed.error?.description).toContain('nothing was written by this request');
		expect(failed.error).toMatchObject({ httpCode: '503' });
	});

	it('names Supabase, its host and the cause when the connection is refused', async () => {
		await proxy.set({ kind: 'refuse' });
		const run = await logSessions([ended(uniqueId('call'))], {}, through(1));
		expect(run.error?.message).toBe(`Could not reach Supabase at ${proxy.url}`);
		expect(run.error?.description).toContain('ECONNREFUSED');
		expect(run.error?.description).toContain('Retell send the event again');
	});

	it('keeps its message when a proxy\'s answer names a Node error code (n8n would say "perhaps it is offline")', async () => {
		await proxy.set({ kind: 'status', status: 502, message: 'connect ECONNREFUSED 10.0.0.5:3000' });
		const run = await logSessions([ended(uniqueId('call'))], {}, through(1));
		expect(run.error?.message).toBe(`Supabase at ${proxy.url} is unavailable: connect ECONNREFUSED 10.0.0.5:3000`);
	});

	// The body PostgREST 12.0.2 gave a merge whose session PostgreSQL's fast shutdown ended (recorded on this stack).
	const LOST_SESSION = { code: '', details: null, hint: null, message: '' };

	it("rides out PostgREST's codeless 400 of a session PostgreSQL ended, and names it when it lasts", async () => {
		const callId = uniqueId('call');
		await proxy.set({ kind: 'status', status: 400, count: 1, body: LOST_SESSION });
		const before = proxy.received();
		const run = await logSessions([ended(callId)], {}, through());
		expect(outputOf(run)).toEqual([expect.objectContaining({ action: 'inserted', call_id: callId })]);
		expect(proxy.received() - before).toBe(2);

		await proxy.set({ kind: 'status', status: 400, body: LOST_SESSION });
		const failed = await logSessions([ended(uniqueId('call'))], {}, through(1));
		expect(failed.error?.message).toBe(
			`Supabase at ${proxy.url} is unavailable: the database session ended during the request (PostgREST answered 400 without an error code)`,
		);
		expect(failed.error?.description).toContain('Retell send the event again');
	});

	it('does not send a request again that PostgREST refused with a code: it would be refused again', async () => {
		await proxy.set({ kind: 'status', status: 400, count: 1, body: { code: '22P02', details: null, hint: null, message: 'invalid input syntax for type json' } });
		const before = proxy.received();
		const run = await logSessions([ended(uniqueId('call'))], {}, through());
		expect(run.error?.message).toBe('Supabase: invalid input syntax for type json');
		expect(proxy.received() - before).toBe(1);
	});

	describe('behind a Retell Trigger that answers after the workflow', () => {
		const apiKey = 'key_faults_test_0123456789';
		let server: WebhookServer | undefined;

		afterEach(async () => {
			await server?.close();
			server = undefined;
		});

		/** Trigger → Log → Log, each request 4 s late, a Request Timeout of 6 s: 2 s of slack for a loaded machine either way. */
		async function twoSlowSteps(acknowledge: 'afterWorkflow' | 'immediately') {
			server = await startWebhookServer({
				trigger: { type: 'retellTrigger', parameters: { mode: 'callEvents', events: ['call_ended'], acknowledge } },
				nodes: [
					{ name: 'Log', type: 'retellSupabase', parameters: { resource: 'session', operation: 'log' } },
					{ name: 'Log again', type: 'retellSupabase', parameters: { resource: 'session', operation: 'log' } },
				],
				credentials: { retellApi: { apiKey }, ...through(6).credentials },
			});
			await proxy.set({ kind: 'delay', ms: 4_000 });
			await post(server.webhookUrl(), JSON.stringify(ended(uniqueId('call'))), { apiKey });
			await server.idle();
			return server.executions[0];
		}

		it('gives all Supabase requests of the execution one Request Timeout, so the answer comes within Retell\'s 10 s', async () => {
			const execution = await twoSlowSteps('afterWorkflow');
			expect(execution.error?.message).toBe(`Supabase at ${proxy.url} did not answer within 6 s`);

			// The next execution has a deadline of its own, not the one that just ran out.
			await proxy.set({ kind: 'pass' });
			await post(server?.webhookUrl() ?? '', JSON.stringify(ended(uniqueId('call'))), { apiKey });
			await server?.idle();
			expect(server?.executions[1]?.status).toBe('success');
		});

		it('gives each request its own when Retell is not waiting (Acknowledge: Immediately)', async () => {
			const execution = await twoSlowSteps('immediately');
			expect(execution.status).toBe('success');
		});
	});
});
