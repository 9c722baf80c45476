import type { IDataObject } from 'n8n-workflow';

import type { EmulatedPhoneCall } from '../support/retell-emulator/types';
import { recordRequests, runError, useAccount } from './helpers';

const env = useAccount();

/** A call connected twenty seconds ago and still talking, as Retell holds it mid-conversation. */
function ongoingCall(overrides: Partial<EmulatedPhoneCall> = {}): string {
	const [call] = env.emulator.seedCalls(1, {
		agent_id: env.account.agentId,
		call_status: 'ongoing',
		start_timestamp: Date.now() - 20_000,
		end_timestamp: undefined,
		duration_ms: undefined,
		disconnection_reason: undefined,
		recording_url: undefined,
		call_cost: undefined,
		call_analysis: undefined,
		metadata: { crm_id: '7' },
		...overrides,
	});
	return call.call_id;
}

/** A call placed, run through to the end and analyzed by the simulator. */
async function endedCall(toNumber = '+14155550181'): Promise<string> {
	const call = await env.sdk.call.createPhoneCall({ from_number: env.account.fromNumber, to_number: toNumber });
	await env.emulator.simulateCall(call.call_id);
	return call.call_id;
}

function storedCall(callId: string): EmulatedPhoneCall {
	const call = env.emulator.state.calls.get(callId);
	if (call?.call_type !== 'phone_call') throw new Error(`No phone call ${callId} in the emulator`);
	return call;
}

