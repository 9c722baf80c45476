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

	it('keeps chat agents and voice agents apart: each picker lists only its own channel', async () => {
		const llm = await env.sdk.llm.create({ general_prompt: 'Answer texts politely.' });
		const chatAgent = await env.sdk.chatAgent.create({ agent_name: 'Texting desk', response_engine: { type: 'retell-llm', llm_id: llm.llm_id } });

		const chats = await listSearch({ type: 'retell' }, 'searchChatAgents', credentials());
		const voices = await listSearch({ type: 'retell' }, 'searchAgents', credentials());

		expect(chats.results).toEqual([expect.objectContaining({ name: 'Texting desk', value: chatAgent.agent_id })]);
		expect(voices.results.map((agent) => agent.value)).not.toContain(chatAgent.agent_id);
	});

	it('lists conversation flows and their shared components', async () => {
		const flow = await env.sdk.conversationFlow.create({
			model_choice: { type: 'cascading', model: 'gpt-4.1' },
			start_speaker: 'agent',
			global_prompt: 'You book dental appointments.',
			nodes: [{ id: 'start', type: 'conversation', instruction: { type: 'prompt', text: 'Greet the caller.' } }],
		});
		const component = await env.sdk.conversationFlowComponent.create({
			name: 'Collect insurance',
			nodes: [{ id: 'ask', type: 'conversation', instruction: { type: 'prompt', text: 'Ask for the insurer.' } }],
		});

		const flows = await listSearch({ type: 'retell' }, 'searchConversationFlows', credentials(), 'dental');
		const components = await listSearch({ type: 'retell' }, 'searchConversationFlowComponents', credentials(), 'insurance');

		expect(flows.results).toEqual([
			expect.objectContaining({ name: `${flow.conversation_flow_id} (v0) — You book dental appointments.`, value: flow.conversation_flow_id }),
		]);
		expect(components.results).toEqual([
			expect.objectContaining({ name: 'Collect insurance', value: component.conversation_flow_component_id }),
		]);
	});

	it("searches contacts with Retell's own search, and lists apps by name", async () => {
		const ada = await env.sdk.contact.create({ phone_number: '+14155550142', first_name: 'Ada', last_name: 'Lovelace' });
		await env.sdk.contact.create({ phone_number: '+14155550143', first_name: 'Grace' });
		const app = await env.sdk.app.create({ type: 'crm', provider: 'hubspot', name: 'Sales CRM' });
		const requests = recordRequests(env.emulator);

		const contacts = await listSearch({ type: 'retell' }, 'searchContacts', credentials(), 'Lovelace');
		const apps = await listSearch({ type: 'retell' }, 'searchApps', credentials());

		expect(contacts.results).toEqual([{ name: 'Ada Lovelace (+14155550142)', value: ada.contact_id }]);
		expect(requests()[0]).toMatchObject({ method: 'POST', path: '/list-contacts', body: expect.objectContaining({ search_query: 'Lovelace' }) });
		expect(apps.results).toEqual([{ name: 'Sales CRM', value: app.app_id }]);
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
