import { randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';

import { supabaseClient, userClient } from '../backends/supabase/clients';
import { getSupabaseTestConnection } from '../backends/supabase/connection';
import { closePg, pgQuery, uniqueId } from '../backends/supabase/db';
import { mintUserToken } from '../backends/supabase/jwt';

/*
 * Every principal × table × operation, and every public function × principal, against the real PostgREST.
 * The expected outcome of each cell is derived from the migration's GRANTs and policies, restated below;
 * refused writes are checked in the database (as the superuser), not just by their HTTP status.
 */

const connection = getSupabaseTestConnection();
const ownerUserId = connection.authenticatedUserId;
const otherUserId = randomUUID();

type DatabaseRole = 'anon' | 'authenticated' | 'service_role';
type TableName = 'agents' | 'retell_call_sessions' | 'leads';
type Operation = 'select' | 'insert' | 'update' | 'delete';
type Row = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------------
// What the migration says
// ---------------------------------------------------------------------------------------------------

/** `revoke all … from anon, authenticated; grant select … to authenticated; grant all … to service_role`. */
const TABLE_PRIVILEGES: Record<DatabaseRole, readonly Operation[]> = {
	anon: [],
	authenticated: ['select'],
	service_role: ['select', 'insert', 'update', 'delete'],
};

/** service_role has BYPASSRLS; the others only see rows through the `*_owner_read` policies. */
const BYPASSES_RLS: Record<DatabaseRole, boolean> = { anon: false, authenticated: false, service_role: true };

/** `grant execute on function … to service_role`, after `revoke all … from public, anon, authenticated`. */
const FUNCTION_EXECUTE_ROLES: readonly DatabaseRole[] = ['service_role'];

/** PostgREST answers 42501 with 401 to an anonymous request and 403 to one carrying a role's JWT. */
const refusedStatus = (role: DatabaseRole): 401 | 403 => (role === 'anon' ? 401 : 403);

// ---------------------------------------------------------------------------------------------------
// Principals and fixtures
// ---------------------------------------------------------------------------------------------------

interface Principal {
	name: string;
	role: DatabaseRole;
	/** auth.uid() of the requests, for the owner policies. */
	userId: string | null;
	client: () => SupabaseClient;
}

const PRINCIPALS: readonly Principal[] = [
	{ name: 'anon key', role: 'anon', userId: null, client: () => supabaseClient(connection.anonKey) },
	{ name: 'owner (authenticated)', role: 'authenticated', userId: ownerUserId, client: () => userClient() },
	{
		name: 'other user (authenticated)',
		role: 'authenticated',
		userId: otherUserId,
		client: () => userClient(mintUserToken(connection.jwtSecret, otherUserId)),
	},
	{ name: 'service role', role: 'service_role', userId: null, client: () => supabaseClient() },
];

interface Fixture {
	ownerId: string | null;
	agentId: string;
	retellAgentId: string;
	callId: string;
	/** null when seeded without a lead (the lead insert cells create it). */
	leadId: string | null;
}

/** An agent owned by `ownerId`, one merged call session for it and (unless told otherwise) one lead, as the superuser. */
async function seed(ownerId: string | null, options: { lead: boolean } = { lead: true }): Promise<Fixture> {
	const retellAgentId = uniqueId('agent');
	const callId = uniqueId('call');
	const [agent] = await pgQuery<{ id: string }>(
		'insert into public.agents (retell_agent_id, owner_id) values ($1, $2) returning id',
		[retellAgentId, ownerId],
	);
	await pgQuery('select public.retell_merge_call_sessions($1::jsonb)', [
		JSON.stringify([{ call_id: callId, event: 'call_ended', retell_agent_id: retellAgentId, call_status: 'ended' }]),
	]);
	let leadId: string | null = null;
	if (options.lead) {
		const [lead] = await pgQuery<{ id: string }>("insert into public.leads (call_id, name) values ($1, 'Ada') returning id", [
			callId,
		]);
		leadId = lead.id;
	}
	return { ownerId, agentId: agent.id, retellAgentId, callId, leadId };
}

interface FixtureSnapshot {
	agent: Row | null;
	session: Row | null;
	lead: Row | null;
}

/** The fixture's three rows exactly as stored. */
async function snapshot(fixture: Fixture): Promise<FixtureSnapshot> {
	const [rows] = await pgQuery<FixtureSnapshot>(
		`select (select to_jsonb(a) from public.agents a where a.id = $1) as agent,
		        (select to_jsonb(s) from public.retell_call_sessions s where s.call_id = $2) as session,
		        (select to_jsonb(l) from public.leads l where l.id = $3) as lead`,
		[fixture.agentId, fixture.callId, fixture.leadId],
	);
	return rows;
}

async function countWhere(table: TableName, column: string, value: string): Promise<number> {
	const [{ count }] = await pgQuery<{ count: string }>(`select count(*) from public.${table} where ${column} = $1`, [value]);
	return Number(count);
}

// ---------------------------------------------------------------------------------------------------
// Tables
// ---------------------------------------------------------------------------------------------------

interface TableSpec {
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

const TABLES: Record<TableName, TableSpec> = {
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

type SelectFixture = 'mine' | 'theirs' | 'unowned';
const SELECT_FIXTURE_OWNERS: Record<SelectFixture, string | null> = {
	mine: ownerUserId,
	theirs: otherUserId,
	unowned: null,
};
const SELECT_FIXTURES = Object.keys(SELECT_FIXTURE_OWNERS) as SelectFixture[];

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

interface TableCell {
	principal: Principal;
	table: TableName;
	operation: Operation;
	expected: TableOutcome;
	title: string;
}

const OPERATIONS: readonly Operation[] = ['select', 'insert', 'update', 'delete'];

const TABLE_CELLS: TableCell[] = PRINCIPALS.flatMap((principal) =>
	(Object.keys(TABLES) as TableName[]).flatMap((table) =>
		OPERATIONS.map((operation) => {
			const expected = expectedTableOutcome(principal, operation);
			const title = `${principal.name} ${operation} ${table}: ${describeOutcome(expected)}`;
			return { principal, table, operation, expected, title };
		}),
	),
);

// ---------------------------------------------------------------------------------------------------
// Functions
// ---------------------------------------------------------------------------------------------------

/**
 * How PostgREST can reach a function: through /rpc, not at all (trigger functions are left out of its
 * schema cache), or only to fail on the polymorphic (anyelement) parameters before any privilege check.
 */
type Exposure = 'rpc' | 'triggerFunction' | 'polymorphic';

/** What a function cell's arguments may refer to: its own fixture as stored, and a fresh call_id. */
interface CallContext {
	fixture: Fixture;
	stored: FixtureSnapshot;
	marker: string;
}

interface FunctionSpec {
	name: string;
	/** As pg_catalog prints `oid::regprocedure` with search_path = public. */
	signature: string;
	exposure: Exposure;
	args: (call: CallContext) => Row;
	/** Answer of a granted call: HTTP status and, where it says something, the returned value. */
	served?: { status: 200 | 204; data?: (marker: string) => unknown };
	/** What a granted call writes: a session for `marker`, and/or the fixture's call_status set to 'error'. */
	writes?: { markerSession?: boolean; fixtureStatusError?: boolean };
}

const FUNCTIONS: readonly FunctionSpec[] = [
	...['retell_set_updated_at', 'retell_leads_fill_from_session', 'retell_agents_link_calls'].map(
		(name): FunctionSpec => ({ name, signature: `${name}()`, exposure: 'triggerFunction', args: () => ({}) }),
	),
	{
		name: 'retell_call_status_rank',
		signature: 'retell_call_status_rank(text)',
		exposure: 'rpc',
		args: () => ({ p_status: 'ended' }),
		served: { status: 200, data: () => 4 },
	},
	{
		name: 'retell_event_tier',
		signature: 'retell_event_tier(text)',
		exposure: 'rpc',
		args: () => ({ p_event: 'call_analyzed' }),
		served: { status: 200, data: () => 4 },
	},
	{
		name: 'retell_prefer',
		signature: 'retell_prefer(anyelement,anyelement,text,text,jsonb)',
		exposure: 'polymorphic',
		args: () => ({ p_in: 2, p_cur: 1, p_col: 'agent_version', p_event: 'call_ended', p_sources: {} }),
	},
	{
		name: 'retell_prefer_text',
		signature: 'retell_prefer_text(text,text,text,text,jsonb)',
		exposure: 'rpc',
		args: () => ({ p_in: 'longer', p_cur: 'short', p_col: 'transcript', p_event: 'call_ended', p_sources: {} }),
		served: { status: 200, data: () => true },
	},
	{
		name: 'retell_merge_session_row',
		signature:
			'retell_merge_session_row(retell_call_sessions,retell_call_sessions,text,boolean,timestamp with time zone)',
		exposure: 'rpc',
		args: ({ marker }) => ({
			p_cur: null,
			p_in: { call_id: marker, call_status: 'ongoing' },
			p_event: 'call_started',
			p_record_event: true,
			p_received_at: '2026-01-01T10:00:00.000Z',
		}),
		served: {
			status: 200,
			data: (marker) => expect.objectContaining({ call_id: marker, call_status: 'ongoing', last_event: 'call_started' }),
		},
	},
	{
		name: 'retell_lock_call_sessions',
		signature: 'retell_lock_call_sessions(text[])',
		exposure: 'rpc',
		args: ({ marker }) => ({ p_call_ids: [marker] }),
		served: { status: 200, data: (marker) => [marker] },
		writes: { markerSession: true },
	},
	{
		name: 'retell_update_call_sessions',
		signature: 'retell_update_call_sessions(retell_call_sessions[])',
		exposure: 'rpc',
		args: ({ stored }) => ({ p_rows: [{ ...stored.session, call_status: 'error' }] }),
		served: { status: 204 },
		writes: { fixtureStatusError: true },
	},
	{
		name: 'retell_merge_call_sessions',
		signature: 'retell_merge_call_sessions(jsonb,boolean)',
		exposure: 'rpc',
		args: ({ fixture, marker }) => ({
			p_rows: [
				{ call_id: marker, call_status: 'ongoing' },
				{ call_id: fixture.callId, call_status: 'error' },
			],
		}),
		served: {
			status: 200,
			data: (marker) => [
				expect.objectContaining({ item_index: 0, call_id: marker, action: 'inserted' }),
				expect.objectContaining({ item_index: 1, action: 'updated' }),
			],
		},
		writes: { markerSession: true, fixtureStatusError: true },
	},
];

type FunctionOutcome =
	| { kind: 'served'; status: 200 | 204 }
	| { kind: 'refused'; status: 400 | 401 | 403 | 404; code: string };

function expectedFunctionOutcome(principal: Principal, spec: FunctionSpec): FunctionOutcome {
	if (spec.exposure === 'triggerFunction') return { kind: 'refused', status: 404, code: 'PGRST202' };
	if (spec.exposure === 'polymorphic') return { kind: 'refused', status: 400, code: '42P16' };
	if (!FUNCTION_EXECUTE_ROLES.includes(principal.role)) {
		return { kind: 'refused', status: refusedStatus(principal.role), code: '42501' };
	}
	if (!spec.served) throw new Error(`${spec.name} is callable but its cell has no expected answer`);
	return { kind: 'served', status: spec.served.status };
}

interface FunctionCell {
	principal: Principal;
	spec: FunctionSpec;
	expected: FunctionOutcome;
	executeGranted: boolean;
	title: string;
}

const FUNCTION_CELLS: FunctionCell[] = PRINCIPALS.flatMap((principal) =>
	FUNCTIONS.map((spec) => {
		const expected = expectedFunctionOutcome(principal, spec);
		const answer = expected.kind === 'served' ? `served ${expected.status}` : `refused ${expected.status} ${expected.code}`;
		return {
			principal,
			spec,
			expected,
			executeGranted: FUNCTION_EXECUTE_ROLES.includes(principal.role),
			title: `${principal.name} rpc ${spec.name}: ${answer}`,
		};
	}),
);

// ---------------------------------------------------------------------------------------------------
// The matrix
// ---------------------------------------------------------------------------------------------------

const selectFixtures = {} as Record<SelectFixture, Fixture>;

beforeAll(async () => {
	for (const name of SELECT_FIXTURES) selectFixtures[name] = await seed(SELECT_FIXTURE_OWNERS[name]);
});

afterAll(async () => {
	await closePg();
});

const CELL_COUNT = TABLE_CELLS.length + FUNCTION_CELLS.length;

const MATRIX_TITLE =
	`database security matrix: ${CELL_COUNT} cells ` +
	`(${TABLE_CELLS.length} principal × table × operation, ${FUNCTION_CELLS.length} principal × function)`;

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

	describe.each(['select', 'insert', 'update', 'delete'] as const)('%s', (operation) => {
		const cells = TABLE_CELLS.filter((cell) => cell.operation === operation);
		it.each(cells.map((cell) => [cell.title, cell] as const))('%s', async (_title, cell) => {
			if (cell.operation === 'select') await selectCell(cell);
			else await writeCell(cell);
		});
	});

	describe('rpc', () => {
		it.each(FUNCTION_CELLS.map((cell) => [cell.title, cell] as const))('%s', async (_title, cell) => {
			await functionCell(cell);
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
	if (cell.spec.served?.data) expect(data).toEqual(cell.spec.served.data(marker));
	expect(markerSessions).toBe(cell.spec.writes?.markerSession ? 1 : 0);
	if (cell.spec.writes?.fixtureStatusError) {
		expect(before.session?.call_status).toBe('ended');
		expect(after.session?.call_status).toBe('error');
	} else {
		expect(after).toEqual(before);
	}
}
