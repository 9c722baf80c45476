import type { IDataObject } from 'n8n-workflow';

import { closePg, uniqueId } from '../support/supabase-stack/db';
import type { CredentialFixtures } from '../support/harness';
import { startRetellEmulator, type EmulatedPhoneCall, type RetellEmulator } from '../support/retell-emulator';
import {
	countSessions,
	logSessions,
	outputOf,
	quietLargeBodyWarnings,
	runSupabaseNode,
	storedSessions,
	supabaseCredentials,
} from './helpers';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let emulator: RetellEmulator;

beforeAll(async () => {
	emulator = await startRetellEmulator();
});

quietLargeBodyWarnings();

afterAll(async () => {
	await emulator.close();
	await closePg();
});

function credentials(apiKey = emulator.apiKey): CredentialFixtures {
	return { ...supabaseCredentials(), retellApi: { apiKey, baseUrl: emulator.url } };
}

async function reconcile(parameters: IDataObject, options: { input?: IDataObject[]; apiKey?: string; continueOnFail?: boolean } = {}) {
	return await runSupabaseNode(
		{ resource: 'session', operation: 'reconcile', since: new Date(Date.now() - DAY).toISOString(), ...parameters },
		{ credentials: credentials(options.apiKey), input: options.input, continueOnFail: options.continueOnFail },
	);
}

const requestsSince = (mark: number, path: RegExp) =>
	emulator.requests.slice(mark).filter((request) => path.test(request.path));

/** A seeded call as its call_started webhook would have carried it. */
function startedEvent(call: EmulatedPhoneCall): IDataObject {
	return {
		event: 'call_started',
		call_id: call.call_id,
		agent_id: call.agent_id,
		call_type: 'phone_call',
		direction: call.direction,
		from_number: call.from_number,
		to_number: call.to_number,
		call_status: 'ongoing',
		start_timestamp: call.start_timestamp,
	};
}

