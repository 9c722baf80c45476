import { uniqueId } from '../support/supabase-stack/db';

/* The Retell Agent filter values the injection tests try, and the stored values they must find literally. */

export const marker = uniqueId('inj');
export const agentA = `${marker}_a`;
export const agentB = `${marker}_b`;

/** Stored retell_agent_id values that contain PostgREST's and SQL's special characters. */
export const LITERALS: readonly string[] = [
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

/** A request line far beyond what a gateway accepts (the test gateway, a Node server, takes 16 KiB of headers). */
const HUGE = `${marker}_${'x'.repeat(100_000)}`;

export interface InjectionCase {
	title: string;
	value: string;
	/** Stored values whose rows a literal match returns (after the node's trimming of list entries). */
	matches: readonly string[];
	/** The node may refuse the value instead, with a NodeOperationError (no request) or a 4xx NodeApiError. */
	mayRefuse?: 'NodeOperationError' | 'NodeApiError';
}

export const ATTACKS: readonly InjectionCase[] = [
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

export const LITERAL_CASES: readonly InjectionCase[] = LITERALS.map((value) => ({
	title: `the stored value ${shown(value)}`,
	value,
	matches: [value],
}));
