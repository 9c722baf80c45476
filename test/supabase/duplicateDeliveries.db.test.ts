import { closePg, uniqueId } from '../support/supabase-stack/db';
import { analyzedCall, endedCall, lifecycleEvents, logSessions, outputOf } from './helpers';

afterAll(async () => {
	await closePg();
});

const analyzed = (callId: string, agentId: string) => ({ event: 'call_analyzed', call: analyzedCall(callId, agentId) });

describe('Session → Log: first_delivery, to run side effects once per call and event', () => {
	const agentId = uniqueId('agent');

	it('is true for the first delivery of an event and false for its repeats, however they are batched', async () => {
		const callId = uniqueId('call');
		await logSessions([{ event: 'call_ended', call: endedCall(callId, agentId) }]);
		const first = outputOf(await logSessions([analyzed(callId, agentId)]));
		const repeats = outputOf(await logSessions([analyzed(callId, agentId), analyzed(callId, agentId)]));
		expect(first.map((item) => item.first_delivery)).toEqual([true]);
		expect(repeats.map((item) => item.first_delivery)).toEqual([false, false]);
		// A repeat changes nothing, and says so too.
		expect(repeats.map((item) => item.action)).toEqual(['unchanged', 'unchanged']);
	});

	it('is true exactly once when three deliveries of one event arrive at the same moment', async () => {
		const callId = uniqueId('call');
		await logSessions([{ event: 'call_ended', call: endedCall(callId, agentId) }]);
		const runs = await Promise.all([1, 2, 3].map(async () => await logSessions([analyzed(callId, agentId)])));
		const flags = runs.map((run) => outputOf(run)[0].first_delivery);
		expect(flags.filter((flag) => flag === true)).toHaveLength(1);
		expect(flags.filter((flag) => flag === false)).toHaveLength(2);
	});

	it('is true for each event of a call the first time it comes, even out of order', async () => {
		const callId = uniqueId('call');
		const [started, transcript, , ended, lastAnalyzed] = lifecycleEvents(callId, agentId);
		const output = outputOf(await logSessions([lastAnalyzed, ended, started, transcript, started]));
		expect(output.map((item) => item.first_delivery)).toEqual([true, true, true, true, false]);
	});

	it('is null for a call object, which carries no event (Reconcile, Call → Get)', async () => {
		const output = outputOf(await logSessions([endedCall(uniqueId('call'), agentId)]));
		expect(output[0]).toMatchObject({ action: 'inserted', first_delivery: null });
	});
});
