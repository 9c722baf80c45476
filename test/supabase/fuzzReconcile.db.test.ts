import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { closePg, uniqueId } from '../support/supabase-stack/db';
import { emulatedCallPatch, instantiate, sessionItem, type JsonText } from '../support/fuzz/arbitraries';
import { expectedOutcome, expectStoredExactly, isObject, readSessions, sessionsOfRun } from './fuzzOracle';
import { emulator, FAILING_TEST_TIMEOUT_MS, RUNS, runSupabase, SHRINK, startEmulator } from './fuzzSetup';
import { quietLargeBodyWarnings } from './helpers';

/* Retell Supabase fuzz (see fuzzSetup.ts): Session → Reconcile on calls the emulator serves with unusual fields. */

quietLargeBodyWarnings();

beforeAll(async () => {
	await startEmulator();
});

afterAll(async () => {
	await emulator.close();
	await closePg();
});

async function servedCall(callId: string): Promise<IDataObject> {
	const response = await fetch(`${emulator.url}/v2/get-call/${callId}`, { headers: { authorization: `Bearer ${emulator.apiKey}` } });
	const call: unknown = await response.json();
	if (!isObject(call)) throw new Error(`get-call ${callId} answered ${response.status}`);
	return call;
}

describe('Retell Supabase fuzz: Session → Reconcile', () => {
	it(`logs exactly the calls the database accepts, whatever its input items, for ${RUNS.reconcile} runs`, async () => {
		const junkItems = fc.array(fc.oneof(sessionItem, fc.constant<JsonText>(null)), { minLength: 1, maxLength: 4 });
		await fc.assert(
			fc.asyncProperty(fc.array(fc.option(emulatedCallPatch, { nil: undefined }), { minLength: 1, maxLength: 6 }), junkItems, async (patches, itemTemplates) => {
				const agentId = uniqueId('agent_fuzz');
				const calls = emulator.seedCalls(patches.length, { agent_id: agentId });
				patches.forEach((patch, index) => {
					if (patch === undefined) return;
					const fields = instantiate(patch, agentId, index);
					if (isObject(fields)) Object.assign(calls[index], fields);
				});
				const served = await Promise.all(calls.map(async (call) => await servedCall(call.call_id)));
				const outcomes = served.map(expectedOutcome);
				const input = itemTemplates.map((template, index) => (template === null ? {} : instantiate(template, agentId, index)));

				const run = await runSupabase(
					{ resource: 'session', operation: 'reconcile', since: new Date(Date.now() - 86_400_000).toISOString(), agentId },
					input,
					true,
				);
				expect([run.status, run.error?.message]).toEqual(['success', undefined]);
				const [summary, ...more] = run.items();
				expect(more).toEqual([]);
				expect(summary.pairedItem).toEqual(input.map((_, item) => ({ item })));

				const sessions = await readSessions('s.call_id = any($1)', calls.map((call) => call.call_id));
				const refusedIds = outcomes.flatMap((outcome) =>
					outcome.kind === 'refused' || (outcome.kind === 'refusedOrLogged' && !sessions.has(outcome.callId)) ? [outcome.callId] : [],
				);
				expect(summary.json).toMatchObject({
					fetched: calls.length,
					inserted: calls.length - refusedIds.length,
					updated: 0,
					unchanged: 0,
					failed: refusedIds.length,
					fullCallsFetched: calls.length,
				});
				const errors = Array.isArray(summary.json.errors) ? summary.json.errors : [];
				expect(errors.map((error) => (isObject(error) ? error.call_id : undefined)).sort()).toEqual([...refusedIds].sort());
				expect([...sessions.keys()].sort()).toEqual(calls.map((call) => call.call_id).filter((id) => !refusedIds.includes(id)).sort());
				for (const outcome of outcomes) {
					if ((outcome.kind === 'logged' || outcome.kind === 'refusedOrLogged') && sessions.has(outcome.callId)) {
						expectStoredExactly(sessions.get(outcome.callId), outcome);
					}
				}
				// Reconcile reads Retell, never its input items.
				expect((await sessionsOfRun(agentId)).size).toBe(0);
			}),
			{ seed: 0x4ec0, numRuns: RUNS.reconcile, ...SHRINK },
		);
	}, FAILING_TEST_TIMEOUT_MS);
});
