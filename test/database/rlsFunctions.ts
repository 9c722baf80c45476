import {
	FUNCTION_EXECUTE_ROLES,
	otherUserId,
	PRINCIPALS,
	refusedStatus,
	type DatabaseRole,
	type Fixture,
	type FixtureSnapshot,
	type Principal,
	type Row,
} from './rlsFixtures';
import { TABLE_CELLS } from './rlsTables';

/* The principal × function cells of the database security matrix, each with its expected outcome. */

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

export interface FunctionSpec {
	name: string;
	/** As pg_catalog prints `oid::regprocedure` with search_path = public. */
	signature: string;
	exposure: Exposure;
	args: (call: CallContext) => Row;
	/** Roles granted EXECUTE; default FUNCTION_EXECUTE_ROLES (service_role only). */
	executeRoles?: readonly DatabaseRole[];
	/** Answer of a granted call: HTTP status and, where it says something, the returned value. */
	served?: { status: 200 | 204; data?: (marker: string, principal: Principal) => unknown };
	/** What a granted call writes: a session for `marker`, and/or the fixture's call_status set to 'error'. */
	writes?: { markerSession?: boolean; fixtureStatusError?: boolean };
}

export const FUNCTIONS: readonly FunctionSpec[] = [
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
	{
		// SECURITY INVOKER: a signed-in user counts only the calls of their own agents.
		name: 'retell_agent_stats',
		signature: 'retell_agent_stats(timestamp with time zone,timestamp with time zone,text,text[],text,numeric)',
		exposure: 'rpc',
		executeRoles: ['authenticated', 'service_role'],
		args: ({ fixture }) => ({ p_from: '2000-01-01T00:00:00Z', p_group_by: 'total', p_retell_agent_ids: [fixture.retellAgentId] }),
		served: {
			status: 200,
			data: (_marker, principal) => [
				expect.objectContaining({ calls: principal.userId === otherUserId ? 0 : 1, connected_calls: 0, cost_usd: 0 }),
			],
		},
	},
];

const executeRoles = (spec: FunctionSpec): readonly DatabaseRole[] => spec.executeRoles ?? FUNCTION_EXECUTE_ROLES;

type FunctionOutcome =
	| { kind: 'served'; status: 200 | 204 }
	| { kind: 'refused'; status: 400 | 401 | 403 | 404; code: string };

function expectedFunctionOutcome(principal: Principal, spec: FunctionSpec): FunctionOutcome {
	if (spec.exposure === 'triggerFunction') return { kind: 'refused', status: 404, code: 'PGRST202' };
	if (spec.exposure === 'polymorphic') return { kind: 'refused', status: 400, code: '42P16' };
	if (!executeRoles(spec).includes(principal.role)) {
		return { kind: 'refused', status: refusedStatus(principal.role), code: '42501' };
	}
	if (!spec.served) throw new Error(`${spec.name} is callable but its cell has no expected answer`);
	return { kind: 'served', status: spec.served.status };
}

export interface FunctionCell {
	principal: Principal;
	spec: FunctionSpec;
	expected: FunctionOutcome;
	executeGranted: boolean;
	title: string;
}

export const FUNCTION_CELLS: FunctionCell[] = PRINCIPALS.flatMap((principal) =>
	FUNCTIONS.map((spec) => {
		const expected = expectedFunctionOutcome(principal, spec);
		const answer = expected.kind === 'served' ? `served ${expected.status}` : `refused ${expected.status} ${expected.code}`;
		return {
			principal,
			spec,
			expected,
			executeGranted: executeRoles(spec).includes(principal.role),
			title: `${principal.name} rpc ${spec.name}: ${answer}`,
		};
	}),
);

// ---------------------------------------------------------------------------------------------------
// The matrix
// ---------------------------------------------------------------------------------------------------

const CELL_COUNT = TABLE_CELLS.length + FUNCTION_CELLS.length;

/** Both halves of the matrix run under this one title, so every cell keeps its full name. */
export const MATRIX_TITLE =
	`database security matrix: ${CELL_COUNT} cells ` +
	`(${TABLE_CELLS.length} principal × table × operation, ${FUNCTION_CELLS.length} principal × function)`;
