import { Agent } from 'node:http';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { mapWithConcurrency } from '../../nodes/shared/concurrency';
import { toSessionRow } from '../../nodes/shared/supabase/sessionRow';
import { checkRows, prng, shuffledDeliveries } from '../reliability/calls';
import { startFaultProxy, type FaultProxy } from '../support/faults/proxy';
import { startWebhookServer, type WebhookServer } from '../support/harness';
import { signRetellBody } from '../support/retell-emulator';
import { getGatewayExchanges, getGatewaySeq, getSupabaseTestConnection } from '../support/supabase-stack/connection';
import { closePg, uniqueId } from '../support/supabase-stack/db';
import { countSessions, storedSessions, supabaseCredentials } from '../supabase/helpers';
import { expectStoredAsMapped } from '../supabase/storedColumns';
import { post, provision, runCall, sendRaw, useRetell, type Reply } from './helpers';

const account = useRetell();
let proxy: FaultProxy;
let server: WebhookServer | undefined;

beforeAll(async () => {
	proxy = await startFaultProxy(getSupabaseTestConnection().url);
});

afterEach(async () => {
	await proxy.set({ kind: 'pass' });
	await server?.close();
	server = undefined;
});

afterAll(async () => {
	await proxy.stop();
	await closePg();
});

/** Every test reaches Supabase through the proxy (passing unless a test breaks it), with a 1 s Request Timeout. */
async function startLogging(parameters: INodeParameters = {}, serviceRole?: string): Promise<WebhookServer> {
	server = await startWebhookServer({
		trigger: {
			type: 'retellTrigger',
			parameters: { mode: 'callEvents', logEvents: true, events: ['call_analyzed'], ...parameters },
			// Another key is another saved credential: the node reads credentials once a minute per credential.
			credentialIds: serviceRole ? { retellSupabaseApi: 'supabase-other-key' } : undefined,
		},
		credentials: { ...account.credentials, ...supabaseCredentials({ host: proxy.url, requestTimeout: 1, serviceRole }) },
	});
	return server;
}

const deliver = async (body: IDataObject | string): Promise<Reply> =>
	await post(serverOf().webhookUrl(), typeof body === 'string' ? body : JSON.stringify(body), { apiKey: account.emulator.apiKey });

function serverOf(): WebhookServer {
	if (!server) throw new Error('no trigger running');
	return server;
}

const endedEvent = (callId: string): IDataObject => ({
	event: 'call_ended',
	call: { call_id: callId, agent_id: 'agent_door', call_status: 'ended', direction: 'outbound', duration_ms: 61_000 },
});

