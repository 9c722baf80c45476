import type Retell from 'retell-sdk';
import { BadRequestError, UnprocessableEntityError } from 'retell-sdk';
import { provision, useEmulatorWithClient } from './helpers';

const env = useEmulatorWithClient({ autoSimulateCalls: false });
afterEach(() => env.emu.reset());

type ListParams = Retell.CallListParams;

async function listAll(params: ListParams): Promise<{ ids: string[]; pages: number }> {
	const ids: string[] = [];
	let pages = 0;
	let key: string | undefined;
	do {
		const page = await env.client.call.list({ ...params, pagination_key: key });
		pages++;
		ids.push(...page.items.map((c) => c.call_id));
		key = page.has_more ? page.pagination_key : undefined;
		if (page.has_more) expect(typeof page.pagination_key).toBe('string');
	} while (key);
	return { ids, pages };
}

describe('create-phone-call and web calls', () => {
	it('places a call from an owned number with the bound agent', async () => {
		const { agent, number } = await provision(env.client);
		const call = await env.client.call.createPhoneCall({
			from_number: number.phone_number,
			to_number: '+12125550123',
			metadata: { crm_id: 42 },
			retell_llm_dynamic_variables: { customer_name: 'Bo' },
		});
		expect(call).toMatchObject({
			call_type: 'phone_call',
			direction: 'outbound',
			call_status: 'registered',
			agent_id: agent.agent_id,
			agent_version: 0,
			from_number: number.phone_number,
			to_number: '+12125550123',
			metadata: { crm_id: 42 },
			retell_llm_dynamic_variables: { customer_name: 'Bo' },
		});
		expect(call.call_id).toMatch(/^call_[0-9a-f]{32}$/);
		expect(env.emu.requests[env.emu.requests.length - 1]).toMatchObject({ method: 'POST', path: '/v2/create-phone-call', status: 201 });
		await expect(env.client.call.retrieve(call.call_id)).resolves.toEqual(call);
		await expect(env.client.concurrency.retrieve()).resolves.toMatchObject({ current_concurrency: 1 });
	});

	it('rejects invalid numbers, unknown from numbers, non-string variables and unknown agents', async () => {
		const { number } = await provision(env.client);
		const from = number.phone_number;
		await expect(env.client.call.createPhoneCall({ from_number: from, to_number: '2125550123' })).rejects.toBeInstanceOf(BadRequestError);
		await expect(env.client.call.createPhoneCall({ from_number: from, to_number: '+0125550123' })).rejects.toBeInstanceOf(BadRequestError);
		// ignore_e164_validation "does not apply when you are using Retell Telephony" (SDK 5.66.1): only imported numbers.
		await expect(env.client.call.createPhoneCall({ from_number: from, to_number: '2125550123', ignore_e164_validation: true })).rejects.toBeInstanceOf(BadRequestError);
		const sip = await env.client.phoneNumber.import({ phone_number: 'pbx-line-1', termination_uri: 'pbx.example.test', outbound_agents: number.outbound_agents });
		const ignored = await env.client.call.createPhoneCall({ from_number: sip.phone_number, to_number: '2125550123', ignore_e164_validation: true });
		expect(ignored.to_number).toBe('2125550123');
		await expect(env.client.call.createPhoneCall({ from_number: '+19995550000', to_number: '+12125550123' })).rejects.toBeInstanceOf(UnprocessableEntityError);
		const badVars = env.client.call.createPhoneCall({ from_number: from, to_number: '+12125550123', retell_llm_dynamic_variables: { count: 3 } as unknown as Record<string, string> });
		await expect(badVars).rejects.toBeInstanceOf(BadRequestError);
		await expect(env.client.call.createPhoneCall({ from_number: from, to_number: '+12125550123', override_agent_id: 'agent_missing' })).rejects.toBeInstanceOf(UnprocessableEntityError);
		const bare = await env.client.phoneNumber.create({ area_code: 646 });
		await expect(env.client.call.createPhoneCall({ from_number: bare.phone_number, to_number: '+12125550123' })).rejects.toBeInstanceOf(BadRequestError);
	});

	it('creates a v3 web call', async () => {
		const { agent } = await provision(env.client);
		const web = await env.client.call.createWebCall({ agent_id: agent.agent_id, metadata: { page: 'pricing' } });
		expect(Object.keys(web).sort()).toEqual(['access_token', 'call_id', 'expires_at', 'ice_servers', 'transport']);
		expect(web.transport).toBe('gateway');
		expect(web.expires_at).toBeGreaterThan(Date.now());
		const call = await env.client.call.retrieve(web.call_id);
		expect(call).toMatchObject({ call_type: 'web_call', access_token: web.access_token, agent_id: agent.agent_id, call_status: 'registered' });
		await expect(env.client.call.createWebCall({ agent_id: 'agent_missing' })).rejects.toBeInstanceOf(UnprocessableEntityError);
	});

	it('updates ended calls only and deletes with 204', async () => {
		const { number } = await provision(env.client);
		const live = await env.client.call.createPhoneCall({ from_number: number.phone_number, to_number: '+12125550123' });
		await expect(env.client.call.update(live.call_id, { metadata: { a: 1 } })).rejects.toBeInstanceOf(BadRequestError);
		const [ended] = env.emu.seedCalls(1);
		const updated = await env.client.call.update(ended!.call_id, { metadata: { note: 'checked' }, custom_attributes: { score: 5 } });
		expect(updated).toMatchObject({ metadata: { note: 'checked' }, custom_attributes: { score: 5 } });
		const response = await env.client.call.delete(ended!.call_id).asResponse();
		expect(response.status).toBe(204);
		expect(await response.text()).toBe('');
		await expect(env.client.call.retrieve(ended!.call_id)).rejects.toBeInstanceOf(UnprocessableEntityError);
	});
});

