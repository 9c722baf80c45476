/**
 * Wherever a panel asks for an agent, LLM, voice or knowledge base, the user picks it from a list that n8n
 * loads through the node (n8n-core's LoadOptionsContext, as the editor asks for it), and the operation sends
 * the picked ID.
 */
import { listSearch, loadOptions } from '../support/harness';
import { fromList, recordRequests, runRetell, useAccount } from './helpers';

const env = useAccount();

const credentials = () => ({ retellApi: { apiKey: env.emulator.apiKey, baseUrl: env.emulator.url } });

describe('lists the editor loads', () => {
	it('searches agents by name for every agent picker, paging with Retell\'s pagination key', async () => {
		const all = await listSearch({ type: 'retell' }, 'searchAgents', credentials());
		expect(all.results.map((agent) => agent.value)).toEqual(
			expect.arrayContaining([env.account.agentId, env.account.otherAgentId]),
		);
		const found = await listSearch({ type: 'retell' }, 'searchAgents', credentials(), 'Collections');
		expect(found.results).toEqual([expect.objectContaining({ name: 'Collections', value: env.account.otherAgentId })]);
	});

	it('offers the account\'s knowledge bases, by name, for an LLM\'s Knowledge Base Names or IDs', async () => {
		const first = await env.sdk.knowledgeBase.create({ knowledge_base_name: 'Prices', knowledge_base_texts: [{ title: 'a', text: 'b' }] });
		const second = await env.sdk.knowledgeBase.create({ knowledge_base_name: 'Opening hours', knowledge_base_texts: [{ title: 'a', text: 'b' }] });

		const options = await loadOptions({ type: 'retell' }, 'getKnowledgeBases', credentials());
		const names = options.map((option) => option.name);
		expect(options).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ name: 'Prices', value: first.knowledge_base_id }),
				expect.objectContaining({ name: 'Opening hours', value: second.knowledge_base_id }),
			]),
		);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
	});

	it('searches agents from Retell Supabase\'s Reconcile too (it holds a Retell credential for it)', async () => {
		const found = await listSearch(
			{ type: 'retellSupabase', parameters: { resource: 'session', operation: 'reconcile' } },
			'searchAgents',
			credentials(),
			'Receptionist',
		);
		expect(found.results.map((agent) => agent.value)).toEqual([env.account.agentId]);
	});
});

describe('picked IDs reach Retell', () => {
	it('Call → Get Many filters by agents picked from the list', async () => {
		const requests = recordRequests(env.emulator);
		const run = await runRetell(env.emulator, {
			resource: 'call',
			operation: 'getAll',
			returnAll: false,
			limit: 5,
			filters: { agents: { agent: [{ agentId: fromList(env.account.agentId), versions: '0' }] } },
		});
		expect(run.status).toBe('success');
		expect(requests()[0].body).toMatchObject({
			filter_criteria: { agent: [{ agent_id: env.account.agentId, version: [0] }] },
		});
	});

	it('Agent → Update switches to a picked LLM and voice', async () => {
		const llm = await env.sdk.llm.create({ general_prompt: 'Be brief.' });
		const requests = recordRequests(env.emulator);
		const run = await runRetell(env.emulator, {
			resource: 'agent',
			operation: 'update',
			agentId: fromList(env.account.otherAgentId),
			updateFields: { llmId: fromList(llm.llm_id), voiceId: fromList('openai-Alloy') },
		});
		expect(run.status).toBe('success');
		expect(requests()[0].body).toEqual({
			response_engine: { type: 'retell-llm', llm_id: llm.llm_id },
			voice_id: 'openai-Alloy',
		});
	});

	it('Phone Number → Update binds agents picked from the list', async () => {
		const requests = recordRequests(env.emulator);
		const run = await runRetell(env.emulator, {
			resource: 'phoneNumber',
			operation: 'update',
			phoneNumber: fromList(env.account.fromNumber),
			inboundAgents: { agent: [{ agentId: fromList(env.account.otherAgentId), weight: 1 }] },
		});
		expect(run.status).toBe('success');
		expect(requests()[0].body).toEqual({ inbound_agents: [{ agent_id: env.account.otherAgentId, weight: 1 }] });
	});

	it('LLM → Create takes knowledge bases from the multi-select (an array) as from old comma-separated text', async () => {
		const kb = await env.sdk.knowledgeBase.create({ knowledge_base_name: 'FAQ', knowledge_base_texts: [{ title: 'a', text: 'b' }] });
		const requests = recordRequests(env.emulator);
		await runRetell(env.emulator, { resource: 'llm', operation: 'create', additionalFields: { knowledgeBaseIds: [kb.knowledge_base_id] } });
		await runRetell(env.emulator, { resource: 'llm', operation: 'create', additionalFields: { knowledgeBaseIds: `${kb.knowledge_base_id},` } });
		expect(requests().map((request) => (request.body as { knowledge_base_ids?: string[] }).knowledge_base_ids)).toEqual([
			[kb.knowledge_base_id],
			[kb.knowledge_base_id],
		]);
	});
});