describe('Retell Trigger → Log Events to Supabase', () => {
	it('stores every event of a call before answering it, and starts the workflow only for call_analyzed', async () => {
		const { agentId, phoneNumber } = await provision(account.client);
		await startLogging({ registration: 'agent', agentId: { mode: 'id', value: agentId } });
		expect(await serverOf().runHook('create')).toBe(true);
		// The agent is told to send what starts the workflow and what is logged (by default every call event).
		expect(account.emulator.state.agents.get(agentId)?.webhook_events).toEqual(
			expect.arrayContaining(['call_started', 'transcript_updated', 'call_ended', 'call_analyzed']),
		);

		const callId = await runCall(account, phoneNumber);
		await serverOf().idle();

		const deliveries = account.emulator.webhooks.filter((hook) => hook.body.includes(callId));
		expect(deliveries.filter((hook) => hook.event === 'transcript_updated').length).toBeGreaterThan(1);
		expect(deliveries.every((hook) => hook.status === 200 && hook.attempt === 1)).toBe(true);
		// Every event but call_analyzed was answered by the trigger itself (logged, nothing started); call_analyzed
		// by n8n as the workflow started (Acknowledge: Immediately, no body).
		const answers = serverOf().exchanges.map((exchange) => exchange.body);
		expect(answers).toHaveLength(deliveries.length);
		expect(answers.slice(0, -1).map((body) => JSON.parse(body) as unknown)).toEqual(
			deliveries.slice(0, -1).map((_, index) => ({
				received: true,
				started: false,
				logged: index === 0 ? 'inserted' : expect.stringMatching(/^(updated|unchanged)$/),
			})),
		);
		expect(answers[answers.length - 1]).toBe('');

		expect(serverOf().executions).toHaveLength(1);
		const [item] = serverOf().executions[0].json();
		expect(item).toMatchObject({ event: 'call_analyzed', call_id: callId, session_log: { action: 'updated', first_delivery: true } });

		const analyzed = toSessionRow(JSON.parse(deliveries[deliveries.length - 1].body) as IDataObject);
		const { event: _event, ...columns } = analyzed ?? { call_id: '' };
		expectStoredAsMapped((await storedSessions([callId])).get(callId), columns);
		expect(await serverOf().runHook('delete')).toBe(true);
	});

	it('says when a delivery repeats one already stored', async () => {
		await startLogging({ events: ['call_ended'] });
		const callId = uniqueId('call');
		expect((await deliver(endedEvent(callId))).status).toBe(200);
		expect((await deliver(endedEvent(callId))).status).toBe(200);
		await serverOf().idle();
		expect(serverOf().executions.map((run) => run.json()[0].session_log)).toEqual([
			{ action: 'inserted', first_delivery: true },
			{ action: 'unchanged', first_delivery: false },
		]);
		expect(await countSessions([callId])).toBe(1);
	});

	it('merges events that arrive together in shared requests, and every row ends exact', async () => {
		await startLogging();
		const calls = account.emulator.seedCalls(25, { agent_id: uniqueId('agent'), start_timestamp: Date.now() - 3_600_000 });
		const deliveries = shuffledDeliveries(calls, 0.2, prng(20));
		const seq = await getGatewaySeq();
		const keepAlive = new Agent({ keepAlive: true, maxSockets: 40 });
		const statuses: number[] = [];
		await mapWithConcurrency(deliveries.length, 40, async (index) => {
			const body = Buffer.from(deliveries[index].body);
			const reply = await sendRaw(
				serverOf().webhookUrl(),
				body,
				{ 'content-type': 'application/json', 'x-retell-signature': signed(deliveries[index].body) },
				{ agent: keepAlive },
			);
			statuses.push(reply.status);
		});
		keepAlive.destroy();
		await serverOf().idle();

		expect(statuses).toEqual(deliveries.map(() => 200));
		expect(await checkRows(getSupabaseTestConnection().databaseUrl, calls)).toEqual({ calls: 25, missing: 0, wrong: 0, wrongColumns: {} });
		const analyzedDeliveries = deliveries.filter((delivery) => delivery.event === 'call_analyzed').length;
		expect(serverOf().executions).toHaveLength(analyzedDeliveries);
		// One merge request per event would be deliveries.length (90); concurrent events share requests.
		const ids = calls.map((call) => call.call_id);
		const requests = (await getGatewayExchanges(seq)).filter(
			(exchange) => exchange.url.startsWith('/rest/v1/rpc/retell_merge_call_sessions') && ids.some((id) => exchange.body.includes(id)),
		).length;
		expect(requests).toBeGreaterThan(0);
		expect(requests).toBeLessThan(deliveries.length / 2);
	});

	it('answers 503 when Supabase is unavailable: no execution, nothing stored, and Retell\'s retry stores it', async () => {
		await startLogging();
		const callId = uniqueId('call');
		const analyzed = { event: 'call_analyzed', call: { ...endedEvent(callId).call as IDataObject, call_analysis: { call_successful: true } } };
		await proxy.set({ kind: 'status', status: 503 });

		const refused = await deliver(analyzed);
		expect(refused.status).toBe(503);
		expect(JSON.parse(refused.text)).toEqual({ message: expect.stringContaining('Retell sends the event again') });
		expect(refused.text).not.toContain(getSupabaseTestConnection().serviceRoleKey);
		await serverOf().idle();
		expect(serverOf().executions).toHaveLength(0);
		expect(await countSessions([callId])).toBe(0);

		await proxy.set({ kind: 'pass' });
		expect((await deliver(analyzed)).status).toBe(200);
		await serverOf().idle();
		expect(serverOf().executions).toHaveLength(1);
		expect(await countSessions([callId])).toBe(1);
	});

	it("answers 503 within the credential's Request Timeout when Supabase stalls, before Retell's own timeout", async () => {
		await startLogging({ events: [] });
		await proxy.set({ kind: 'stall' });
		// Two merges go out at once and stall; the events behind them are answered when their own time is up.
		const replies = await Promise.all([1, 2, 3, 4, 5].map(async () => await deliver(endedEvent(uniqueId('call')))));
		expect(replies.map((reply) => reply.status)).toEqual([503, 503, 503, 503, 503]);
		for (const reply of replies) expect(JSON.parse(reply.text).message).toMatch(/did not answer within 1 s|in time/);
	});

	it('stores nothing for what it refuses: unsigned (401), no call_id (400), and events outside both lists (200)', async () => {
		await startLogging({ loggedEvents: ['call_ended'], events: ['call_analyzed'] });
		const unsignedId = uniqueId('call');
		const unsigned = await post(serverOf().webhookUrl(), JSON.stringify(endedEvent(unsignedId)), { signature: null });
		expect(unsigned.status).toBe(401);

		const noCall = await deliver({ event: 'call_ended', call: { call_status: 'ended' } });
		expect(noCall.status).toBe(400);
		expect(JSON.parse(noCall.text).message).toMatch(/call_id/);

		const startedId = uniqueId('call');
		const notLogged = await deliver({ event: 'call_started', call: { call_id: startedId, call_status: 'ongoing' } });
		expect([notLogged.status, JSON.parse(notLogged.text)]).toEqual([200, { received: true, started: false }]);

		await serverOf().idle();
		expect(serverOf().executions).toHaveLength(0);
		expect(await countSessions([unsignedId, startedId])).toBe(0);
	});

	it('runs the workflow unlogged for a chosen event outside Events to Log', async () => {
		await startLogging({ loggedEvents: ['call_ended'], events: ['call_analyzed'] });
		const callId = uniqueId('call');
		expect((await deliver({ event: 'call_analyzed', call: { call_id: callId, call_status: 'ended' } })).status).toBe(200);
		await serverOf().idle();
		expect(serverOf().executions[0].json()[0]).not.toHaveProperty('session_log');
		expect(await countSessions([callId])).toBe(0);
	});

	it('answers 500 naming the key problem when Supabase rejects the key, and shows the key nowhere', async () => {
		const wrongKey = 'sb_secret_wrong_0123456789abcdef';
		await startLogging({}, wrongKey);
		const callId = uniqueId('call');
		const reply = await deliver(endedEvent(callId));
		expect(reply.status).toBe(500);
		expect(JSON.parse(reply.text).message).toMatch(/Supabase rejected the key/);
		expect(reply.text).not.toContain(wrongKey);
		await serverOf().idle();
		expect(serverOf().executions).toHaveLength(0);
		expect(await countSessions([callId])).toBe(0);
	});
});

function signed(body: string): string {
	// Each delivery is signed when it is sent, as Retell signs each attempt.
	return signRetellBody(body, account.emulator.apiKey, Date.now());
}
