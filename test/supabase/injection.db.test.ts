import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { getGatewayExchanges, getGatewaySeq } from '../backends/supabase/connection';
import type { GatewayExchange } from '../backends/supabase/gateway';
import { closePg, pgQuery, uniqueId } from '../backends/supabase/db';
import type { WorkflowRun } from '../harness';
import { runSupabaseNode, T0 } from './helpers';

/*
 * Session → Get Many with filter values that try to break out of PostgREST's query grammar. Each value
 * must select exactly the rows whose column equals it literally, reach PostgREST as that one value,
 * and leave every table as it was; where the node refuses a value, it says so with a node error.
 */

const marker = uniqueId('inj');
const agentA = `${marker}_a`;
const agentB = `${marker}_b`;

/** Stored retell_agent_id values that contain PostgREST's and SQL's special characters. */
const LITERALS: readonly string[] = [
	`${marker} a,b`,
	`${marker} (x)`,
	`${marker} say "hi"`,
	`${marker} "a","b"`,
	`"${marker} quoted whole"`,
	`${marker} back\\slash`,
	`${marker} back\\slash,x`,
	`${marker} 50% off*_`,
	`${marker} o'brien'; drop table public.leads; --`,
	`${marker} /* comment */ -- line`,
	`${marker} a&b=c?d#e+f`,
	`${marker} eq.in.(or)`,
	`${marker} ünïcødé 🚀 עברית ﷽`,
	`${marker} ${Array.from({ length: 300 }, () => 'long').join(' ')}`,
];

const callOf = new Map<string, string>();
const seededCallIds = (): string[] => [...callOf.values()];

/** A request line far beyond what a gateway accepts (the test gateway, a Node server, takes 16 KiB of headers). */
const HUGE = `${marker}_${'x'.repeat(100_000)}`;

interface InjectionCase {
	title: string;
	value: string;
	/** Stored values whose rows a literal match returns (after the node's trimming of list entries). */
	matches: readonly string[];
	/** The node may refuse the value instead, with a NodeOperationError (no request) or a 4xx NodeApiError. */
	mayRefuse?: 'NodeOperationError' | 'NodeApiError';
}

const ATTACKS: readonly InjectionCase[] = [
	{ title: 'a quote and a comma splitting one value into two', value: `${agentA}","${agentB}`, matches: [] },
	{ title: 'a leading and trailing quote', value: `"${agentA}"`, matches: [] },
	{ title: 'closing the list to append a logic tree', value: `${agentA}"),or(retell_agent_id.not.is.null`, matches: [] },
	{ title: 'an unquoted list break-out', value: `${agentA}),or(retell_agent_id.not.is.null)`, matches: [] },
	{ title: 'an or=(…) parameter', value: 'or=(retell_agent_id.not.is.null)', matches: [] },
	{ title: 'an operator prefix', value: `eq.${agentA}`, matches: [] },
	{ title: 'an operator alone', value: 'not.is.null', matches: [] },
	{ title: 'a second query parameter', value: `${agentA}&retell_agent_id=not.is.null`, matches: [] },
	{ title: 'a query string and a fragment', value: `${agentA}?select=id&limit=1#x`, matches: [] },
	{ title: 'a bare star', value: '*', matches: [] },
	{ title: 'like-style wildcards', value: `${marker}%`, matches: [] },
	{ title: 'a trailing star', value: `${marker}*`, matches: [] },
	{ title: 'percent-encoded quotes and comma', value: `${agentA}%22%2C%22${agentB}`, matches: [] },
	{ title: 'a SQL tautology', value: "' or '1'='1", matches: [] },
	{ title: 'a statement terminator and DROP TABLE', value: `${agentA}'; drop table public.leads; --`, matches: [] },
	{ title: 'SQL comments', value: `${agentA} /* x */ --`, matches: [] },
	{ title: 'a trailing backslash', value: `${agentA}\\`, matches: [] },
	{ title: 'a backslash escaping the closing quote', value: `${agentA}\\","${agentB}`, matches: [] },
	{ title: 'a full-width comma', value: `${agentA}，${agentB}`, matches: [] },
	{ title: 'typographic quotes around a comma', value: `${agentA}”,“${agentB}`, matches: [] },
	{ title: 'a right-to-left override', value: `\u202e${agentA}`, matches: [] },
	{ title: 'a 5,000-character value', value: `${agentA}${'x'.repeat(5000)}`, matches: [] },
	// PostgreSQL text cannot hold NUL, so no stored value can equal this one.
	{ title: 'a NUL byte', value: `${agentA}\u0000`, matches: [], mayRefuse: 'NodeOperationError' },
	{
		title: 'a NUL byte before a second value',
		value: `${agentA}\u0000","${agentB}`,
		matches: [],
		mayRefuse: 'NodeOperationError',
	},
	{ title: 'a 100,000-character value', value: HUGE, matches: [], mayRefuse: 'NodeApiError' },
	{ title: 'surrounding whitespace (trimmed, as every list entry)', value: ` \t${agentA}\n `, matches: [agentA] },
	{ title: 'the plain id, for contrast', value: agentA, matches: [agentA] },
];

