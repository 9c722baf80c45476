import type { INodeParameters } from 'n8n-workflow';

import { getGatewayExchanges, getGatewaySeq } from '../support/supabase-stack/connection';
import { closePg } from '../support/supabase-stack/db';
import { agentA } from './injectionCases';
import { errorOf, getMany, postgrestInList, queryOf, taggedRequests, uniqueTag } from './injectionRequests';
import { callOf, seededState, seedTargets, STORED_VALUES, type SeededState } from './injectionTargets';

/*
 * Session → Get Many's other filters take values only from their options or as dates: a value that tries to break
 * out of PostgREST's query grammar is refused before any request, or reaches PostgREST as an ISO time.
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
