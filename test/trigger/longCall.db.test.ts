import type { IDataObject } from 'n8n-workflow';

import { startWebhookServer, type WebhookServer } from '../support/harness';
import { closePg } from '../support/supabase-stack/db';
import { storedSessions, supabaseCredentials } from '../supabase/helpers';
import { expectStoredAsMapped } from '../supabase/storedColumns';
import { toSessionRow } from '../../nodes/shared/supabase/sessionRow';
import { post, provision, SAMPLE_CALL, useRetell } from './helpers';

/**
 * Retell's longest call is two hours (SDK 5.66.1 `max_call_duration_ms`: "maximum value allowed is 7,200,000"). Its
 * call_ended and call_analyzed events carry the transcript three ways, with a timing per word: several MB.
 */
const TWO_HOURS_MS = 7_200_000;
const N8N_PAYLOAD_SIZE_MAX = 16 * 1024 * 1024;

const account = useRetell();
let server: WebhookServer;

beforeAll(async () => {
	// Thousands of simulated turns: run them a million times faster than real time.
	account.emulator.setOptions({ timeScale: 1_000_000 });
	server = await startWebhookServer({
		trigger: { type: 'retellTrigger', parameters: { mode: 'callEvents', events: ['call_started', 'call_ended', 'call_analyzed'], acknowledge: 'afterWorkflow' } },
		nodes: [{ type: 'retellSupabase', parameters: { resource: 'session', operation: 'log' } }],
		credentials: { ...account.credentials, ...supabaseCredentials() },
	});
});

afterAll(async () => {
	await server.close();
	await closePg();
});

describe('Retell Trigger → Session → Log: a two-hour call', () => {
	it('accepts every event of the longest call Retell places and stores each of its fields exactly', async () => {
		const { phoneNumber } = await provision(account.client, { webhook_url: server.webhookUrl(), max_call_duration_ms: TWO_HOURS_MS });
		// The emulator talks until max_call_duration_ms for numbers ending in 99995.
		const created = await account.client.call.createPhoneCall({ from_number: phoneNumber, to_number: '+14155599995' });
		await account.emulator.simulateCall(created.call_id);
		await account.emulator.idle();
		await server.idle();

		const call = account.emulator.state.calls.get(created.call_id);
		expect(call).toMatchObject({ call_status: 'ended', duration_ms: TWO_HOURS_MS, disconnection_reason: 'max_duration_reached' });
		const words = (call?.transcript_object ?? []).reduce((sum, turn) => sum + turn.words.length, 0);
		expect(words).toBeGreaterThan(15_000);

		const deliveries = account.emulator.webhooks;
		expect(deliveries.map((hook) => [hook.event, hook.status, hook.attempt])).toEqual([
			['call_started', 200, 1],
			['call_ended', 200, 1],
			['call_analyzed', 200, 1],
		]);
		const analyzed = deliveries[2];
		expect(Buffer.byteLength(analyzed.body)).toBeGreaterThan(2 * 1024 * 1024);
		expect(server.executions.map((run) => run.status)).toEqual(['success', 'success', 'success']);

		const expected = toSessionRow(JSON.parse(analyzed.body) as IDataObject);
		const stored = (await storedSessions([created.call_id])).get(created.call_id);
		const { event, ...columns } = expected ?? { call_id: '' };
		expect(event).toBe('call_analyzed');
		expect(Object.keys(columns)).toEqual(expect.arrayContaining(['transcript', 'transcript_object', 'call_analysis', 'call_cost']));
		expectStoredAsMapped(stored, columns);
	});

	it("leaves bodies beyond n8n's own payload limit to n8n: 413, no execution", async () => {
		const runs = server.executions.length;
		const huge = JSON.stringify({ event: 'call_ended', call: { ...SAMPLE_CALL, transcript: 'x'.repeat(N8N_PAYLOAD_SIZE_MAX) } });
		const reply = await post(server.webhookUrl(), huge, { apiKey: account.emulator.apiKey });
		expect(reply.status).toBe(413);
		await server.idle();
		expect(server.executions).toHaveLength(runs);
	});
});