/** Titles stay the same from run to run: the marker reads <id>, long values are cut. */
function shown(value: string): string {
	const stable = value.split(marker).join('<id>');
	return JSON.stringify(stable.length > 60 ? `${stable.slice(0, 60)}…` : stable);
}

const LITERAL_CASES: readonly InjectionCase[] = LITERALS.map((value) => ({
	title: `the stored value ${shown(value)}`,
	value,
	matches: [value],
}));

// ---------------------------------------------------------------------------------------------------

interface SeededState {
	tables: Array<string | null>;
	sessions: IDataObject[];
	agent: IDataObject | null;
	lead: IDataObject | null;
}

let agentRowId = '';
let initialState: SeededState;

/** The rows this suite seeded, exactly as stored, and whether the three tables still exist. */
async function seededState(): Promise<SeededState> {
	const [state] = await pgQuery<SeededState>(
		`select array[to_regclass('public.agents')::text, to_regclass('public.retell_call_sessions')::text,
		              to_regclass('public.leads')::text] as tables,
		        (select coalesce(jsonb_agg(to_jsonb(s) order by s.call_id), '[]')
		           from public.retell_call_sessions s where s.call_id = any($1)) as sessions,
		        (select to_jsonb(a) from public.agents a where a.id = $2) as agent,
		        (select to_jsonb(l) from public.leads l where l.call_id = $3) as lead`,
		[seededCallIds(), agentRowId, callOf.get(agentA)],
	);
	return state;
}

beforeAll(async () => {
	const stored = [agentA, agentB, ...LITERALS];
	stored.forEach((value, index) => callOf.set(value, `${marker}_call_${index}`));
	await pgQuery(
		`insert into public.retell_call_sessions (call_id, retell_agent_id, call_status, start_timestamp)
		 select call_id, retell_agent_id, 'ended', $3 from unnest($1::text[], $2::text[]) as t (call_id, retell_agent_id)`,
		[stored.map((value) => callOf.get(value)), stored, new Date(T0).toISOString()],
	);
	const [agent] = await pgQuery<{ id: string }>(
		"insert into public.agents (name, retell_agent_id) values ('Injection target', $1) returning id",
		[agentA],
	);
	agentRowId = agent.id;
	await pgQuery("insert into public.leads (call_id, name) values ($1, 'Ada')", [callOf.get(agentA)]);
	initialState = await seededState();
	expect(initialState.sessions).toHaveLength(stored.length);
	expect(initialState.lead).not.toBeNull();
});

afterAll(async () => {
	await closePg();
});

// ---------------------------------------------------------------------------------------------------

/**
 * The values of a PostgREST `in.(…)` filter as PostgREST 12 reads them: an element that starts with `"`
 * and whose closing `"` is followed by `,` or the end runs to that quote (a backslash takes the next
 * character literally); any other element is taken as is up to the next `,` or `)`. undefined when the
 * text is not exactly one list (PostgREST ignores what follows an early `)`; here that is a failure).
 */
