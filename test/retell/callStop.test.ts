import { recordRequests, runError, useAccount } from './helpers';

const env = useAccount();

async function placedCall(): Promise<string> {
	const call = await env.sdk.call.createPhoneCall({ from_number: env.account.fromNumber, to_number: '+14155550181' });
	return call.call_id;
}

function exchanges(requests: ReturnType<ReturnType<typeof recordRequests>>): string[] {
	return requests.map((request) => `${request.method} ${request.path.replace(/call_\w+/, 'call_…')} ${request.status}`);
}

describe('Call → Stop', () => {
	it('hangs up a call that has not ended, and the call ends as manually stopped', async () => {
		const callId = await placedCall();
		const requests = recordRequests(env.emulator);
		const run = await env.run({ resource: 'call', operation: 'stop', callId });

		expect(run.json()).toEqual([{ stopped: true, call_id: callId }]);
		expect(exchanges(requests())).toEqual(['POST /v2/stop-call/call_… 204']);
		await env.emulator.idle();
		expect(env.emulator.state.calls.get(callId)).toMatchObject({ disconnection_reason: 'manual_stopped' });
	});

	it("passes on Retell's 400 for a call that is over, with the item index", async () => {
		const callId = await placedCall();
		await env.sdk.call.stop(callId);
		await env.emulator.idle();
		const run = await env.run({ resource: 'call', operation: 'stop', callId });

		expect(runError(run)).toMatchObject({ message: expect.stringContaining('The call is not ongoing'), itemIndex: 0, httpCode: '400' });
	});

	it('reports a stop whose answer was lost as stopped, with answer_lost, instead of "not ongoing"', async () => {
		const callId = await placedCall();
		env.emulator.failNext({ method: 'POST', path: `/v2/stop-call/${callId}` }, { status: 502, afterHandling: true });
		const requests = recordRequests(env.emulator);
		const run = await env.run({ resource: 'call', operation: 'stop', callId });

		expect(run.json()).toEqual([{ stopped: true, call_id: callId, answer_lost: true }]);
		// Looked before repeating: no second stop-call.
		expect(exchanges(requests())).toEqual(['POST /v2/stop-call/call_… 502', 'GET /v2/get-call/call_… 200']);
	});

	it('requires a call ID before any request', async () => {
		const requests = recordRequests(env.emulator);
		const run = await env.run({ resource: 'call', operation: 'stop', callId: '={{ "" }}' });

		expect(runError(run)).toMatchObject({ message: expect.stringContaining('Call ID'), itemIndex: 0 });
		expect(requests()).toEqual([]);
	});
});
