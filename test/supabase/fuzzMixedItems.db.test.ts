import fc from 'fast-check';

import { closePg, uniqueId } from '../support/supabase-stack/db';
import { instantiate, sessionItem, type JsonText } from '../support/fuzz/arbitraries';
import { errorOf, expectedLead, expectedOutcome, expectStoredExactly, INDEXABLE_CALL_ID_BYTES, sessionsOfRun, storedLeads } from './fuzzOracle';
import { emulator, FAILING_TEST_TIMEOUT_MS, RUNS, runSupabase, SHRINK, startEmulator } from './fuzzSetup';
import { quietLargeBodyWarnings } from './helpers';

/* Retell Supabase fuzz (see fuzzSetup.ts): Session → Log and Lead → Create From Call on malformed items mixed with valid ones. */

quietLargeBodyWarnings();

beforeAll(async () => {
	await startEmulator();
});

afterAll(async () => {
	await emulator.close();
	await closePg();
});

const mixedRun = fc.record({
	items: fc.array(sessionItem, { minLength: 1, maxLength: 8 }),
	// Small batches put malformed and valid items in separate requests, large ones in the same.
	batchSize: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.constant(500)),
});

describe('Retell Supabase fuzz: malformed items mixed with valid ones', () => {
	it(`Session → Log and Lead → Create From Call keep every malformed item to itself, for ${RUNS.mixedItems} runs of 1–8 items`, async () => {
		let items = 0;
		await fc.assert(
			fc.asyncProperty(mixedRun, async ({ items: templates, batchSize }) => {
				items += templates.length;
				await checkMixedRun(templates, batchSize);
			}),
			{ seed: 0x5e55, numRuns: RUNS.mixedItems, ...SHRINK },
		);
		// Printed for the report: how many items the runs above held.
		process.stdout.write(`Retell Supabase fuzz: ${items} items in ${RUNS.mixedItems} runs\n`);
	}, FAILING_TEST_TIMEOUT_MS);
});

