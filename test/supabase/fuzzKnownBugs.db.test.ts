import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { closePg, uniqueId } from '../support/supabase-stack/db';
import type { WorkflowRun } from '../support/harness';
import { errorOf, sessionsOfRun } from './fuzzOracle';
import { emulator, RUNS, runSupabase, startEmulator } from './fuzzSetup';
import { endedCall, quietLargeBodyWarnings } from './helpers';

/* Bugs the Retell Supabase fuzzing found (fixed): one unstorable item no longer fails the others. */

quietLargeBodyWarnings();

beforeAll(async () => {
	await startEmulator();
});

afterAll(async () => {
	await emulator.close();
	await closePg();
});

/** A valid item, then the same call broken by `patch`: the valid one must be logged whatever happens to the other. */
async function logValidBesideBroken(patch: IDataObject): Promise<{ run: WorkflowRun; runId: string }> {
	const runId = uniqueId('fuzz');
	const valid = { event: 'call_ended', call: endedCall(`${runId}_0`, 'agent_fuzz_known_bug') };
	const broken = { event: 'call_ended', call: { ...endedCall(`${runId}_1`, 'agent_fuzz_known_bug'), ...patch } };
	const run = await runSupabase({ resource: 'session', operation: 'log' }, [valid, broken], true);
	return { run, runId };
}

/** What Continue On Fail promises: the valid item logged, the broken one an error item of its own (or logged). */
async function expectOnlyTheBrokenItemAffected({ run, runId }: { run: WorkflowRun; runId: string }): Promise<void> {
	expect([run.status, run.error?.message]).toEqual(['success', undefined]);
	expect(run.json()[0]).toMatchObject({ action: 'inserted', call_id: `${runId}_0` });
	expect(run.items()[1].pairedItem).toEqual({ item: 1 });
	expect((await sessionsOfRun(runId)).has(`${runId}_0`)).toBe(true);
}

const BEYOND_JAVASCRIPT_DATES = fc.oneof(fc.double({ min: 8.64e15 + 1, max: 1e300, noNaN: true }), fc.double({ min: -1e300, max: -8.64e15 - 1, noNaN: true }));
const UNSTORABLE_TEXT = fc.constantFrom('a\u0000b', '\u0000', 'half of 😀: \ud83d', '\udc00 alone');
const TEXT_COLUMNS = ['transcript', 'from_number', 'agent_id', 'disconnection_reason', 'recording_url'] as const;

describe('Retell Supabase fuzz: what one unstorable item once did to the others', () => {
	it(`a start_timestamp or end_timestamp beyond ±8.64e15 ms affects only its item (${RUNS.knownBugs} runs)`, async () => {
		// values.ts isoTime once threw RangeError "Invalid time value" here (new Date(1e16).toISOString()).
		await fc.assert(
			fc.asyncProperty(fc.constantFrom('start_timestamp', 'end_timestamp'), BEYOND_JAVASCRIPT_DATES, async (column, ms) => {
				await expectOnlyTheBrokenItemAffected(await logValidBesideBroken({ [column]: ms }));
			}),
			{ seed: 0xda7e, numRuns: RUNS.knownBugs, endOnFailure: true },
		);
	});

	it(`a NUL character or half a surrogate pair in a mapped field affects only its item (${RUNS.knownBugs} runs)`, async () => {
		// PostgreSQL's jsonb refuses \u0000 (22P05) and PostgREST a lone surrogate (PGRST102) for the whole p_rows parameter.
		await fc.assert(
			fc.asyncProperty(
				fc.oneof(
					fc.tuple(fc.constantFrom(...TEXT_COLUMNS), UNSTORABLE_TEXT).map(([column, value]): IDataObject => ({ [column]: value })),
					UNSTORABLE_TEXT.map((value): IDataObject => ({ metadata: { note: value } })),
					UNSTORABLE_TEXT.map((value): IDataObject => ({ metadata: { [value]: 1 } })),
				),
				async (patch) => {
					await expectOnlyTheBrokenItemAffected(await logValidBesideBroken(patch));
				},
			),
			{ seed: 0x0000, numRuns: RUNS.knownBugs, endOnFailure: true },
		);
	});

	it('metadata nested deeper than JSON.stringify reaches affects only its item, and is not called a network error', async () => {
		let nested: unknown = 'leaf';
		for (let level = 0; level < 20_000; level++) nested = level % 2 ? [nested] : { level: nested };
		const outcome = await logValidBesideBroken({ metadata: { nested } });
		expect(errorOf(outcome.run.json()[1])).not.toMatch(/^Could not reach Supabase/);
		await expectOnlyTheBrokenItemAffected(outcome);
	});

	it('one listed call with a NUL character in its metadata is one failure of the Reconcile run, not the whole run', async () => {
		const agentId = uniqueId('agent_fuzz');
		const [, broken] = emulator.seedCalls(2, { agent_id: agentId });
		broken.metadata = { note: 'a\u0000b' };
		const run = await runSupabase(
			{ resource: 'session', operation: 'reconcile', since: new Date(Date.now() - 86_400_000).toISOString(), agentId },
			[{}],
			true,
		);
		expect(run.json()).toEqual([expect.objectContaining({ fetched: 2, inserted: 1, failed: 1 })]);
	});
});