describe('v3 list-calls', () => {
	it('pages through 2,500 seeded calls at limit 1000 and 50 in both orders without loss or duplicates', async () => {
		const seeded = env.emu.seedCalls(2500);
		const ascending = seeded.map((c) => c.call_id);
		const starts = seeded.map((c) => c.start_timestamp!);
		expect(new Set(starts).size).toBe(2500);
		expect([...starts].sort((a, b) => a - b)).toEqual(starts);

		const big = await listAll({ limit: 1000 });
		expect(big.pages).toBe(3);
		expect(big.ids).toEqual([...ascending].reverse());

		const bigAsc = await listAll({ limit: 1000, sort_order: 'ascending' });
		expect(bigAsc.ids).toEqual(ascending);

		const small = await listAll({ limit: 50, sort_order: 'descending' });
		expect(small.pages).toBe(50);
		expect(small.ids).toEqual([...ascending].reverse());

		const smallAsc = await listAll({ limit: 50, sort_order: 'ascending' });
		expect(smallAsc.ids).toEqual(ascending);

		const defaults = await env.client.call.list();
		expect(defaults.items).toHaveLength(50);
		expect(defaults.items[0]!.call_id).toBe(ascending[2499]);
	});

	it('keeps paging stable while calls are added and deleted between pages', async () => {
		const seeded = env.emu.seedCalls(30);
		const first = await env.client.call.list({ limit: 10, sort_order: 'ascending' });
		await env.client.call.delete(seeded[5]!.call_id); // already seen
		await env.client.call.delete(seeded[15]!.call_id); // not yet seen
		const rest: string[] = [];
		let key = first.pagination_key;
		while (key) {
			const page = await env.client.call.list({ limit: 10, sort_order: 'ascending', pagination_key: key });
			rest.push(...page.items.map((c) => c.call_id));
			key = page.has_more ? page.pagination_key : undefined;
		}
		expect(rest).toEqual(seeded.slice(10).map((c) => c.call_id).filter((id) => id !== seeded[15]!.call_id));
	});

	it('leaves transcripts and the recording out of list items', async () => {
		const [call] = env.emu.seedCalls(1);
		expect(call!.transcript).toBeTruthy();
		const { items } = await env.client.call.list();
		expect(items[0]).not.toHaveProperty('transcript');
		expect(items[0]).not.toHaveProperty('transcript_object');
		expect(items[0]).not.toHaveProperty('transcript_with_tool_calls');
		// https://docs.retellai.com/api-references/list-calls: the v3 items omit recording_url too.
		expect(items[0]).not.toHaveProperty('recording_url');
		expect(call!.recording_url).toBeTruthy();
		expect(items[0]).toMatchObject({ call_id: call!.call_id, call_analysis: call!.call_analysis });
		expect((await env.client.call.retrieve(call!.call_id)).transcript).toBe(call!.transcript);
	});

	it('filters by agent, status, direction, type, start_timestamp and metadata', async () => {
		const { agent, number } = await provision(env.client);
		const other = 'agent_other00000000000000000000000';
		const seeded = [...env.emu.seedCalls(20, { agent_id: agent.agent_id }), ...env.emu.seedCalls(10, { agent_id: other, metadata: { campaign: 'spring' } })];
		const live = await env.client.call.createPhoneCall({ from_number: number.phone_number, to_number: '+12125550123' });

		const ids = async (filter_criteria: ListParams['filter_criteria'], extra: ListParams = {}) => (await listAll({ limit: 1000, filter_criteria, ...extra })).ids.sort();
		const idsOf = (calls: Array<{ call_id: string }>) => calls.map((c) => c.call_id).sort();

		expect(await ids({ agent: [{ agent_id: other }] })).toEqual(idsOf(seeded.slice(20)));
		expect(await ids({ agent: [{ agent_id: agent.agent_id, version: [0] }] })).toEqual(idsOf([...seeded.slice(0, 20), live]));
		expect(await ids({ agent: [{ agent_id: agent.agent_id, version: [7] }] })).toEqual([]);
		expect(await ids({ call_status: { type: 'enum', op: 'in', value: ['ongoing'] } })).toEqual([]);
		expect(await ids({ call_status: { type: 'enum', op: 'in', value: ['ended'] } })).toEqual(idsOf(seeded));
		expect(await ids({ direction: { type: 'enum', op: 'in', value: ['inbound'] } })).toEqual(idsOf(seeded.filter((c) => c.call_type === 'phone_call' && c.direction === 'inbound')));
		expect(await ids({ call_type: { type: 'enum', op: 'in', value: ['web_call'] } })).toEqual([]);
		const [lo, hi] = [seeded[3]!.start_timestamp!, seeded[7]!.start_timestamp!];
		expect(await ids({ start_timestamp: { type: 'range', op: 'bt', value: [lo, hi] } })).toEqual(idsOf(seeded.slice(3, 8)));
		expect(await ids({ start_timestamp: { type: 'number', op: 'gt', value: seeded[28]!.start_timestamp! }, call_status: { type: 'enum', op: 'in', value: ['ended'] } })).toEqual(idsOf(seeded.slice(29)));
		expect(await ids({ metadata: [{ type: 'string', op: 'eq', key: 'campaign', value: 'spring' }] })).toEqual(idsOf(seeded.slice(20)));
		expect(await ids({ metadata: [{ type: 'number', op: 'lt', key: 'seed_index', value: 2 }] })).toEqual(idsOf(seeded.slice(0, 2)));
		expect(await ids({ metadata: [{ type: 'present', op: 'np', key: 'campaign' }] })).toEqual(idsOf([...seeded.slice(0, 20), live]));
		expect(await ids({ user_sentiment: { type: 'enum', op: 'in', value: ['Negative'] }, agent: [{ agent_id: agent.agent_id }] })).toEqual(
			idsOf(seeded.slice(0, 20).filter((c) => c.call_analysis?.user_sentiment === 'Negative')),
		);
	});

	it('validates limit, skip, include_total and filters', async () => {
		env.emu.seedCalls(120);
		await expect(env.client.call.list({ limit: 1001 })).rejects.toBeInstanceOf(BadRequestError);
		await expect(env.client.call.list({ limit: 0 })).rejects.toBeInstanceOf(BadRequestError);
		const first = await env.client.call.list({ limit: 10 });
		await expect(env.client.call.list({ limit: 10, skip: 10, pagination_key: first.pagination_key })).rejects.toBeInstanceOf(BadRequestError);
		await expect(env.client.call.list({ pagination_key: 'not-a-key' })).rejects.toBeInstanceOf(BadRequestError);
		await expect(env.client.call.list({ pagination_key: first.pagination_key, sort_order: 'ascending' })).rejects.toBeInstanceOf(BadRequestError);
		const skipped = await env.client.call.list({ limit: 10, skip: 10, include_total: true });
		const second = await env.client.call.list({ limit: 10, pagination_key: first.pagination_key });
		expect(skipped.items.map((c) => c.call_id)).toEqual(second.items.map((c) => c.call_id));
		expect(skipped.total).toBe(120);
		expect(second.total).toBeUndefined();
		const badFilter = env.client.call.list({ filter_criteria: { call_status: { type: 'string', op: 'eq', value: 'ended' } } as unknown as ListParams['filter_criteria'] });
		await expect(badFilter).rejects.toBeInstanceOf(BadRequestError);
		await expect(env.client.call.list({ filter_criteria: { colour: 'red' } as unknown as ListParams['filter_criteria'] })).rejects.toBeInstanceOf(BadRequestError);
	});
});
