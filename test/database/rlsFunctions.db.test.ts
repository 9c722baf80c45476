import { closePg, pgQuery, uniqueId } from '../support/supabase-stack/db';
import { countWhere, ownerUserId, seed, snapshot } from './rlsFixtures';
import { FUNCTION_CELLS, FUNCTIONS, MATRIX_TITLE, type FunctionCell } from './rlsFunctions';

/*
 * Every public function × principal against the real PostgREST, the function half of the database security matrix
 * (cells in rlsFunctions.ts). Refused calls are checked in the database (as the superuser), not just by their HTTP status.
 */

afterAll(async () => {
	await closePg();
});

describe(MATRIX_TITLE, () => {
	it('covers every function in the public schema (a new one needs its row in FUNCTIONS)', async () => {
		const rows = await pgQuery<{ signature: string }>(
			`select p.oid::regprocedure::text as signature
			   from pg_catalog.pg_proc p
			  where p.pronamespace = 'public'::regnamespace`,
		);
		const signatures = rows.map((row) => row.signature.replace(/^public\./, ''));
		expect(signatures.sort()).toEqual(FUNCTIONS.map((spec) => spec.signature).sort());
	});

	describe('rpc', () => {
		it.each(FUNCTION_CELLS.map((cell) => [cell.title, cell] as const))('%s', async (_title, cell) => {
			await functionCell(cell);
		});
	});
});

async function functionCell(cell: FunctionCell): Promise<void> {
	const [{ granted }] = await pgQuery<{ granted: boolean }>(
		'select has_function_privilege($1, $2::regprocedure, \'EXECUTE\') as granted',
		[cell.principal.role, `public.${cell.spec.signature}`],
	);
	expect(granted).toBe(cell.executeGranted);

	const target = await seed(ownerUserId);
	const marker = uniqueId('call');
	const before = await snapshot(target);
	const args = cell.spec.args({ fixture: target, stored: before, marker });
	const { data, error, status } = await cell.principal.client().rpc(cell.spec.name, args);
	const markerSessions = await countWhere('retell_call_sessions', 'call_id', marker);
	const after = await snapshot(target);

	if (cell.expected.kind === 'refused') {
		expect({ status, code: error?.code }).toEqual({ status: cell.expected.status, code: cell.expected.code });
		expect(markerSessions).toBe(0);
		expect(after).toEqual(before);
		return;
	}
	expect(error).toBeNull();
	expect(status).toBe(cell.expected.status);
	if (cell.spec.served?.data) expect(data).toEqual(cell.spec.served.data(marker, cell.principal));
	expect(markerSessions).toBe(cell.spec.writes?.markerSession ? 1 : 0);
	if (cell.spec.writes?.fixtureStatusError) {
		expect(before.session?.call_status).toBe('ended');
		expect(after.session?.call_status).toBe('error');
	} else {
		expect(after).toEqual(before);
	}
}
