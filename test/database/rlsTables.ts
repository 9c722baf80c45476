import { uniqueId } from '../support/supabase-stack/db';
import {
	BYPASSES_RLS,
	otherUserId,
	ownerUserId,
	PRINCIPALS,
	refusedStatus,
	TABLE_PRIVILEGES,
	type Fixture,
	type FixtureSnapshot,
	type Operation,
	type Principal,
	type Row,
	type TableName,
} from './rlsFixtures';

/* The principal × table × operation cells of the database security matrix, each with its expected outcome. */

export interface TableSpec {
	/** The column a test filters and identifies rows by. */
	key: string;
	keyOf: (fixture: Fixture) => string;
	/** The fixture's row in a snapshot. */
	rowOf: (state: FixtureSnapshot) => Row | null;
	/** A new row tied to the fixture, and the column + value that find it afterwards. */
	newRow: (fixture: Fixture) => { row: Row; findBy: [column: string, value: string] };
	update: { column: string; value: string };
	/** Seed the write fixture without a lead, so that inserting one is possible at all. */
	insertNeedsNoLead?: boolean;
}

const requireLead = (fixture: Fixture): string => {
	if (fixture.leadId === null) throw new Error('fixture has no lead');
	return fixture.leadId;
};

export const TABLES: Record<TableName, TableSpec> = {
	agents: {
		key: 'id',
		keyOf: (fixture) => fixture.agentId,
		rowOf: (state) => state.agent,
		newRow: () => {
			const retellAgentId = uniqueId('agent');
			return { row: { retell_agent_id: retellAgentId, name: 'inserted' }, findBy: ['retell_agent_id', retellAgentId] };
		},
		update: { column: 'name', value: 'renamed by the test' },
	},
	retell_call_sessions: {
		key: 'call_id',
		keyOf: (fixture) => fixture.callId,
		rowOf: (state) => state.session,
		newRow: (fixture) => {
			const callId = uniqueId('call');
			return { row: { call_id: callId, agent_id: fixture.agentId, call_status: 'ongoing' }, findBy: ['call_id', callId] };
		},
		update: { column: 'call_status', value: 'error' },
	},
	leads: {
		key: 'id',
		keyOf: requireLead,
		rowOf: (state) => state.lead,
		newRow: (fixture) => ({ row: { call_id: fixture.callId, name: 'Grace' }, findBy: ['call_id', fixture.callId] }),
		update: { column: 'name', value: 'Grace' },
		insertNeedsNoLead: true,
	},
};

export type SelectFixture = 'mine' | 'theirs' | 'unowned';
export const SELECT_FIXTURE_OWNERS: Record<SelectFixture, string | null> = {
	mine: ownerUserId,
	theirs: otherUserId,
	unowned: null,
};
export const SELECT_FIXTURES = Object.keys(SELECT_FIXTURE_OWNERS) as SelectFixture[];

type TableOutcome =
	| { kind: 'refused'; status: 401 | 403; code: '42501' }
	| { kind: 'rows'; visible: SelectFixture[] }
	| { kind: 'applied' };

function expectedTableOutcome(principal: Principal, operation: Operation): TableOutcome {
	if (!TABLE_PRIVILEGES[principal.role].includes(operation)) {
		return { kind: 'refused', status: refusedStatus(principal.role), code: '42501' };
	}
	if (operation !== 'select') return { kind: 'applied' };
	// The three owner_read policies all come down to: the row's agent is owned by auth.uid().
	const visible = BYPASSES_RLS[principal.role]
		? SELECT_FIXTURES
		: SELECT_FIXTURES.filter((name) => principal.userId !== null && SELECT_FIXTURE_OWNERS[name] === principal.userId);
	return { kind: 'rows', visible };
}

function describeOutcome(outcome: TableOutcome): string {
	if (outcome.kind === 'refused') return `refused ${outcome.status} ${outcome.code}`;
	if (outcome.kind === 'rows') return `sees ${outcome.visible.length ? outcome.visible.join(' + ') : 'nothing'}`;
	return 'applied';
}

export interface TableCell {
	principal: Principal;
	table: TableName;
	operation: Operation;
	expected: TableOutcome;
	title: string;
}

const OPERATIONS: readonly Operation[] = ['select', 'insert', 'update', 'delete'];

export const TABLE_CELLS: TableCell[] = PRINCIPALS.flatMap((principal) =>
	(Object.keys(TABLES) as TableName[]).flatMap((table) =>
		OPERATIONS.map((operation) => {
			const expected = expectedTableOutcome(principal, operation);
			const title = `${principal.name} ${operation} ${table}: ${describeOutcome(expected)}`;
			return { principal, table, operation, expected, title };
		}),
	),
);
