/**
 * The fast part of the reliability run (the whole run: `npm run reliability`, docs/reliability.md): calls whose
 * events reach a real n8n as Retell delivers them while PostgREST is killed and PostgreSQL restarted, then one
 * Reconcile, through Session → Log (examples/03) and through the trigger's own log (examples/14). Nothing may be lost or wrong, and no custom-function caller may get another's answer. How many workflows
 * ran beside a retry depends on the machine and on n8n's database (this stack's SQLite answers only after saving):
 * measured, not asserted (docs/reliability.md).
 */
import { FAULTS } from '../reliability/faults';
import { DOOR_LOG_WORKFLOW, LOG_WORKFLOW, runScenario, type ScenarioResult } from '../reliability/scenario';
import { useE2eStack } from './helpers';

const stack = useE2eStack('regular');

function fault(key: string) {
	const found = FAULTS.find((candidate) => candidate.key === key);
	if (!found) throw new Error(`no fault ${key}`);
	return found;
}

async function run(key: string, seed: number, workflow: string): Promise<ScenarioResult> {
	const supabase = stack().supabaseStack;
	if (!supabase) throw new Error('the e2e stack runs the local Supabase stack');
	return await runScenario({ stack: stack(), targets: { supabase }, log: () => undefined }, fault(key), {
		calls: 60,
		duplicateShare: 0.2,
		rate: 10,
		seed,
		workflow,
	});
}

describe.each([
	['Retell Trigger → Session → Log', LOG_WORKFLOW, 'postgrest-killed', 1],
	['Retell Trigger → Session → Log', LOG_WORKFLOW, 'postgres-restarted', 2],
	['Retell Trigger logging at the door (examples/14)', DOOR_LOG_WORKFLOW, 'postgrest-killed', 3],
	['Retell Trigger logging at the door (examples/14)', DOOR_LOG_WORKFLOW, 'postgres-restarted', 4],
])('%s while %s', (_label, workflow, key, seed) => {
	it('ends with every row present and exact after Retell\'s retries and one Reconcile', async () => {
		const result = await run(key, seed, workflow);
		process.stdout.write(`[reliability] ${workflow} ${JSON.stringify(result)}\n`);
		expect(result.afterReconcile).toEqual({ calls: 60, missing: 0, wrong: 0, wrongColumns: {} });
		expect(result.reconcileStatus).toBe('success');
		expect(result.functionCalls.wrong).toBe(0);
		// Every delivery was attempted, and every failed execution told the user that Retell sends the event again.
		expect(result.attempts).toBeGreaterThanOrEqual(result.deliveries);
		expect(result.errorsSayingRetellRetries).toBe(result.executions.error);
	});
});
