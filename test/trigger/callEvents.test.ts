import type { WebhookServer } from '../support/harness';
import { CALL_EVENTS } from '../../nodes/shared/retell/events';
import { post, provision, runCall, SAMPLE_CALL, startTrigger, useRetell } from './helpers';

const account = useRetell();
let server: WebhookServer | undefined;

afterEach(async () => {
	await server?.close();
	server = undefined;
	account.emulator.reset();
});

/** An agent that sends every event to the trigger, whatever the trigger selects. */
async function agentSendingEverythingTo(url: string) {
	return await provision(account.client, { webhook_url: url, webhook_events: [...CALL_EVENTS] });
}

describe('Retell Trigger: call events from the emulated call lifecycle', () => {
	it('starts one execution per selected event, flat, and acknowledges the others without one', async () => {
		server = await startTrigger(account, { mode: 'callEvents' });
		expect(server.webhookUrl()).toMatch(/\/webhook\/[0-9a-f-]+\/events$/);
		const { phoneNumber } = await agentSendingEverythingTo(server.webhookUrl());

		const callId = await runCall(account, phoneNumber);
		await server.idle();

		const deliveries = account.emulator.webhooks;
		expect(deliveries.map((hook) => hook.event)).toEqual(expect.arrayContaining(['call_started', 'transcript_updated', 'call_ended', 'call_analyzed']));
		expect(deliveries.every((hook) => hook.status === 200 && hook.attempt === 1)).toBe(true);

		const items = server.executions.map((run) => run.json()[0]);
		expect(items.map((item) => item.event)).toEqual(['call_started', 'call_ended', 'call_analyzed']);
		for (const item of items) {
			expect(item).toMatchObject({ call_id: callId, agent_id: expect.stringMatching(/^agent_/) });
			expect(item).not.toHaveProperty('call');
		}
		expect(items[1]).not.toHaveProperty('call_analysis');
		expect(items[2]).toHaveProperty('call_analysis.call_summary');

		const ignored = server.exchanges.filter((exchange) => exchange.execution === undefined);
		expect(ignored.length).toBe(deliveries.filter((hook) => hook.event === 'transcript_updated').length);
		expect(ignored.every((exchange) => exchange.status === 200)).toBe(true);
	});

	it('acknowledging immediately: a failing workflow still answers 200, so Retell does not retry', async () => {
		server = await startTrigger(account, { mode: 'callEvents', events: ['call_ended'] }, [{ type: 'test.fail' }]);
		const { phoneNumber } = await agentSendingEverythingTo(server.webhookUrl());

		await runCall(account, phoneNumber);
		await server.idle();

		const ended = account.emulator.webhooks.filter((hook) => hook.event === 'call_ended');
		expect(ended).toEqual([expect.objectContaining({ status: 200, attempt: 1 })]);
		expect(server.executions.map((run) => run.status)).toEqual(['error']);
		// n8n's onReceived answer with responseData "noData": an empty body, not the text "firstEntryJson".
		expect(server.exchanges.find((exchange) => exchange.execution)?.body).toBe('');
	});

	it('acknowledging after the workflow: a failing workflow answers 500 and Retell retries it', async () => {
		server = await startTrigger(account, { mode: 'callEvents', events: ['call_ended'], acknowledge: 'afterWorkflow' }, [
			{ type: 'test.fail' },
		]);
		const { phoneNumber } = await agentSendingEverythingTo(server.webhookUrl());

		await runCall(account, phoneNumber);
		await server.idle();

		const ended = account.emulator.webhooks.filter((hook) => hook.event === 'call_ended');
		expect(ended.map((hook) => [hook.attempt, hook.status])).toEqual([
			[1, 500],
			[2, 500],
			[3, 500],
			[4, 500],
		]);
		expect(server.executions).toHaveLength(4);
	});

	it('acknowledging after the workflow: a successful workflow answers 200 with no body', async () => {
		server = await startTrigger(account, { mode: 'callEvents', events: ['call_started'], acknowledge: 'afterWorkflow' }, [
			{ type: 'test.setJson', parameters: { json: '={{ JSON.stringify({ seen: $json.call_id }) }}' } },
		]);
		const { phoneNumber } = await agentSendingEverythingTo(server.webhookUrl());

		const callId = await runCall(account, phoneNumber);
		await server.idle();

		expect(account.emulator.webhooks.filter((hook) => hook.event === 'call_started')).toEqual([
			expect.objectContaining({ status: 200, attempt: 1 }),
		]);
		const answered = server.exchanges.filter((exchange) => exchange.execution);
		expect(answered.map((exchange) => [exchange.status, exchange.body])).toEqual([[200, '']]);
		expect(server.executions[0].json()).toEqual([{ seen: callId }]);
	});
});

describe('Retell Trigger: what reaches a call-events workflow', () => {
	it('keeps the transfer fields next to the call fields', async () => {
		server = await startTrigger(account, { mode: 'callEvents', events: ['transfer_started'] });
		const body = JSON.stringify({
			event: 'transfer_started',
			call: SAMPLE_CALL,
			transfer_destination: { number: '+14155550199', extension: '12' },
			transfer_option: { type: 'cold_transfer' },
		});
		const reply = await post(server.webhookUrl(), body, { apiKey: account.emulator.apiKey });
		await server.idle();

		expect(reply.status).toBe(200);
		expect(server.executions[0].json()).toEqual([
			{
				event: 'transfer_started',
				...SAMPLE_CALL,
				transfer_destination: { number: '+14155550199', extension: '12' },
				transfer_option: { type: 'cold_transfer' },
			},
		]);
	});

	it('acknowledges an event it does not know (a chat event) without an execution', async () => {
		server = await startTrigger(account, { mode: 'callEvents' });
		const body = JSON.stringify({ event: 'chat_started', chat: { chat_id: 'chat_1' } });
		const reply = await post(server.webhookUrl(), body, { apiKey: account.emulator.apiKey });
		await server.idle();
		expect(reply.status).toBe(200);
		expect(server.executions).toHaveLength(0);
	});
});
