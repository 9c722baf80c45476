import { createHmac } from 'node:crypto';
import type Retell from 'retell-sdk';
import { verify } from 'retell-sdk';
import { DIAL_OUTCOME_SUFFIXES, signRetellBody } from '../support/retell-emulator';
import { provision, startReceiver, useEmulatorWithClient } from './helpers';

const env = useEmulatorWithClient({ timeScale: 1000 });
afterEach(() => {
	env.emu.reset();
	env.emu.setOptions({ accountWebhookUrl: null });
});

interface Payload {
	event: string;
	call: Retell.PhoneCallResponse;
}

describe('signRetellBody', () => {
	it('reproduces the worked example of retell-api.md §5.1', () => {
		const body = '{"event":"call_ended","call":{"call_id":"call_abc123","agent_id":"agent_xyz","call_status":"ended"}}';
		expect(signRetellBody(body, 'key_test_0123456789abcdef', 1767225600000)).toBe('v=1767225600000,d=b60cc1d0d633f75e777b9df93c9ebaf57ffc3ceb5790d9f91c3ac95b11eaa498');
		expect(signRetellBody('', 'key_test_0123456789abcdef', 1767225600000)).toBe('v=1767225600000,d=d62946da099da6aeb2979eb18d91d7256f9c108cf9825626e5eeacfa00487f34');
	});

	it('verifies with retell-sdk’s own verify, and tampering does not', async () => {
		const body = JSON.stringify({ event: 'call_started', call: { call_id: 'call_1', agent_id: 'agent_1', call_status: 'ongoing', agent_name: 'Zoë' } });
		const signature = signRetellBody(body, env.emu.apiKey, Date.now());
		await expect(verify(body, env.emu.apiKey, signature)).resolves.toBe(true);
		await expect(verify(body.replace('ongoing', 'ended'), env.emu.apiKey, signature)).resolves.toBe(false);
		await expect(verify(JSON.stringify(JSON.parse(body), null, 1), env.emu.apiKey, signature)).resolves.toBe(false);
		await expect(verify(body, 'key_other', signature)).resolves.toBe(false);
		const digest = signature.slice(signature.indexOf(',d=') + 3);
		const flipped = signature.replace(digest, (digest[0] === 'a' ? 'b' : 'a') + digest.slice(1));
		await expect(verify(body, env.emu.apiKey, flipped)).resolves.toBe(false);
		await expect(verify(body, env.emu.apiKey, signRetellBody(body, env.emu.apiKey, Date.now() - 301_000))).resolves.toBe(false);
	});
});