describe('Call → Update Live', () => {
	it('injects context, triggers a reply and overrides variables and metadata of an ongoing call', async () => {
		const callId = ongoingCall();
		const requests = recordRequests(env.emulator);
		const run = await env.run({
			resource: 'call',
			operation: 'updateLive',
			callId,
			additionalContext: 'The customer just paid invoice 1042 online.',
			triggerResponse: true,
			dynamicVariables: { variable: [{ name: 'balance', value: 0 }] },
			options: { metadataJson: '{"crm_id": "42", "paid": true}', dataStorageSetting: 'everything_except_pii' },
		});

		expect(requests().map(({ method, path, query, body }) => ({ method, path, query, body }))).toEqual([
			{
				method: 'PATCH',
				path: `/v2/update-live-call/${callId}`,
				query: {},
				body: {
					call_control: { additional_context: 'The customer just paid invoice 1042 online.', trigger_response: true },
					fields_to_override: {
						override_dynamic_variables: { balance: '0' },
						metadata: { crm_id: '42', paid: true },
						data_storage_setting: 'everything_except_pii',
					},
				},
			},
		]);
		expect(run.json()).toEqual([{ success: true, call_id: callId }]);
		const call = storedCall(callId);
		expect(call).toMatchObject({ metadata: { crm_id: '42', paid: true }, data_storage_setting: 'everything_except_pii' });
		expect(call.transcript_with_tool_calls?.at(-1)).toEqual({
			role: 'injected',
			content: 'The customer just paid invoice 1042 online.',
			time_sec: expect.any(Number),
		});
	});

	it('sends only the overrides when no call control is set, and takes variables as JSON', async () => {
		const callId = ongoingCall();
		const requests = recordRequests(env.emulator);
		const run = await env.run({
			resource: 'call',
			operation: 'updateLive',
			callId,
			dynamicVariablesInput: 'json',
			dynamicVariablesJson: '{"discount": "15%", "tier": 2}',
		});

		expect(run.status).toBe('success');
		expect(requests().map((request) => request.body)).toEqual([
			{ fields_to_override: { override_dynamic_variables: { discount: '15%', tier: '2' } } },
		]);
	});

	it('sends null to clear every variable override, and merges Additional Fields (JSON) last', async () => {
		const callId = ongoingCall();
		const requests = recordRequests(env.emulator);
		const run = await env.run({
			resource: 'call',
			operation: 'updateLive',
			callId,
			options: { clearDynamicVariables: true, additionalFieldsJson: '{"call_control": {"trigger_response": true}}' },
		});

		expect(run.json()).toEqual([{ success: true, call_id: callId }]);
		expect(requests().map((request) => request.body)).toEqual([
			{ fields_to_override: { override_dynamic_variables: null }, call_control: { trigger_response: true } },
		]);
	});

	it('refuses an update that changes nothing, or sets and clears the variables, before any request', async () => {
		const callId = ongoingCall();
		const requests = recordRequests(env.emulator);
		const nothing = await env.run({ resource: 'call', operation: 'updateLive', callId, additionalContext: '   ' });
		const both = await env.run({
			resource: 'call',
			operation: 'updateLive',
			callId,
			dynamicVariables: { variable: [{ name: 'tier', value: 'gold' }] },
			options: { clearDynamicVariables: true },
		});

		expect(runError(nothing)).toMatchObject({ message: 'Nothing to change on the call', itemIndex: 0 });
		expect(runError(both)).toMatchObject({ message: 'Override Dynamic Variables: both set and cleared', itemIndex: 0 });
		expect(requests()).toEqual([]);
	});

	it("passes on Retell's 400 for a call that has ended, and says Call not found on its 404", async () => {
		const ended = await endedCall();
		const over = await env.run({ resource: 'call', operation: 'updateLive', callId: ended, triggerResponse: true });
		const unknown = await env.run({ resource: 'call', operation: 'updateLive', callId: 'call_doesnotexist', triggerResponse: true });

		expect(runError(over)).toMatchObject({ message: expect.stringContaining('The call is not ongoing'), httpCode: '400', itemIndex: 0 });
		expect(runError(unknown)).toMatchObject({ message: 'Call not found', httpCode: '404', itemIndex: 0 });
	});

	it('stops keeping the transcript at Basic Attributes Only, and Retell refuses to go back to Everything', async () => {
		const callId = ongoingCall();
		const restrict = await env.run({ resource: 'call', operation: 'updateLive', callId, options: { dataStorageSetting: 'basic_attributes_only' } });
		const relax = await env.run({ resource: 'call', operation: 'updateLive', callId, options: { dataStorageSetting: 'everything' } });

		expect(restrict.json()).toEqual([{ success: true, call_id: callId }]);
		expect(storedCall(callId)).toMatchObject({ data_storage_setting: 'basic_attributes_only' });
		expect(storedCall(callId).transcript_with_tool_calls).toBeUndefined();
		expect(runError(relax)).toMatchObject({ message: expect.stringContaining('less restrictive'), httpCode: '400', itemIndex: 0 });
	});

	it('sends call control once after a server error, since a repeat would inject or reply twice', async () => {
		const callId = ongoingCall();
		env.emulator.failNext({ method: 'PATCH', path: `/v2/update-live-call/${callId}` }, { status: 500 });
		const requests = recordRequests(env.emulator);
		const run = await env.run({ resource: 'call', operation: 'updateLive', callId, additionalContext: 'VIP caller.' });

		expect(runError(run)).toMatchObject({ httpCode: '500', itemIndex: 0 });
		expect(requests()).toHaveLength(1);
		expect(storedCall(callId).transcript_with_tool_calls?.some((entry) => entry.role === 'injected')).toBe(false);
	});

	it('repeats an override-only update after a server error, as the result is the same', async () => {
		const callId = ongoingCall();
		env.emulator.failNext({ method: 'PATCH', path: `/v2/update-live-call/${callId}` }, { status: 500 });
		const requests = recordRequests(env.emulator);
		const run = await env.run({ resource: 'call', operation: 'updateLive', callId, options: { metadataJson: '{"step": 2}' } });

		expect(run.json()).toEqual([{ success: true, call_id: callId }]);
		expect(requests().map((request) => request.status)).toEqual([500, 200]);
		expect(storedCall(callId).metadata).toEqual({ step: 2 });
	});
});