async function checkMixedRun(templates: JsonText[], batchSize: number): Promise<void> {
	const logParameters = { resource: 'session', operation: 'log', options: { batchSize } };
	const leadParameters = { resource: 'lead', operation: 'createFromCall' };

	// With Continue On Fail: one output item per input item, each an error or a logged session.
	const runId = uniqueId('fuzz');
	const input = templates.map((template, index) => instantiate(template, runId, index));
	const outcomes = input.map(expectedOutcome);
	const logged = await runSupabase(logParameters, input, true);
	expect([logged.status, logged.error?.message]).toEqual(['success', undefined]);
	expect(logged.items().map((item) => item.pairedItem)).toEqual(input.map((_, item) => ({ item })));
	const output = logged.json();
	const loggedIds = new Set<string>();
	outcomes.forEach((outcome, index) => {
		const json = output[index];
		if (outcome.kind === 'noCallId') {
			expect(json).toEqual({ error: 'The item has no call_id', errorDescription: expect.stringContaining('Nothing was written') });
		} else if (outcome.kind === 'refused' || (outcome.kind === 'refusedOrLogged' && 'error' in json)) {
			expect(errorOf(json).startsWith(`Could not log call ${outcome.callId}: `)).toBe(true);
			expect(json.errorCode).toEqual(expect.any(String));
		} else {
			expect(json).toMatchObject({ action: 'inserted', call_id: outcome.callId });
			loggedIds.add(outcome.callId);
		}
	});
	const sessions = await sessionsOfRun(runId);
	expect([...sessions.keys()].sort()).toEqual([...loggedIds].sort());
	for (const outcome of outcomes) {
		if ((outcome.kind === 'logged' || outcome.kind === 'refusedOrLogged') && loggedIds.has(outcome.callId)) {
			expectStoredExactly(sessions.get(outcome.callId), outcome);
		}
	}

	// Lead → Create From Call on the same items: a lead exactly for each logged call.
	const leads = await runSupabase(leadParameters, input, true);
	expect([leads.status, leads.error?.message]).toEqual(['success', undefined]);
	expect(leads.items().map((item) => item.pairedItem)).toEqual(input.map((_, item) => ({ item })));
	const leadOutput = leads.json();
	outcomes.forEach((outcome, index) => {
		const json = leadOutput[index];
		if (outcome.kind === 'noCallId') {
			expect(json).toMatchObject({ error: 'The item has no call_id' });
		} else if (loggedIds.has(outcome.callId)) {
			expect(json).toMatchObject({ action: 'created', call_id: outcome.callId });
		} else if (Buffer.byteLength(outcome.callId) > INDEXABLE_CALL_ID_BYTES) {
			expect(errorOf(json)).not.toBe('');
		} else {
			expect(json).toMatchObject({ error: `No session for call ${outcome.callId}` });
		}
	});
	const storedLeadRows = await storedLeads(runId);
	expect([...storedLeadRows.keys()].sort()).toEqual([...loggedIds].sort());
	input.forEach((item, index) => {
		const outcome = outcomes[index];
		if (outcome.kind !== 'noCallId' && loggedIds.has(outcome.callId)) {
			expect(storedLeadRows.get(outcome.callId)).toEqual({ call_id: outcome.callId, ...expectedLead(item) });
		}
	});

	// Without Continue On Fail: the run stops with a malformed item's own message, and no failed item leaves a row.
	const strictRunId = uniqueId('fuzz');
	const strictInput = templates.map((template, index) => instantiate(template, strictRunId, index));
	const strictOutcomes = strictInput.map(expectedOutcome);
	const strictIdOf = (index: number) => {
		const outcome = strictOutcomes[index];
		return outcome.kind === 'noCallId' ? '' : outcome.callId;
	};
	const loggedIndexes = new Set(outcomes.flatMap((outcome, index) => (outcome.kind !== 'noCallId' && loggedIds.has(outcome.callId) ? [index] : [])));
	const strictLoggable = [...loggedIndexes].map(strictIdOf).sort();
	/** The message the Continue On Fail run gave item `index`, with this run's call id. */
	const messageOf = (index: number) => {
		const outcome = outcomes[index];
		return outcome.kind === 'noCallId' ? errorOf(output[index]) : errorOf(output[index]).replace(outcome.callId, strictIdOf(index));
	};
	const missingIdIndex = outcomes.findIndex((outcome) => outcome.kind === 'noCallId');
	const refusedIndexes = outcomes.flatMap((outcome, index) => (outcome.kind !== 'noCallId' && !loggedIndexes.has(index) ? [index] : []));
	const strict = await runSupabase(logParameters, strictInput, false);
	const strictSessions = [...(await sessionsOfRun(strictRunId)).keys()].sort();
	if (missingIdIndex >= 0) {
		// Every item is mapped before anything is written: the first item without a call_id stops it all.
		expect([strict.status, strict.error?.message, strict.error?.context.itemIndex]).toEqual(['error', 'The item has no call_id', missingIdIndex]);
		expect(strictSessions).toEqual([]);
	} else if (refusedIndexes.length > 0) {
		const itemIndex = strict.error?.context.itemIndex;
		expect(strict.status).toBe('error');
		expect(refusedIndexes).toContain(itemIndex);
		expect(strict.error?.message).toBe(messageOf(Number(itemIndex)));
		expect(strictSessions.every((id) => strictLoggable.includes(id))).toBe(true);
		// In one batch: its first refused item, and the batch's valid rows are written. In several: the batch that failed first.
		if (batchSize >= strictInput.length) {
			expect(itemIndex).toBe(refusedIndexes[0]);
			expect(strictSessions).toEqual(strictLoggable);
		}
	} else {
		expect([strict.status, strict.error?.message]).toEqual(['success', undefined]);
		expect(strictSessions).toEqual(strictLoggable);
	}

	// Lead without Continue On Fail, where the leads exist: the run stops at a malformed item and writes nothing more.
	const leadFailures = outcomes.flatMap((_, index) => (loggedIndexes.has(index) ? [] : [index]));
	const strictLeads = await runSupabase(leadParameters, input, false);
	if (leadFailures.length > 0) {
		const itemIndex = strictLeads.error?.context.itemIndex;
		expect(strictLeads.status).toBe('error');
		// Items run five at a time: the error is the malformed item that failed first, not always the first one.
		expect(leadFailures).toContain(itemIndex);
		expect(strictLeads.error?.message).toBe(errorOf(leadOutput[Number(itemIndex)]));
	} else {
		expect(strictLeads.json().map((json) => json.action)).toEqual(input.map(() => 'existing'));
	}
	expect([...(await storedLeads(runId)).keys()].sort()).toEqual([...loggedIds].sort());
}
