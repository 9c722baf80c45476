/**
 * The fast part of the reliability run (the whole run: `npm run reliability`, docs/reliability.md): calls whose
 * events reach a real n8n as Retell delivers them while PostgREST is killed and PostgreSQL restarted, then one
 * Reconcile. Nothing may be lost or wrong, and no custom-function caller may get another's answer. How many workflows
 * ran beside a retry depends on the machine and on n8n's database (this stack's SQLite answers only after saving):
 * measured, not asserted (docs/reliability.md).
 */
import { FAULTS } from '../reliability/faults';
import { runScenario, type ScenarioResult } from '../reliability/scenario';
import { useE2eStack } from './helpers';

const stack = useE2eStack('regular');

function fault(key: string) {
	const found = FAULTS.find((candidate) => candidate.key === key);
	if (!found) throw new Error(`no fault ${key}`);
	return found;
}

async function run(key: string, seed: number): Promise<ScenarioResult> {
	const supabase = stack().supabaseStack;
	if (!supabase) throw new Error('the e2e stack runs the local Supabase stack');
	return await runScenario({ stack: stack(), targets: { supabase }, log: () => undefined }, fault(key), {
		calls: 60,
		duplicateShare: 0.2,
		rate: 10,
		seed,
	});
}

describe.each([
	['postgrest-killed', 1],
	['postgres-restarted', 2],
])('Retell Trigger → Session → Log while %s', (key, seed) => {
	it('ends with every row present and exact after Retell\'s retries and one Reconcile', async () => {
		const result = await run(key, seed);
		process.stdout.write(`[reliability] ${JSON.stringify(result)}\n`);
		expect(result.afterReconcile).toEqual({ calls: 60, missing: 0, wrong: 0, wrongColumns: {} });
		expect(result.reconcileStatus).toBe('success');
		expect(result.functionCalls.wrong).toBe(0);
		// Every delivery was attempted, and every failed execution told the user that Retell sends the event again.
		expect(result.attempts).toBeGreaterThanOrEqual(result.deliveries);
		expect(result.errorsSayingRetellRetries).toBe(result.executions.error);
	});
});
