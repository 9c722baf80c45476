import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { runNode, type CredentialFixtures, type WorkflowRun } from '../support/harness';
import { startRetellEmulator, type RetellEmulator } from '../support/retell-emulator';
import { isObject } from './fuzzOracle';
import { supabaseCredentials } from './helpers';

/**
 * Property-based fuzzing of Retell Supabase against the real local stack (PostgreSQL + PostgREST): malformed items
 * mixed with valid ones. The oracle is the pure mapper (sessionRow.ts, leadRow.ts) plus the column types of
 * supabase/migrations (fuzzOracle.ts); every case reads the database back. Seeds are fixed so CI replays the same cases.
 */

export const RUNS = {
	mixedItems: 200,
	reconcile: 40,
	knownBugs: 3,
};

/**
 * Each case runs workflows against the database, so shrinking a failure takes a while: it gets four minutes
 * (then fast-check reports the smallest counterexample found so far) within a five-minute test timeout.
 */
export const SHRINK = { interruptAfterTimeLimit: 240_000, markInterruptAsFailure: true };
export const FAILING_TEST_TIMEOUT_MS = 300_000;

// Set by startEmulator, once per test file.
export let emulator: RetellEmulator;

export async function startEmulator(): Promise<void> {
	emulator = await startRetellEmulator({ autoSimulateCalls: false });
}

function credentials(): CredentialFixtures {
	return { ...supabaseCredentials(), retellApi: { apiKey: emulator.apiKey, baseUrl: emulator.url } };
}

/** Items handed over as `{ json }`, so that an item's own "json" key is not taken for n8n's item wrapper. */
function asItems(values: unknown[]): INodeExecutionData[] {
	return values.map((json) => {
		if (!isObject(json)) throw new Error('the generator made an item that is not an object');
		return { json };
	});
}

export async function runSupabase(parameters: INodeParameters, input: unknown[], continueOnFail: boolean): Promise<WorkflowRun> {
	return await runNode('retellSupabase', parameters, { credentials: credentials(), input: asItems(input), continueOnFail });
}