describe('Call → Rerun Analysis', () => {
	it("analyzes an ended call again with the agent's latest analysis settings, without a webhook", async () => {
		const llm = await env.sdk.llm.create({ general_prompt: 'You collect payments.' });
		const agent = await env.sdk.agent.create({
			response_engine: { type: 'retell-llm', llm_id: llm.llm_id },
			voice_id: '11labs-Jenny',
			// Refused at once: each webhook attempt is recorded, so a rerun that sent call_analyzed would show.
			webhook_url: 'http://127.0.0.1:9/retell',
		});
		const call = await env.sdk.call.createPhoneCall({
			from_number: env.account.fromNumber,
			to_number: '+14155550182',
			override_agent_id: agent.agent_id,
		});
		await env.emulator.simulateCall(call.call_id);
		await env.emulator.idle();
		expect(storedCall(call.call_id).call_analysis?.custom_analysis_data).toEqual({});
		await env.sdk.agent.update(agent.agent_id, {
			post_call_analysis_data: [{ type: 'boolean', name: 'promised_to_pay', description: 'The customer promised to pay' }],
		});
		const webhooksBefore = env.emulator.webhooks.length;
		const requests = recordRequests(env.emulator);
		const run = await env.run({ resource: 'call', operation: 'rerunAnalysis', callId: call.call_id });
		await env.emulator.idle();

		expect(requests().map(({ method, path, query, body }) => ({ method, path, query, body }))).toEqual([
			{ method: 'PUT', path: `/rerun-call-analysis/${call.call_id}`, query: {}, body: undefined },
		]);
		const [output] = run.json();
		expect(output).toMatchObject({ call_id: call.call_id, call_status: 'ended' });
		expect((output.call_analysis as IDataObject).custom_analysis_data).toEqual({ promised_to_pay: true });
		expect(storedCall(call.call_id).call_analysis?.custom_analysis_data).toEqual({ promised_to_pay: true });
		expect(env.emulator.webhooks.length).toBe(webhooksBefore);
	});

	it("passes on Retell's 400 for a call still going on, and 422 as Call not found", async () => {
		const live = await env.run({ resource: 'call', operation: 'rerunAnalysis', callId: ongoingCall() });
		const unknown = await env.run({ resource: 'call', operation: 'rerunAnalysis', callId: 'call_doesnotexist' });

		expect(runError(live)).toMatchObject({ message: expect.stringContaining('after the call has ended'), httpCode: '400', itemIndex: 0 });
		expect(runError(unknown)).toMatchObject({ message: 'Call not found', httpCode: '422', itemIndex: 0 });
	});

	it('does not send a billed rerun again after a server error', async () => {
		const callId = await endedCall();
		env.emulator.failNext({ method: 'PUT', path: `/rerun-call-analysis/${callId}` }, { status: 502 });
		const requests = recordRequests(env.emulator);
		const run = await env.run({ resource: 'call', operation: 'rerunAnalysis', callId });

		expect(runError(run)).toMatchObject({ httpCode: '502', itemIndex: 0 });
		expect(requests()).toHaveLength(1);
	});

	it('requires a call ID before any request', async () => {
		const requests = recordRequests(env.emulator);
		const run = await env.run({ resource: 'call', operation: 'rerunAnalysis', callId: '={{ "" }}' });

		expect(runError(run)).toMatchObject({ message: 'Call ID is required', itemIndex: 0 });
		expect(requests()).toEqual([]);
	});
});

describe('Call → Listen Live and Take Over Live', () => {
	it('gets a listener token, then hands the call to that listener', async () => {
		const callId = ongoingCall();
		const requests = recordRequests(env.emulator);
		const listen = await env.run({ resource: 'call', operation: 'listenLive', callId });
		const [listener] = listen.json();

		expect(listener).toEqual({
			access_token: expect.any(String),
			expires_at: expect.any(Number),
			participant_id: expect.stringMatching(/^listener_/),
			room_name: callId,
			transport: 'gateway',
			ice_servers: [{ urls: ['stun:stun.l.google.com:19302'] }],
			call_id: callId,
		});
		const participantId = String(listener.participant_id);
		const takeOver = await env.run({ resource: 'call', operation: 'takeOverLive', callId, participantId });

		expect(takeOver.json()).toEqual([{ success: true, call_id: callId, participant_id: participantId }]);
		expect(requests().map(({ method, path, body }) => ({ method, path, body }))).toEqual([
			{ method: 'POST', path: `/v2/listen-live-call/${callId}`, body: undefined },
			{ method: 'POST', path: `/v2/take-over-live-call/${callId}`, body: { participant_id: participantId } },
		]);
	});

	it("passes on Retell's 400 for a participant that is not listening, and for a call that has ended", async () => {
		const stranger = await env.run({ resource: 'call', operation: 'takeOverLive', callId: ongoingCall(), participantId: 'listener_nobody' });
		const ended = await env.run({ resource: 'call', operation: 'listenLive', callId: await endedCall() });

		expect(runError(stranger)).toMatchObject({ message: expect.stringContaining('is not listening to this call'), httpCode: '400', itemIndex: 0 });
		expect(runError(ended)).toMatchObject({ message: expect.stringContaining('The call is not ongoing'), httpCode: '400', itemIndex: 0 });
	});

	it('requires a participant ID before any request', async () => {
		const callId = ongoingCall();
		const requests = recordRequests(env.emulator);
		const run = await env.run({ resource: 'call', operation: 'takeOverLive', callId, participantId: ' ' });

		expect(runError(run)).toMatchObject({ message: 'Participant ID is required', itemIndex: 0 });
		expect(requests()).toEqual([]);
	});
});
