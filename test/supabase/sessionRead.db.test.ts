import type { IDataObject } from 'n8n-workflow';

import { getGatewayExchanges, getGatewaySeq } from '../support/supabase-stack/connection';
import { closePg, pgQuery, uniqueId } from '../support/supabase-stack/db';
import { loadOptions } from '../support/harness';
import {
	endedCall,
	logSessions,
	outputOf,
	quietLargeBodyWarnings,
	runSupabaseNode,
	supabaseCredentials,
	T0,
} from './helpers';

const getMany = async (parameters: IDataObject) =>
	outputOf(await runSupabaseNode({ resource: 'session', operation: 'getAll', returnAll: true, ...parameters }));

quietLargeBodyWarnings();

afterAll(async () => {
	await closePg();
});

const MINUTE = 60_000;

describe('Retell Supabase → Session → Get', () => {
	it('returns the stored session of a call', async () => {
		const callId = uniqueId('call');
		const agentId = uniqueId('agent');
		outputOf(await logSessions([{ event: 'call_ended', call: endedCall(callId, agentId) }]));

		const run = await runSupabaseNode({ resource: 'session', operation: 'get', callId });
		const [session] = outputOf(run);
		expect(session).toMatchObject({ call_id: callId, retell_agent_id: agentId, call_status: 'ended', last_event: 'call_ended' });
		expect(session).not.toHaveProperty('action');
	});

	it('says so when the call has no session, with the item index; Continue On Fail makes it an error item', async () => {
		const missing = uniqueId('call');
		const run = await runSupabaseNode(
			{ resource: 'session', operation: 'get', callId: '={{ $json.id }}' },
			{ input: [{ id: missing }] },
		);
		expect(run.status).toBe('error');
		expect(run.error?.message).toBe(`No session for call ${missing}`);
		expect(run.error?.context.itemIndex).toBe(0);

		const tolerated = await runSupabaseNode(
			{ resource: 'session', operation: 'get', callId: '={{ $json.id }}' },
			{ input: [{ id: missing }, { id: '' }], continueOnFail: true },
		);
		expect(outputOf(tolerated)).toEqual([
			expect.objectContaining({ error: `No session for call ${missing}` }),
			expect.objectContaining({ error: 'Call ID is required' }),
		]);
		expect(tolerated.items().map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});

describe('Retell Supabase → Session → Get Many', () => {
	const agentId = uniqueId('agent');
	const callIds = Array.from({ length: 10 }, (_, index) => `${agentId}_call_${index}`);
	const statusOf = (index: number) => ['ended', 'error', 'not_connected', 'ongoing', 'ended'][index % 5];

	beforeAll(async () => {
		const items: IDataObject[] = callIds.map((callId, index) => ({
			...endedCall(callId, agentId),
			call_status: statusOf(index),
			direction: index % 2 ? 'inbound' : 'outbound',
			start_timestamp: T0 + index * MINUTE,
		}));
		outputOf(await logSessions(items));
	});

	it('filters by Retell agent and sorts by start time, newest first by default', async () => {
		const sessions = await getMany({ filters: { retellAgentId: agentId } });
		expect(sessions.map((session) => session.call_id)).toEqual([...callIds].reverse());
		const oldestFirst = await getMany({ filters: { retellAgentId: agentId }, options: { sortOrder: 'ascending' } });
		expect(oldestFirst.map((session) => session.call_id)).toEqual(callIds);
	});

	it('filters by status (camelCase options), direction and a start-time window', async () => {
		const notConnected = await getMany({ filters: { retellAgentId: agentId, callStatus: ['notConnected', 'error'] } });
		expect(notConnected.map((session) => session.call_id).sort()).toEqual(
			callIds.filter((_, index) => ['not_connected', 'error'].includes(statusOf(index))).sort(),
		);
		const inbound = await getMany({ filters: { retellAgentId: agentId, direction: ['inbound'] } });
		expect(inbound.every((session) => session.direction === 'inbound')).toBe(true);
		expect(inbound).toHaveLength(5);
		const both = await getMany({ filters: { retellAgentId: agentId, direction: ['inbound', 'outbound'] } });
		expect(both).toHaveLength(callIds.length);
		// A workflow saved when Direction was a single choice keeps working.
		expect(await getMany({ filters: { retellAgentId: agentId, direction: 'outbound' } })).toHaveLength(5);
		const window = await getMany({
			filters: {
				retellAgentId: agentId,
				startedAfter: new Date(T0 + 2 * MINUTE).toISOString(),
				startedBefore: new Date(T0 + 4 * MINUTE).toISOString(),
			},
			options: { sortOrder: 'ascending' },
		});
		expect(window.map((session) => session.call_id)).toEqual(callIds.slice(2, 5));
	});

	it('stops at Limit', async () => {
		const run = await runSupabaseNode({
			resource: 'session',
			operation: 'getAll',
			returnAll: false,
			limit: 3,
			filters: { retellAgentId: agentId },
		});
		expect(outputOf(run).map((session) => session.call_id)).toEqual(callIds.slice(-3).reverse());
	});

	it("pages past PostgREST's 1000-row maximum with Return All", async () => {
		const bigAgent = uniqueId('agent');
		const many = Array.from({ length: 1205 }, (_, index) => ({
			...endedCall(`${bigAgent}_${index}`, bigAgent),
			start_timestamp: T0 + index * 1000,
		}));
		outputOf(await logSessions(many, { includeSession: false }));

		const seq = await getGatewaySeq();
		const all = await getMany({ filters: { retellAgentId: bigAgent } });
		expect(all).toHaveLength(1205);
		expect(new Set(all.map((session) => session.call_id)).size).toBe(1205);
		expect(all[0].call_id).toBe(`${bigAgent}_1204`);
		const pages = (await getGatewayExchanges(seq)).filter(
			(exchange) => exchange.method === 'GET' && exchange.url.includes(`retell_agent_id=in.%28%22${bigAgent}%22%29`),
		);
		expect(pages.length).toBeGreaterThanOrEqual(2);

		const limited = outputOf(
			await runSupabaseNode({
				resource: 'session',
				operation: 'getAll',
				returnAll: false,
				limit: 1100,
				filters: { retellAgentId: bigAgent },
			}),
		);
		expect(limited).toHaveLength(1100);
		expect(limited.map((session) => session.call_id)).toEqual(all.slice(0, 1100).map((session) => session.call_id));
	});
});

describe('Retell Supabase → Session → Get Many: the agent filter lists the saved agents', () => {
	it('offers every agents row with a Retell agent ID, by name, and filters by the ones picked', async () => {
		const agentId = uniqueId('agent');
		await pgQuery("insert into public.agents (name, retell_agent_id) values ('Picker desk', $1)", [agentId]);
		await pgQuery("insert into public.agents (name) values ('Not on Retell yet')");

		const options = await loadOptions(
			{ type: 'retellSupabase', parameters: { resource: 'session', operation: 'getAll' } },
			'getSavedAgents',
			supabaseCredentials(),
		);
		expect(options).toContainEqual({ name: `Picker desk (${agentId})`, value: agentId });
		expect(options.every((option) => typeof option.value === 'string' && option.value !== '')).toBe(true);

		outputOf(await logSessions([{ event: 'call_ended', ...endedCall(`${agentId}_call`, agentId) }]));
		const picked = await getMany({ filters: { retellAgentId: [agentId] } });
		expect(picked.map((session) => session.call_id)).toEqual([`${agentId}_call`]);
	});
});