describe('call simulator', () => {
	it('delivers signed call_started → call_ended → call_analyzed to the agent webhook', async () => {
		const receiver = await startReceiver();
		try {
			const { agent, number } = await provision(env.client, { webhook_url: receiver.url, post_call_analysis_data: [{ type: 'boolean', name: 'booked', description: 'Was a slot booked?' }] });
			const call = await env.client.call.createPhoneCall({ from_number: number.phone_number, to_number: '+12125550123', retell_llm_dynamic_variables: { customer_name: 'Bo' }, metadata: { lead: 7 } });
			await env.emu.simulateCall(call.call_id);
			await env.emu.idle();

			expect(receiver.received.map((h) => h.event)).toEqual(['call_started', 'call_ended', 'call_analyzed']);
			for (const hook of receiver.received) {
				const signature = hook.headers['x-retell-signature'] as string;
				expect(signature).toMatch(/^v=\d{13},d=[0-9a-f]{64}$/);
				await expect(verify(hook.rawBody, env.emu.apiKey, signature)).resolves.toBe(true);
				expect(hook.headers['content-type']).toBe('application/json');
			}
			const [started, ended, analyzed] = receiver.received.map((h) => JSON.parse(h.rawBody) as Payload);
			expect(started!.call).toMatchObject({ call_id: call.call_id, call_status: 'ongoing', agent_id: agent.agent_id, metadata: { lead: 7 } });
			expect(started!.call.end_timestamp).toBeUndefined();
			expect(ended!.call).toMatchObject({ call_status: 'ended', disconnection_reason: expect.stringMatching(/^(user|agent)_hangup$/) });
			expect(ended!.call).not.toHaveProperty('call_analysis');
			expect(ended!.call.transcript).toContain('Agent: Hi Bo, this is Ada.');
			expect(ended!.call.end_timestamp! - ended!.call.start_timestamp!).toBe(ended!.call.duration_ms);
			expect(ended!.call.call_cost!.combined_cost).toBeGreaterThan(0);
			expect(analyzed!.call.call_analysis).toMatchObject({ call_successful: true, in_voicemail: false, custom_analysis_data: { booked: true } });
			expect(typeof analyzed!.call.call_analysis!.call_summary).toBe('string');

			const stored = await env.client.call.retrieve(call.call_id);
			expect(stored).toEqual(analyzed!.call);
			const recording = await fetch(stored.recording_url!);
			expect(recording.headers.get('content-type')).toBe('audio/wav');
			expect(Buffer.from(await recording.arrayBuffer()).subarray(0, 4).toString('ascii')).toBe('RIFF');
			expect(env.emu.webhooks.map((w) => [w.event, w.status, w.attempt, w.url])).toEqual([
				['call_started', 204, 1, receiver.url],
				['call_ended', 204, 1, receiver.url],
				['call_analyzed', 204, 1, receiver.url],
			]);
			expect(env.emu.webhooks[1]!.body).toBe(receiver.received[1]!.rawBody);
			const { v, d } = /^v=(?<v>\d+),d=(?<d>[0-9a-f]+)$/.exec(env.emu.webhooks[1]!.signature)!.groups!;
			expect(createHmac('sha256', env.emu.apiKey).update(env.emu.webhooks[1]!.body + v).digest('hex')).toBe(d);
		} finally {
			await receiver.close();
		}
	});

	it('sends only the events in webhook_events, and transcript_updated between started and ended', async () => {
		const receiver = await startReceiver();
		try {
			const { number } = await provision(env.client, { webhook_url: receiver.url, webhook_events: ['call_analyzed'] });
			const quiet = await env.client.call.createPhoneCall({ from_number: number.phone_number, to_number: '+12125550123' });
			await env.emu.simulateCall(quiet.call_id);
			expect(receiver.received.map((h) => h.event)).toEqual(['call_analyzed']);

			const { agent: chatty, number: second } = await provision(env.client, { webhook_url: receiver.url, webhook_events: ['call_started', 'transcript_updated', 'call_ended'] });
			const call = await env.client.call.createPhoneCall({ from_number: second.phone_number, to_number: '+12125550124' });
			await env.emu.simulateCall(call.call_id);
			const events = receiver.received.slice(1).map((h) => h.event);
			expect(events[0]).toBe('call_started');
			expect(events[events.length - 1]).toBe('call_ended');
			expect(events.filter((e) => e === 'transcript_updated').length).toBeGreaterThan(2);
			// "plus a final update when the call ends": the last transcript_updated comes after the call ended.
			const lastUpdate = JSON.parse(receiver.received[receiver.received.length - 2].rawBody) as { event: string; call: { call_status: string } };
			expect(lastUpdate).toMatchObject({ event: 'transcript_updated', call: { call_status: 'ended' } });
			expect(chatty.agent_id).toBeTruthy();
		} finally {
			await receiver.close();
		}
	});

	it('retries a 500 answer with the same body, re-signed', async () => {
		const receiver = await startReceiver((hook) => (hook.event === 'call_started' && receiver.received.filter((h) => h.event === 'call_started').length <= 2 ? 500 : 200));
		try {
			const { number } = await provision(env.client, { webhook_url: receiver.url });
			const call = await env.client.call.createPhoneCall({ from_number: number.phone_number, to_number: '+12125550123' });
			await env.emu.simulateCall(call.call_id);
			await env.emu.idle();
			const started = env.emu.webhooks.filter((w) => w.event === 'call_started');
			expect(started.map((w) => [w.attempt, w.status])).toEqual([
				[1, 500],
				[2, 500],
				[3, 200],
			]);
			expect(new Set(started.map((w) => w.body)).size).toBe(1);
			for (const attempt of started) await expect(verify(attempt.body, env.emu.apiKey, attempt.signature)).resolves.toBe(true);
			expect(env.emu.webhooks.filter((w) => w.event !== 'call_started').map((w) => [w.event, w.attempt])).toEqual([
				['call_ended', 1],
				['call_analyzed', 1],
			]);
		} finally {
			await receiver.close();
		}
	});

	it('does not hold back call_ended while call_started is being retried', async () => {
		let endedArrived!: () => void;
		const ended = new Promise<number>((resolve) => (endedArrived = () => resolve(200)));
		// The retry of call_started is answered only once call_ended has arrived: a dispatcher that waited for the
		// retries to finish before sending call_ended would time out here instead.
		const receiver = await startReceiver((hook, index) => {
			if (hook.event === 'call_ended') endedArrived();
			if (hook.event !== 'call_started') return 200;
			return index === 0 ? 500 : ended;
		});
		try {
			const { number } = await provision(env.client, { webhook_url: receiver.url, webhook_events: ['call_started', 'call_ended'], webhook_timeout_ms: 5000 });
			const call = await env.client.call.createPhoneCall({ from_number: number.phone_number, to_number: '+12125550123' });
			await env.emu.simulateCall(call.call_id);
			expect(receiver.received.map((h) => h.event)).toEqual(['call_started', 'call_started', 'call_ended']);
			// Recorded in completion order, which the receiver decides; what matters is that the retry succeeded.
			expect(env.emu.webhooks.map((w) => [w.event, w.attempt, w.status]).sort()).toEqual([
				['call_ended', 1, 200],
				['call_started', 1, 500],
				['call_started', 2, 200],
			]);
		} finally {
			await receiver.close();
		}
	});

	it('gives up after 3 retries and records unreachable endpoints as errors', async () => {
		const receiver = await startReceiver(() => 503);
		try {
			const { number } = await provision(env.client, { webhook_url: receiver.url, webhook_events: ['call_ended'] });
			const call = await env.client.call.createPhoneCall({ from_number: number.phone_number, to_number: '+12125550123' });
			await env.emu.simulateCall(call.call_id);
			expect(env.emu.webhooks.map((w) => [w.attempt, w.status])).toEqual([
				[1, 503],
				[2, 503],
				[3, 503],
				[4, 503],
			]);
		} finally {
			await receiver.close();
		}
		env.emu.reset();
		const { number } = await provision(env.client, { webhook_url: receiver.url, webhook_events: ['call_ended'] });
		const call = await env.client.call.createPhoneCall({ from_number: number.phone_number, to_number: '+12125550123' });
		await env.emu.simulateCall(call.call_id);
		expect(env.emu.webhooks.map((w) => [w.attempt, w.status])).toEqual([
			[1, 'error'],
			[2, 'error'],
			[3, 'error'],
			[4, 'error'],
		]);
	});

	it('reports dial failures without call_started, and voicemail as an analyzed call', async () => {
		const receiver = await startReceiver();
		try {
			const { number } = await provision(env.client, { webhook_url: receiver.url });
			const noAnswer = await env.client.call.createPhoneCall({ from_number: number.phone_number, to_number: '+1212559' + '9991' });
			expect(DIAL_OUTCOME_SUFFIXES['99991']).toBe('dial_no_answer');
			await env.emu.simulateCall(noAnswer.call_id);
			// https://docs.retellai.com/features/webhook-overview: no call_started, but call_ended and call_analyzed.
			expect(receiver.received.map((h) => h.event)).toEqual(['call_ended', 'call_analyzed']);
			const notConnected = await env.client.call.retrieve(noAnswer.call_id);
			expect(notConnected).toMatchObject({ call_status: 'not_connected', disconnection_reason: 'dial_no_answer', duration_ms: 0 });
			expect(notConnected.start_timestamp).toBeUndefined();
			expect(notConnected.call_analysis).toMatchObject({ call_successful: false, user_sentiment: 'Unknown' });

			const voicemail = await env.client.call.createPhoneCall({ from_number: number.phone_number, to_number: '+12125599994' });
			await env.emu.simulateCall(voicemail.call_id);
			expect(await env.client.call.retrieve(voicemail.call_id)).toMatchObject({ call_status: 'ended', disconnection_reason: 'voicemail_reached', call_analysis: { in_voicemail: true, call_successful: false } });
		} finally {
			await receiver.close();
		}
	});

	it('runs a transferred call through the transfer events, the destination next to the call', async () => {
		const receiver = await startReceiver();
		try {
			const events = ['call_started', 'call_ended', 'call_analyzed', 'transfer_started', 'transfer_bridged', 'transfer_ended'] as const;
			const { number } = await provision(env.client, { webhook_url: receiver.url, webhook_events: [...events] });
			const transferred = await env.client.call.createPhoneCall({ from_number: number.phone_number, to_number: '+12125599996' });
			expect(DIAL_OUTCOME_SUFFIXES['99996']).toBe('transfer_bridged');
			await env.emu.simulateCall(transferred.call_id);
			expect(receiver.received.map((h) => h.event)).toEqual(['call_started', 'transfer_started', 'transfer_bridged', 'transfer_ended', 'call_ended', 'call_analyzed']);
			const started = JSON.parse(receiver.received[1].rawBody) as Record<string, unknown>;
			expect(started).toMatchObject({ event: 'transfer_started', transfer_destination: { number: '+14155550199' }, call: { call_id: transferred.call_id } });
			const call = await env.client.call.retrieve(transferred.call_id);
			expect(call).toMatchObject({ disconnection_reason: 'transfer_bridged', transfer_destination: '+14155550199' });
			expect(call.transfer_end_timestamp).toBeGreaterThan(call.start_timestamp ?? 0);
			expect(call.transcript_object?.at(-1)).toMatchObject({ role: 'transfer_target' });
		} finally {
			await receiver.close();
		}
	});

	it('falls back to the account webhook, resolves URL variables, and stays silent with neither', async () => {
		const receiver = await startReceiver();
		try {
			env.emu.setOptions({ accountWebhookUrl: `${receiver.url}?customer={{customer_name}}` });
			const { number } = await provision(env.client);
			const call = await env.client.call.createPhoneCall({ from_number: number.phone_number, to_number: '+12125550123', retell_llm_dynamic_variables: { customer_name: 'Ann Lee' } });
			await env.emu.simulateCall(call.call_id);
			expect(env.emu.webhooks.map((w) => w.url)).toEqual(Array(3).fill(`${receiver.url}?customer=Ann%20Lee`));

			env.emu.reset();
			env.emu.setOptions({ accountWebhookUrl: null });
			const silent = await provision(env.client);
			const quiet = await env.client.call.createPhoneCall({ from_number: silent.number.phone_number, to_number: '+12125550123' });
			await env.emu.simulateCall(quiet.call_id);
			expect((await env.client.call.retrieve(quiet.call_id)).call_status).toBe('ended');
			expect(env.emu.webhooks).toEqual([]);
		} finally {
			await receiver.close();
		}
	});

	it('runs created calls on its own when autoSimulateCalls is on, and stop-call hangs up', async () => {
		const receiver = await startReceiver();
		try {
			const { number } = await provision(env.client, { webhook_url: receiver.url, webhook_events: ['call_ended'] });
			const auto = await env.client.call.createPhoneCall({ from_number: number.phone_number, to_number: '+12125550123' });
			await env.emu.idle();
			expect((await env.client.call.retrieve(auto.call_id)).call_status).toBe('ended');

			env.emu.setOptions({ autoSimulateCalls: false });
			const parked = await env.client.call.createPhoneCall({ from_number: number.phone_number, to_number: '+12125550124' });
			await env.emu.idle();
			expect((await env.client.call.retrieve(parked.call_id)).call_status).toBe('registered');
			const stop = await env.client.call.stop(parked.call_id).asResponse();
			expect(stop.status).toBe(204);
			await env.emu.idle();
			expect(await env.client.call.retrieve(parked.call_id)).toMatchObject({ call_status: 'not_connected', disconnection_reason: 'manual_stopped' });
			expect(receiver.received.map((h) => (JSON.parse(h.rawBody) as Payload).call.call_id)).toEqual([auto.call_id, parked.call_id]);
			await expect(env.client.call.stop(parked.call_id)).rejects.toMatchObject({ status: 400 });
		} finally {
			env.emu.setOptions({ autoSimulateCalls: true });
			await receiver.close();
		}
	});
});