function postgrestInList(filter: string): string[] | undefined {
	if (!filter.startsWith('in.(') || !filter.endsWith(')')) return undefined;
	const body = filter.slice('in.('.length, -1);
	const quotedAt = (start: number): { value: string; end: number } | undefined => {
		if (body[start] !== '"') return undefined;
		let value = '';
		let position = start + 1;
		while (position < body.length && body[position] !== '"') {
			if (body[position] === '\\') position += 1;
			value += body[position] ?? '';
			position += 1;
		}
		const end = position + 1;
		if (position >= body.length || (end < body.length && body[end] !== ',')) return undefined;
		return { value, end };
	};
	const values: string[] = [];
	let position = 0;
	for (;;) {
		const quoted = quotedAt(position);
		if (quoted) {
			values.push(quoted.value);
			position = quoted.end;
		} else {
			const stop = body.slice(position).search(/[,)]/);
			const end = stop < 0 ? body.length : position + stop;
			if (body[end] === ')') return undefined;
			values.push(body.slice(position, end));
			position = end;
		}
		if (position === body.length) return values;
		position += 1;
	}
}

/** A Started Before no other test uses, which both tags our requests and keeps every seeded row (T0). */
function uniqueTag(): string {
	const offset = Number.parseInt(uniqueId('t').slice(2), 16) % 1_000_000_000;
	return new Date(Date.UTC(2100, 0, 1) + offset).toISOString();
}

function queryOf(exchange: GatewayExchange): URLSearchParams {
	return new URLSearchParams(exchange.url.slice(exchange.url.indexOf('?') + 1));
}

async function taggedRequests(sinceSeq: number, tag: string): Promise<GatewayExchange[]> {
	return (await getGatewayExchanges(sinceSeq)).filter(
		(exchange) =>
			exchange.url.startsWith('/rest/v1/retell_call_sessions?') &&
			queryOf(exchange).getAll('start_timestamp').includes(`lte.${tag}`),
	);
}

const getMany = async (filters: INodeParameters): Promise<WorkflowRun> =>
	await runSupabaseNode({ resource: 'session', operation: 'getAll', returnAll: true, filters });

interface RunError {
	name: string | undefined;
	message: string | undefined;
	httpCode: unknown;
}

function errorOf(run: WorkflowRun): RunError {
	const error = run.error;
	return {
		name: error?.name,
		message: error?.message,
		httpCode: error && 'httpCode' in error ? error.httpCode : undefined,
	};
}

function expectNodeRefusal(run: WorkflowRun, kind: 'NodeOperationError' | 'NodeApiError'): void {
	const error = errorOf(run);
	expect(error.name).toBe(kind);
	expect(error.message).toEqual(expect.any(String));
	if (kind === 'NodeApiError') expect(String(error.httpCode)).toMatch(/^4\d\d$/);
}

/** A value that smuggled in `&`, `=`, `?` or `#` would add or drop one of these. */
const EXPECTED_PARAMETERS = ['select', 'retell_agent_id', 'start_timestamp', 'order', 'offset', 'limit'];

async function runCase(testCase: InjectionCase): Promise<void> {
	const tag = uniqueTag();
	const seq = await getGatewaySeq();
	const run = await getMany({ retellAgentId: [testCase.value], startedBefore: tag });
	const requests = await taggedRequests(seq, tag);

	for (const request of requests) expect(request.status).toBeLessThan(500);
	if (run.status === 'error' && testCase.mayRefuse) {
		expectNodeRefusal(run, testCase.mayRefuse);
		if (testCase.mayRefuse === 'NodeOperationError') expect(requests).toEqual([]);
	} else {
		expect(errorOf(run)).toEqual({ name: undefined, message: undefined, httpCode: undefined });
		const returned = run.json().map((session) => session.call_id);
		expect(returned.sort()).toEqual(testCase.matches.map((value) => callOf.get(value)).sort());

		expect(requests.length).toBeGreaterThan(0);
		for (const request of requests) {
			const query = queryOf(request);
			expect([...query.keys()]).toEqual(EXPECTED_PARAMETERS);
			expect(postgrestInList(query.get('retell_agent_id') ?? '')).toEqual([testCase.value.trim()]);
		}
	}

	expect(await seededState()).toEqual(initialState);
}