describe('Retell Supabase → Session → Reconcile', () => {
	it('fills exactly the missing sessions, completes partial ones, and leaves complete ones unchanged', async () => {
		const agentId = uniqueId('agent');
		const old = emulator.seedCalls(5, { agent_id: agentId, start_timestamp: Date.now() - 3 * DAY });
		const recent = emulator.seedCalls(30, { agent_id: agentId, start_timestamp: Date.now() - 2 * HOUR });
		const complete = recent.slice(0, 5);
		const partial = recent.slice(5, 10);
		outputOf(await logSessions(complete.map((call) => ({ event: 'call_analyzed', call: { ...call } }))));
		outputOf(await logSessions(partial.map(startedEvent)));

		const mark = emulator.requests.length;
		const run = await reconcile({ agentId, options: { includeDetails: true } }, { input: [{}, {}] });
		const [summary] = outputOf(run);
		expect(run.json()).toHaveLength(1);
		expect(run.items()[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
		expect(summary).toMatchObject({ fetched: 30, inserted: 20, updated: 5, unchanged: 5, failed: 0, fullCallsFetched: 25 });
		expect(summary.since).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
		const byCall = new Map((summary.calls as IDataObject[]).map((entry) => [entry.call_id, entry.action]));
		expect(complete.map((call) => byCall.get(call.call_id))).toEqual(Array(5).fill('unchanged'));
		expect(partial.map((call) => byCall.get(call.call_id))).toEqual(Array(5).fill('updated'));
		expect(recent.slice(10).map((call) => byCall.get(call.call_id))).toEqual(Array(20).fill('inserted'));

		const listRequest = requestsSince(mark, /^\/v3\/list-calls$/)[0];
		expect(listRequest.body).toMatchObject({
			filter_criteria: { start_timestamp: { type: 'number', op: 'ge' }, agent: [{ agent_id: agentId }] },
		});
		// Complete sessions are not fetched again; new and transcript-less ones are.
		const fetched = requestsSince(mark, /^\/v2\/get-call\//).map((request) => request.path.split('/').pop());
		expect(fetched.sort()).toEqual(recent.slice(5).map((call) => call.call_id).sort());

		const stored = await storedSessions(recent.map((call) => call.call_id));
		expect(stored.size).toBe(30);
		for (const call of recent) {
			const row = stored.get(call.call_id);
			expect(row).toMatchObject({
				call_status: 'ended',
				retell_agent_id: agentId,
				direction: call.direction,
				duration_ms: call.duration_ms,
				transcript: call.transcript,
				recording_url: call.recording_url,
				call_summary: 'Seeded call.',
			});
			// Compared as instants: PostgreSQL prints timestamptz without trailing zeros (…38.78+00:00 for 38.780).
			expect(Date.parse(String(row?.start_timestamp))).toBe(call.start_timestamp);
		}
		expect(await countSessions(old.map((call) => call.call_id))).toBe(0);

		const markAgain = emulator.requests.length;
		const [again] = outputOf(await reconcile({ agentId }));
		expect(again).toMatchObject({ fetched: 30, inserted: 0, updated: 0, unchanged: 30, failed: 0, fullCallsFetched: 0 });
		expect(again).not.toHaveProperty('calls');
		expect(requestsSince(markAgain, /^\/v2\/get-call\//)).toHaveLength(0);
	});

	it('fetches full calls as the option says: none, new calls only, all', async () => {
		const agentId = uniqueId('agent');
		const calls = emulator.seedCalls(4, { agent_id: agentId, start_timestamp: Date.now() - HOUR });
		outputOf(await logSessions([startedEvent(calls[0])]));

		const [none] = outputOf(await reconcile({ agentId, options: { fetchFullCalls: 'none' } }));
		expect(none).toMatchObject({ fetched: 4, inserted: 3, updated: 1, fullCallsFetched: 0 });
		const listedOnly = await storedSessions(calls.map((call) => call.call_id));
		expect([...listedOnly.values()].every((row) => row.transcript === null && row.call_status === 'ended')).toBe(true);

		const [newOnly] = outputOf(await reconcile({ agentId, options: { fetchFullCalls: 'newCalls' } }));
		expect(newOnly).toMatchObject({ fetched: 4, unchanged: 4, fullCallsFetched: 0 });

		const mark = emulator.requests.length;
		const [all] = outputOf(await reconcile({ agentId, options: { fetchFullCalls: 'allCalls', batchSize: 3 } }));
		expect(all).toMatchObject({ fetched: 4, updated: 4, fullCallsFetched: 4 });
		expect(requestsSince(mark, /^\/v2\/get-call\//)).toHaveLength(4);
		const full = await storedSessions(calls.map((call) => call.call_id));
		expect(calls.map((call) => full.get(call.call_id)?.transcript)).toEqual(calls.map((call) => call.transcript));
	});

	it('follows pagination_key through every page of the call list', async () => {
		const agentId = uniqueId('agent');
		const calls = emulator.seedCalls(1205, { agent_id: agentId, start_timestamp: Date.now() - 2 * HOUR });
		const mark = emulator.requests.length;
		const [summary] = outputOf(await reconcile({ agentId, options: { fetchFullCalls: 'none' } }));
		expect(summary).toMatchObject({ fetched: 1205, inserted: 1205, failed: 0 });
		const pages = requestsSince(mark, /^\/v3\/list-calls$/);
		expect(pages).toHaveLength(2);
		expect(pages[1].body).toMatchObject({ pagination_key: expect.any(String) });
		expect(await countSessions(calls.map((call) => call.call_id))).toBe(1205);
	});

	it('reports a Retell failure as one error item under Continue On Fail, and fails the execution otherwise', async () => {
		const failed = await reconcile({}, { apiKey: 'key_wrong' });
		expect(failed.status).toBe('error');
		expect(failed.error?.message).toMatch(/^Retell: /);
		expect(failed.error).toMatchObject({ httpCode: '401' });
		expect(JSON.stringify(failed.error)).not.toContain(emulator.apiKey);

		const tolerated = await reconcile({}, { apiKey: 'key_wrong', input: [{}, {}], continueOnFail: true });
		expect(tolerated.json()).toEqual([expect.objectContaining({ error: expect.stringMatching(/^Retell: /), httpCode: '401' })]);
		expect(tolerated.items()[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('defaults Since to the last 24 hours', async () => {
		const agentId = uniqueId('agent');
		emulator.seedCalls(2, { agent_id: agentId, start_timestamp: Date.now() - 2 * DAY });
		emulator.seedCalls(3, { agent_id: agentId, start_timestamp: Date.now() - HOUR });
		const run = await runSupabaseNode({ resource: 'session', operation: 'reconcile', agentId }, { credentials: credentials() });
		const [summary] = outputOf(run);
		expect(summary).toMatchObject({ fetched: 3, inserted: 3 });
		expect(Date.now() - Date.parse(String(summary.since))).toBeGreaterThan(DAY - HOUR);
		expect(Date.now() - Date.parse(String(summary.since))).toBeLessThan(DAY + HOUR);
	});

	it('refuses a Since that is not a date', async () => {
		const run = await reconcile({ since: 'yesterday-ish' });
		expect(run.error?.message).toBe('Since is not a date and time');
	});
});
