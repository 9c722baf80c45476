import { getGatewaySeq } from '../support/supabase-stack/connection';
import { closePg } from '../support/supabase-stack/db';
import type { WorkflowRun } from '../support/harness';
import { agentA, agentB, ATTACKS, LITERAL_CASES, marker, type InjectionCase } from './injectionCases';
import { errorOf, getMany, postgrestInList, queryOf, taggedRequests, uniqueTag } from './injectionRequests';
import { callOf, seededState, seedTargets, STORED_VALUES, type SeededState } from './injectionTargets';

/*
 * Session → Get Many with filter values that try to break out of PostgREST's query grammar. Each value
 * must select exactly the rows whose column equals it literally, reach PostgREST as that one value,
 * and leave every table as it was; where the node refuses a value, it says so with a node error.
 */

let initialState: SeededState;

beforeAll(async () => {
	initialState = await seedTargets();
	expect(initialState.sessions).toHaveLength(STORED_VALUES.length);
	expect(initialState.lead).not.toBeNull();
});

afterAll(async () => {
	await closePg();
});

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
