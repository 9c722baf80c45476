import { isDataObject } from '../../nodes/shared/dataObject';
import type { PaginationKeyStyle } from '../support/retell-emulator';
import { runChain } from './failuresHelpers';
import { recordRequests, useEmulator } from './helpers';

describe('calls arriving while Call → Get Many with Return All pages', () => {
	const env = useEmulator({ emulator: { autoSimulateCalls: false } });
	const PRE_EXISTING = 2500;

	/**
	 * What is guaranteed: Return All follows `pagination_key`, which continues after the last call's place in the order
	 * (by start time), not after a count. So every call that existed before the listing and still exists at its end is
	 * returned exactly once, whatever is created or deleted meanwhile; a call deleted meanwhile is returned once or not
	 * at all; a call created meanwhile may or may not appear (newest first it sorts before the key: not returned; oldest
	 * first after it: returned). Not guaranteed: a snapshot. A call gets its start time only when it connects, and
	 * where Retell sorts a call still ringing is not documented: one that connects during the listing could move across
	 * the key and be missed or returned twice. (The emulator sorts it by creation time, next to where it will start.)
	 */
	it.each<[PaginationKeyStyle, 'descending' | 'ascending']>([
		['cursor', 'descending'],
		['cursor', 'ascending'],
		['lastId', 'descending'],
		['lastId', 'ascending'],
	])('with %s keys, %s: each call that existed throughout is returned exactly once', async (keys, sortOrder) => {
		env.emulator.setOptions({ paginationKeys: keys });
		const llm = await env.sdk.llm.create({});
		const agent = await env.sdk.agent.create({ response_engine: { type: 'retell-llm', llm_id: llm.llm_id }, voice_id: '11labs-Jenny' });
		const number = await env.sdk.phoneNumber.create({ area_code: 415, outbound_agents: [{ agent_id: agent.agent_id, weight: 1 }] });
		const preExisting = env.emulator.seedCalls(PRE_EXISTING).map((call) => call.call_id);
		const inListOrder = sortOrder === 'descending' ? [...preExisting].reverse() : preExisting;
		// Before page 2: one call of page 1 (served) and one of page 3 (not yet); before page 3: one of page 2 and one of
		// page 3. None ends a page: with lastId keys the next request names that call, and Retell does not say what it
		// does when that call is gone.
		const servedThenDeleted = [inListOrder[500], inListOrder[1500]];
		const deletedBeforeServed = [inListOrder[2200], inListOrder[2300]];
		const toDelete = [
			[servedThenDeleted[0], deletedBeforeServed[0]],
			[servedThenDeleted[1], deletedBeforeServed[1]],
		];
		const createdDuringListing: string[] = [];
		const deleted: string[] = [];

		let page = 0;
		env.emulator.onRequest(async (request) => {
			if (request.path !== '/v3/list-calls') return;
			page++;
			if (page === 1) return;
			for (let i = 0; i < 3; i++) {
				const call = await env.sdk.call.createPhoneCall({ from_number: number.phone_number, to_number: `+1415888${page}00${i}` });
				createdDuringListing.push(call.call_id);
			}
			createdDuringListing.push(...env.emulator.seedCalls(3).map((call) => call.call_id));
			for (const callId of toDelete[page - 2]) {
				await env.sdk.call.delete(callId);
				deleted.push(callId);
			}
		});
		const requests = recordRequests(env.emulator);

		const run = await runChain(env.emulator, [{ type: 'retell', parameters: { resource: 'call', operation: 'getAll', returnAll: true, options: { sortOrder } } }], [{}]);

		expect(run.status).toBe('success');
		const returned = run.json().map((call) => String(call.call_id));
		expect(new Set(returned).size).toBe(returned.length);
		const stillThere = preExisting.filter((callId) => !deleted.includes(callId));
		expect(stillThere.filter((callId) => !returned.includes(callId))).toEqual([]);
		const known = new Set([...preExisting, ...createdDuringListing]);
		expect(returned.filter((callId) => !known.has(callId))).toEqual([]);
		// "May or may not appear", both ways here: newest first, the new calls sort before the key; oldest first, after it.
		const newReturned = createdDuringListing.filter((callId) => returned.includes(callId));
		expect(newReturned).toHaveLength(sortOrder === 'descending' ? 0 : createdDuringListing.length);
		// A deleted call: returned once if its page was served before the delete, else not at all.
		expect(deleted.filter((callId) => returned.includes(callId))).toEqual(servedThenDeleted);

		const listings = requests().filter((request) => request.path === '/v3/list-calls');
		expect(listings.map((request) => request.status)).toEqual([200, 200, 200]);
		expect(deleted).toHaveLength(4);
		expect(createdDuringListing).toHaveLength(12);
		if (keys === 'lastId') {
			// The key Retell's older references describe: the last call id of the previous page, exclusive.
			const keysSent = listings.slice(1).map((request) => (isDataObject(request.body) ? request.body.pagination_key : undefined));
			const pageEnds = [999, 1999].map((index) => returned[index]);
			expect(keysSent).toEqual(pageEnds);
		}
	});

	it('baseline: paging by skip instead of the key repeats calls when new ones arrive', async () => {
		const preExisting = env.emulator.seedCalls(30).map((call) => call.call_id);
		const listed: string[] = [];
		for (let skip = 0; skip < 30; skip += 10) {
			const page = await env.sdk.call.list({ limit: 10, skip });
			listed.push(...page.items.map((call) => call.call_id));
			env.emulator.seedCalls(2);
		}
		// Two new calls before each next page pushed the previous page's last two onto it, and the four oldest out of reach.
		expect(listed).toHaveLength(30);
		expect(listed.length - new Set(listed).size).toBe(4);
		expect(preExisting.filter((callId) => !listed.includes(callId))).toHaveLength(4);
	});
});
