import type { SupabaseClient } from '@supabase/supabase-js';

import { closePg } from '../support/supabase-stack/db';
import { countWhere, ownerUserId, seed, snapshot, type Fixture, type FixtureSnapshot, type Row } from './rlsFixtures';
import { MATRIX_TITLE } from './rlsFunctions';
import { SELECT_FIXTURE_OWNERS, SELECT_FIXTURES, TABLE_CELLS, TABLES, type SelectFixture, type TableCell } from './rlsTables';

/*
 * Every principal × table × operation against the real PostgREST, the table half of the database security matrix
 * (cells in rlsTables.ts). Refused writes are checked in the database (as the superuser), not just by their HTTP status.
 */

const selectFixtures = {} as Record<SelectFixture, Fixture>;

beforeAll(async () => {
	for (const name of SELECT_FIXTURES) selectFixtures[name] = await seed(SELECT_FIXTURE_OWNERS[name]);
});

afterAll(async () => {
	await closePg();
});

describe(MATRIX_TITLE, () => {
	describe.each(['select', 'insert', 'update', 'delete'] as const)('%s', (operation) => {
		const cells = TABLE_CELLS.filter((cell) => cell.operation === operation);
		it.each(cells.map((cell) => [cell.title, cell] as const))('%s', async (_title, cell) => {
			if (cell.operation === 'select') await selectCell(cell);
			else await writeCell(cell);
		});
	});
});

async function selectCell(cell: TableCell): Promise<void> {
	const spec = TABLES[cell.table];
	const keys = SELECT_FIXTURES.map((name) => spec.keyOf(selectFixtures[name]));
	const { data, error, status } = await cell.principal
		.client()
		.from(cell.table)
		.select<string, Row>(spec.key)
		.in(spec.key, keys);

	if (cell.expected.kind === 'refused') {
		expect({ status, code: error?.code }).toEqual({ status: cell.expected.status, code: cell.expected.code });
		expect(data).toBeNull();
		return;
	}
	if (cell.expected.kind !== 'rows') throw new Error(`a select cannot be ${cell.expected.kind}`);
	expect(error).toBeNull();
	expect(status).toBe(200);
	const returned = (data ?? []).map((row) => String(row[spec.key])).sort();
	expect(returned).toEqual(cell.expected.visible.map((name) => spec.keyOf(selectFixtures[name])).sort());
}

interface WriteAttempt {
	status: number;
	code: string | undefined;
	/** The assertions of a granted write, run once the refused path is ruled out. */
	verifyApplied: () => Promise<void>;
}

async function attemptWrite(
	cell: TableCell,
	client: SupabaseClient,
	target: Fixture,
	before: FixtureSnapshot,
): Promise<WriteAttempt> {
	const spec = TABLES[cell.table];
	if (cell.operation === 'insert') {
		const { row, findBy } = spec.newRow(target);
		const { status, error } = await client.from(cell.table).insert(row);
		const count = await countWhere(cell.table, ...findBy);
		if (cell.expected.kind === 'refused') expect(count).toBe(0);
		return {
			status,
			code: error?.code,
			verifyApplied: async () => {
				expect(status).toBe(201);
				expect(count).toBe(1);
			},
		};
	}
	if (cell.operation === 'update') {
		const { status, error } = await client
			.from(cell.table)
			.update({ [spec.update.column]: spec.update.value })
			.eq(spec.key, spec.keyOf(target));
		return {
			status,
			code: error?.code,
			verifyApplied: async () => {
				expect(status).toBe(204);
				expect(spec.rowOf(before)?.[spec.update.column]).not.toBe(spec.update.value);
				expect(spec.rowOf(await snapshot(target))).toMatchObject({ [spec.update.column]: spec.update.value });
			},
		};
	}
	const { status, error } = await client.from(cell.table).delete().eq(spec.key, spec.keyOf(target));
	return {
		status,
		code: error?.code,
		verifyApplied: async () => {
			expect(status).toBe(204);
			expect(spec.rowOf(before)).not.toBeNull();
			expect(spec.rowOf(await snapshot(target))).toBeNull();
		},
	};
}

async function writeCell(cell: TableCell): Promise<void> {
	const spec = TABLES[cell.table];
	// Every write aims at a fresh agent + session (+ lead) of the owner: their own rows for the owner,
	// somebody else's for the other user and the anon key.
	const target = await seed(ownerUserId, { lead: !(cell.operation === 'insert' && spec.insertNeedsNoLead) });
	const before = await snapshot(target);
	const { status, code, verifyApplied } = await attemptWrite(cell, cell.principal.client(), target, before);

	if (cell.expected.kind === 'refused') {
		expect({ status, code }).toEqual({ status: cell.expected.status, code: cell.expected.code });
		expect(await snapshot(target)).toEqual(before);
		return;
	}
	expect(code).toBeUndefined();
	await verifyApplied();
}