const VALUE_COUNT = ATTACKS.length + LITERAL_CASES.length;
const titled = (cases: readonly InjectionCase[]) => cases.map((testCase) => [testCase.title, testCase] as const);

describe(`Retell Supabase → Session → Get Many: hostile Retell Agent filter values (${VALUE_COUNT})`, () => {
	it.each(titled(ATTACKS))('%s selects only literal matches', async (_title, testCase) => {
		await runCase(testCase);
	});

	it.each(titled(LITERAL_CASES))('%s is found by exact match, alone', async (_title, testCase) => {
		await runCase(testCase);
	});

	it('a list of several hostile values matches each of them literally, and nothing else', async () => {
		const values = [`${marker} a,b`, `${marker} "a","b"`, `${agentA}","${agentB}`, `${marker} back\\slash,x`];
		const tag = uniqueTag();
		const seq = await getGatewaySeq();
		const run = await getMany({ retellAgentId: values, startedBefore: tag });
		expect(errorOf(run).message).toBeUndefined();
		expect(run.json().map((session) => session.call_id).sort()).toEqual(
			[callOf.get(`${marker} a,b`), callOf.get(`${marker} "a","b"`), callOf.get(`${marker} back\\slash,x`)].sort(),
		);
		const requests = await taggedRequests(seq, tag);
		expect(requests.length).toBeGreaterThan(0);
		for (const request of requests) expect(postgrestInList(queryOf(request).get('retell_agent_id') ?? '')).toEqual(values);
	});
});

describe('Retell Supabase → Session → Get Many: the other filters never pass text through', () => {
	const refusals: Array<[string, INodeParameters, string]> = [
		['Call Status', { callStatus: ['ended),or(call_status.neq.x'] }, 'Call Status must be a list of'],
		['Direction', { direction: ['inbound&select=id'] }, 'Direction must be a list of'],
		[
			'Started After',
			{ startedAfter: '2026-01-01T00:00:00Z),or(retell_agent_id.not.is.null' },
			'Started After is not a date and time',
		],
		['Started Before', { startedBefore: "2026-01-01'; drop table public.leads; --" }, 'Started Before is not a date and time'],
	];

	it.each(refusals)('%s: a value outside its options (or not a date) is a NodeOperationError, sent nowhere', async (_field, filters, message) => {
		const seq = await getGatewaySeq();
		const run = await getMany({ retellAgentId: [agentA], ...filters });
		expect(errorOf(run).name).toBe('NodeOperationError');
		expect(errorOf(run).message).toContain(message);
		expect(run.error?.context.itemIndex).toBe(0);
		const sent = (await getGatewayExchanges(seq)).filter((exchange) =>
			queryOf(exchange)
				.getAll('retell_agent_id')
				.some((filter) => postgrestInList(filter)?.includes(agentA)),
		);
		expect(sent).toEqual([]);
		expect(await seededState()).toEqual(initialState);
	});

	it('a date that only parses leniently reaches PostgREST as an ISO time, not as the text typed', async () => {
		// Midnight local time, before T0 in every time zone.
		const typed = 'December 31, 2025 (or=(retell_agent_id.not.is.null))';
		const tag = uniqueTag();
		const seq = await getGatewaySeq();
		const run = await getMany({ retellAgentId: [agentA], startedAfter: typed, startedBefore: tag });
		expect(errorOf(run).message).toBeUndefined();
		expect(run.json().map((session) => session.call_id)).toEqual([callOf.get(agentA)]);
		const requests = await taggedRequests(seq, tag);
		expect(requests.length).toBeGreaterThan(0);
		const startedAfterIso = new Date(Date.parse(typed)).toISOString();
		for (const request of requests) {
			expect(queryOf(request).getAll('start_timestamp')).toEqual([`gte.${startedAfterIso}`, `lte.${tag}`]);
		}
	});
});
