import type { AgentResponse } from 'retell-sdk/resources/agent';

import { byId, useEmulator } from './helpers';

const env = useEmulator({ resource: 'agent' });
const retell = env.run;
const requestsSince = env.requestsSince;

async function createLlm(): Promise<string> {
	const llm = await env.sdk.llm.create({ general_prompt: 'You are a test agent.' });
	return llm.llm_id;
}

async function createAgent(name = 'Existing', voiceSpeed = 1.3): Promise<AgentResponse> {
	const llmId = await createLlm();
	return await env.sdk.agent.create({
		response_engine: { type: 'retell-llm', llm_id: llmId },
		voice_id: '11labs-Jenny',
		agent_name: name,
		voice_speed: voiceSpeed,
	});
}

/** Many agents at once, straight into the emulator's state (thousands over HTTP would be slow). */
function seedAgents(count: number): string[] {
	const ids: string[] = [];
	for (let index = 0; index < count; index++) {
		const agentId = `agent_seeded${String(index).padStart(6, '0')}`;
		env.emulator.state.putAgentVersion({
			agent_id: agentId,
			agent_name: `Seeded ${index}`,
			version: 0,
			voice_id: '11labs-Jenny',
			response_engine: { type: 'custom-llm', llm_websocket_url: 'wss://llm.example.com' },
			last_modification_timestamp: 1_700_000_000_000 + index,
		});
		ids.push(agentId);
	}
	return ids;
}

describe('Agent → Create', () => {
	it('sends a snake_case body on a Retell LLM with only the fields that were set, JSON fields last', async () => {
		const llmId = await createLlm();
		const mark = env.emulator.requests.length;

		const run = await retell({
			operation: 'create',
			responseEngine: 'retellLlm',
			llmId: byId(llmId),
			additionalFields: {
				agentName: 'Front Desk',
				timezone: '   ',
				language: 'de-DE',
				webhookUrl: 'https://n8n.example.com/webhook/retell',
				webhookEvents: ['call_started', 'call_ended'],
				voiceSpeed: 1.2,
				boostedKeywords: 'Acme, Ada Lovelace,',
				enableBackchannel: true,
				postCallAnalysisData: '[{"type": "string", "name": "customer_name", "description": "The caller\'s name"}]',
				additionalFieldsJson: '{"voice_speed": 1.5, "opt_in_signed_url": true}',
			},
		});

		expect(run.status).toBe('success');
		expect(requestsSince(mark)).toEqual([
			{
				method: 'POST',
				path: '/create-agent',
				query: {},
				body: {
					response_engine: { type: 'retell-llm', llm_id: llmId },
					voice_id: '11labs-Jenny',
					agent_name: 'Front Desk',
					language: 'de-DE',
					webhook_url: 'https://n8n.example.com/webhook/retell',
					webhook_events: ['call_started', 'call_ended'],
					voice_speed: 1.5,
					boosted_keywords: ['Acme', 'Ada Lovelace'],
					enable_backchannel: true,
					post_call_analysis_data: [{ type: 'string', name: 'customer_name', description: "The caller's name" }],
					opt_in_signed_url: true,
				},
			},
		]);
		const [agent] = run.json();
		expect(agent.agent_id).toMatch(/^agent_/);
		expect(agent).toMatchObject({
			agent_name: 'Front Desk',
			voice_id: '11labs-Jenny',
			voice_speed: 1.5,
			response_engine: { type: 'retell-llm', llm_id: llmId },
		});
		expect(env.emulator.state.agents.get(String(agent.agent_id))?.agent_name).toBe('Front Desk');
	});

	it('creates an agent on a custom LLM with a chosen voice', async () => {
		const run = await retell({
			operation: 'create',
			responseEngine: 'customLlm',
			llmWebsocketUrl: 'wss://llm.example.com/socket',
			voiceId: byId('openai-Alloy'),
		});

		expect(run.status).toBe('success');
		expect(env.emulator.requests.at(-1)).toMatchObject({
			method: 'POST',
			path: '/create-agent',
			body: { response_engine: { type: 'custom-llm', llm_websocket_url: 'wss://llm.example.com/socket' }, voice_id: 'openai-Alloy' },
		});
		expect(Object.keys(Object(env.emulator.requests.at(-1)?.body)).sort()).toEqual(['response_engine', 'voice_id']);
	});

	it('sends a conversation flow as the response engine and passes on Retell\'s answer when it has no such flow', async () => {
		const run = await retell({
			operation: 'create',
			responseEngine: 'conversationFlow',
			conversationFlowId: 'conversation_flow_abc123',
		});

		expect(env.emulator.requests.map(({ method, path, body }) => ({ method, path, body }))).toEqual([
			{
				method: 'POST',
				path: '/create-agent',
				body: {
					response_engine: { type: 'conversation-flow', conversation_flow_id: 'conversation_flow_abc123' },
					voice_id: '11labs-Jenny',
				},
			},
		]);
		// On a create, 422 may be a validation error, so it is not turned into "not found".
		expect(run.error?.message).toBe('Retell: Cannot find requested asset under given api key.');
		expect(run.error).toMatchObject({ httpCode: '422' });
	});

	it('creates an agent on an existing conversation flow', async () => {
		const flow = await env.sdk.conversationFlow.create({
			model_choice: { type: 'cascading', model: 'gpt-4.1' },
			start_speaker: 'agent',
			nodes: [{ id: 'start', type: 'conversation', instruction: { type: 'prompt', text: 'Greet the caller.' } }],
		});
		const run = await retell({ operation: 'create', responseEngine: 'conversationFlow', conversationFlowId: flow.conversation_flow_id });
		expect(run.json()[0]).toMatchObject({ response_engine: { type: 'conversation-flow', conversation_flow_id: flow.conversation_flow_id } });
	});

	it('rejects JSON that does not parse before sending anything', async () => {
		const llmId = await createLlm();
		const mark = env.emulator.requests.length;

		const run = await retell({
			operation: 'create',
			llmId: byId(llmId),
			additionalFields: { additionalFieldsJson: '{"voice_speed": ' },
		});

		expect(run.status).toBe('error');
		expect(run.error?.message).toBe('Additional Fields (JSON) is not valid JSON');
		expect(run.error?.context.itemIndex).toBe(0);
		expect(env.emulator.requests.length).toBe(mark);
	});
});

describe('Agent → Get', () => {
	it('gets an agent, and a given version through the query', async () => {
		const existing = await createAgent();
		const mark = env.emulator.requests.length;

		const run = await retell({ operation: 'get', agentId: byId(existing.agent_id), options: { version: 0 } });

		expect(run.status).toBe('success');
		expect(requestsSince(mark)).toEqual([
			{ method: 'GET', path: `/get-agent/${existing.agent_id}`, query: { version: '0' }, body: undefined },
		]);
		expect(run.json()).toEqual([{ ...existing }]);
	});

	it('answers "Agent not found" with the HTTP code when Retell answers 422', async () => {
		const run = await retell({ operation: 'get', agentId: byId('agent_doesnotexist') });

		expect(run.status).toBe('error');
		expect(run.error?.message).toBe('Agent not found');
		expect(run.error).toMatchObject({ httpCode: '422' });
		expect(run.error?.description).toBe('Retell answered 422: Cannot find requested asset under given api key.');
		expect(run.error?.context.itemIndex).toBe(0);
		expect(JSON.stringify(run.error)).not.toContain(env.emulator.apiKey);
	});

	it('requires an agent ID, with the item index and no request', async () => {
		// An expression that resolves to nothing: a literal blank ID is caught by n8n's own validation.
		const run = await retell({ operation: 'get', agentId: byId('={{ $json.id }}') }, { input: [{ id: '  ' }] });

		expect(run.status).toBe('error');
		expect(run.error?.message).toBe('Agent ID is required');
		expect(run.error?.context.itemIndex).toBe(0);
		expect(env.emulator.requests).toEqual([]);
	});

	it('with Continue On Fail, turns the bad item into an error item paired to it and runs the others', async () => {
		const first = await createAgent('First');
		const second = await createAgent('Second');
		const mark = env.emulator.requests.length;

		const run = await retell(
			{ operation: 'get', agentId: byId('={{ $json.id }}') },
			{ input: [{ id: first.agent_id }, { id: '' }, { id: second.agent_id }], continueOnFail: true },
		);

		expect(run.status).toBe('success');
		expect(run.items().map(({ json, pairedItem }) => ({ name: json.agent_name, error: json.error, pairedItem }))).toEqual([
			{ name: 'First', error: undefined, pairedItem: { item: 0 } },
			{ name: undefined, error: 'Agent ID is required', pairedItem: { item: 1 } },
			{ name: 'Second', error: undefined, pairedItem: { item: 2 } },
		]);
		expect(requestsSince(mark).map(({ path }) => path).sort()).toEqual(
			[`/get-agent/${first.agent_id}`, `/get-agent/${second.agent_id}`].sort(),
		);
	});
});

describe('Agent → Get Many', () => {
	const voiceOnly = { filter_criteria: { channel: { type: 'string', op: 'eq', value: 'voice' } } };

	it('follows pagination_key through every page with Return All', async () => {
		const ids = seedAgents(2345);

		const run = await retell({ operation: 'getAll', returnAll: true });

		expect(run.status).toBe('success');
		const requests = requestsSince(0);
		expect(requests.map(({ method, path, query, body }) => ({ method, path, limit: query.limit, body }))).toEqual([
			{ method: 'POST', path: '/v2/list-agents', limit: '1000', body: voiceOnly },
			{ method: 'POST', path: '/v2/list-agents', limit: '1000', body: voiceOnly },
			{ method: 'POST', path: '/v2/list-agents', limit: '1000', body: voiceOnly },
		]);
		expect(requests[0].query.pagination_key).toBeUndefined();
		expect(requests[1].query.pagination_key).toEqual(expect.any(String));
		expect(requests[2].query.pagination_key).toEqual(expect.any(String));
		const agentIds = run.json().map((agent) => agent.agent_id);
		expect(agentIds).toHaveLength(2345);
		expect(new Set(agentIds)).toEqual(new Set(ids));
		expect(run.json()[0]).toEqual({
			agent_id: 'agent_seeded002344',
			agent_name: 'Seeded 2344',
			channel: 'voice',
			tags: {},
			user_modified_timestamp: 1_700_000_002_344,
		});
	});

	it('stops at Limit, asking only for what is still missing', async () => {
		seedAgents(1600);

		const run = await retell({ operation: 'getAll', returnAll: false, limit: 1200 });

		expect(run.json()).toHaveLength(1200);
		expect(requestsSince(0).map(({ query }) => query.limit)).toEqual(['1000', '200']);
	});

	it('passes the search text as filter_criteria.query', async () => {
		seedAgents(30);

		const run = await retell({ operation: 'getAll', returnAll: false, limit: 5, filters: { query: 'Seeded 2' } });

		expect(env.emulator.requests).toHaveLength(1);
		expect(env.emulator.requests[0]).toMatchObject({
			method: 'POST',
			path: '/v2/list-agents',
			query: { limit: '5' },
			body: { filter_criteria: { channel: { type: 'string', op: 'eq', value: 'voice' }, query: 'Seeded 2' } },
		});
		expect(run.json().map((agent) => agent.agent_name)).toEqual(['Seeded 29', 'Seeded 28', 'Seeded 27', 'Seeded 26', 'Seeded 25']);
	});
});

describe('Agent → Update', () => {
	it('sends only the fields that were set and leaves the others as they were', async () => {
		const existing = await createAgent('Before', 1.3);
		const mark = env.emulator.requests.length;

		const run = await retell({
			operation: 'update',
			agentId: byId(existing.agent_id),
			updateFields: { agentName: 'After', webhookUrl: '' },
		});

		expect(run.status).toBe('success');
		expect(requestsSince(mark)).toEqual([
			{ method: 'PATCH', path: `/update-agent/${existing.agent_id}`, query: {}, body: { agent_name: 'After' } },
		]);
		expect(run.json()[0]).toMatchObject({ agent_id: existing.agent_id, agent_name: 'After', voice_speed: 1.3 });
		expect(env.emulator.state.agents.get(existing.agent_id)).toMatchObject({ agent_name: 'After', voice_speed: 1.3 });
	});

	it('switches the response engine and sends the version as a query parameter', async () => {
		const existing = await createAgent();
		const otherLlmId = await createLlm();
		const mark = env.emulator.requests.length;

		const run = await retell({
			operation: 'update',
			agentId: byId(existing.agent_id),
			updateFields: { llmId: otherLlmId, voiceId: 'openai-Alloy', additionalFieldsJson: '{"webhook_url": null}' },
			options: { version: 0 },
		});

		expect(run.status).toBe('success');
		expect(requestsSince(mark)).toEqual([
			{
				method: 'PATCH',
				path: `/update-agent/${existing.agent_id}`,
				query: { version: '0' },
				body: { response_engine: { type: 'retell-llm', llm_id: otherLlmId }, voice_id: 'openai-Alloy', webhook_url: null },
			},
		]);
	});

	it('refuses an update without any field, or with two response engines, before sending anything', async () => {
		const empty = await retell({ operation: 'update', agentId: byId('agent_abc123'), updateFields: {} });
		const twoEngines = await retell({
			operation: 'update',
			agentId: byId('agent_abc123'),
			updateFields: { llmId: 'llm_abc123', llmWebsocketUrl: 'wss://llm.example.com' },
		});

		expect(empty.status).toBe('error');
		expect(empty.error?.message).toBe('Nothing to update');
		expect(empty.error?.context.itemIndex).toBe(0);
		expect(twoEngines.error?.message).toBe('Set only one response engine');
		expect(twoEngines.error?.context.itemIndex).toBe(0);
		expect(env.emulator.requests).toEqual([]);
	});
});

describe('Agent → Delete', () => {
	it('deletes the agent and says so', async () => {
		const existing = await createAgent();
		const mark = env.emulator.requests.length;

		const run = await retell({ operation: 'deleteAgent', agentId: byId(existing.agent_id) });

		expect(run.json()).toEqual([{ deleted: true, agent_id: existing.agent_id }]);
		expect(requestsSince(mark)).toEqual([
			{ method: 'DELETE', path: `/delete-agent/${existing.agent_id}`, query: {}, body: undefined },
		]);
		expect(env.emulator.state.agents.has(existing.agent_id)).toBe(false);
	});
});

describe('Agent → Publish and Get Versions', () => {
	it('publishes a version with its title', async () => {
		const existing = await createAgent();
		const mark = env.emulator.requests.length;

		const run = await retell({
			operation: 'publish',
			agentId: byId(existing.agent_id),
			version: 0,
			additionalFields: { versionTitle: 'Launch', versionDescription: '' },
		});

		expect(run.json()).toEqual([{ published: true, agent_id: existing.agent_id, version: 0, version_title: 'Launch' }]);
		expect(requestsSince(mark)).toEqual([
			{
				method: 'POST',
				path: `/publish-agent-version/${existing.agent_id}`,
				query: {},
				body: { version: 0, version_title: 'Launch' },
			},
		]);
		expect(env.emulator.state.getAgent(existing.agent_id, 0)?.is_published).toBe(true);
	});

	it('lists versions through list-agent-versions, all of them or up to Limit', async () => {
		const existing = await createAgent();
		for (let version = 1; version <= 4; version++) {
			env.emulator.state.putAgentVersion({ ...existing, version, is_published: version === 2 });
		}
		const mark = env.emulator.requests.length;

		const all = await retell({ operation: 'getVersions', agentId: byId(existing.agent_id), returnAll: true });
		const limited = await retell({ operation: 'getVersions', agentId: byId(existing.agent_id), limit: 2 });

		expect(requestsSince(mark)).toEqual([
			{ method: 'GET', path: `/list-agent-versions/${existing.agent_id}`, query: { limit: '1000' }, body: undefined },
			{ method: 'GET', path: `/list-agent-versions/${existing.agent_id}`, query: { limit: '2' }, body: undefined },
		]);
		expect(all.json().map(({ agent_id, version, is_published }) => ({ agent_id, version, is_published }))).toEqual(
			[4, 3, 2, 1, 0].map((version) => ({ agent_id: existing.agent_id, version, is_published: version === 2 })),
		);
		expect(limited.json().map(({ version }) => version)).toEqual([4, 3]);
	});
});

describe('Agent → Provision', () => {
	const provision = {
		operation: 'provision',
		name: 'Front Desk',
		agentDescription: 'Answers the phone for Acme',
		prompt: 'You are the receptionist of Acme.',
	};

	it('creates the LLM, the agent on it and a number bound to the agent', async () => {
		const run = await retell({
			...provision,
			areaCode: '415',
			additionalFields: { beginMessage: 'Acme, how can I help?', model: 'gpt-4.1-mini', phoneNumberNickname: 'Acme main' },
		});

		expect(run.status).toBe('success');
		const [llmRequest, agentRequest, numberRequest, ...rest] = requestsSince(0);
		expect(rest).toEqual([]);
		expect(llmRequest).toEqual({
			method: 'POST',
			path: '/create-retell-llm',
			query: {},
			body: {
				general_prompt: 'You are the receptionist of Acme.',
				start_speaker: 'agent',
				begin_message: 'Acme, how can I help?',
				model: 'gpt-4.1-mini',
			},
		});
		const [result] = run.json();
		const llmId = String(result.retell_llm_id);
		const agentId = String(result.retell_agent_id);
		const number = String(result.phone_number);
		expect(agentRequest).toEqual({
			method: 'POST',
			path: '/create-agent',
			query: {},
			body: {
				response_engine: { type: 'retell-llm', llm_id: llmId },
				voice_id: '11labs-Jenny',
				agent_name: 'Front Desk',
			},
		});
		const binding = [{ agent_id: agentId, weight: 1 }];
		expect(numberRequest).toEqual({
			method: 'POST',
			path: '/create-phone-number',
			query: {},
			body: { area_code: 415, inbound_agents: binding, outbound_agents: binding, nickname: 'Acme main' },
		});

		expect(number).toMatch(/^\+1415\d{7}$/);
		expect(result).toEqual({
			retell_agent_id: agentId,
			retell_llm_id: llmId,
			retell_phone_number_id: number,
			phone_number: number,
			name: 'Front Desk',
			description: 'Answers the phone for Acme',
			voice_id: '11labs-Jenny',
			prompt: 'You are the receptionist of Acme.',
			provider_type: 'retell',
			agent: { ...env.emulator.state.agents.get(agentId) },
			llm: { ...env.emulator.state.llms.get(llmId) },
			phone_number_object: { ...env.emulator.state.phoneNumbers.get(number) },
		});
		expect(env.emulator.state.phoneNumbers.get(number)).toMatchObject({
			inbound_agents: binding,
			outbound_agents: binding,
			nickname: 'Acme main',
		});
		expect(env.emulator.state.agents.get(agentId)?.response_engine).toEqual({ type: 'retell-llm', llm_id: llmId });
	});

	it('buys no number without an area code', async () => {
		const run = await retell({ ...provision, agentDescription: '' });

		expect(requestsSince(0).map(({ path }) => path)).toEqual(['/create-retell-llm', '/create-agent']);
		expect(run.json()[0]).toMatchObject({
			retell_phone_number_id: null,
			phone_number: null,
			phone_number_object: null,
			description: null,
		});
		expect(env.emulator.state.phoneNumbers.size).toBe(0);
	});

	it.each(['41', '4155', '41a', '015'])('rejects the area code %p before creating anything', async (areaCode) => {
		const run = await retell({ ...provision, areaCode });

		expect(run.status).toBe('error');
		expect(run.error?.message).toBe('Area Code must be 3 digits, like 415');
		expect(run.error?.context.itemIndex).toBe(0);
		expect(env.emulator.requests).toEqual([]);
	});

	it.each([
		[400, 'No phone numbers are available in area code 415.'],
		[500, 'An unexpected server error occurred.'],
	])('deletes the agent and the LLM when buying the number fails with %p', async (status, message) => {
		env.emulator.failNext({ method: 'POST', path: '/create-phone-number' }, { status, body: { status: 'error', message } });

		const run = await retell({ ...provision, areaCode: '415' });

		expect(run.status).toBe('error');
		expect(run.error?.message).toBe(
			`Provision failed while buying a phone number in area code 415: ${message.replace(/\.$/, '')}. The LLM and agent created before were deleted.`,
		);
		expect(run.error).toMatchObject({ httpCode: String(status) });
		expect(run.error?.context.itemIndex).toBe(0);
		expect(requestsSince(0).map(({ method, path }) => `${method} ${path.replace(/_[A-Za-z0-9]+$/, '_…')}`)).toEqual([
			'POST /create-retell-llm',
			'POST /create-agent',
			'POST /create-phone-number',
			'DELETE /delete-agent/agent_…',
			'DELETE /delete-retell-llm/llm_…',
		]);
		expect(env.emulator.state.agents.size).toBe(0);
		expect(env.emulator.state.llms.size).toBe(0);
		expect(env.emulator.state.phoneNumbers.size).toBe(0);
	});

	it('deletes the LLM when creating the agent fails', async () => {
		const run = await retell({ ...provision, voiceId: byId('no-such-voice') });

		expect(run.status).toBe('error');
		expect(run.error?.message).toBe(
			'Provision failed while creating the agent: Invalid request format, please check API reference. voice_id no-such-voice is not a known voice. The LLM created before was deleted.',
		);
		expect(run.error).toMatchObject({ httpCode: '400' });
		expect(env.emulator.state.llms.size).toBe(0);
	});

	it('names what it could not delete', async () => {
		env.emulator.failNext({ method: 'POST', path: '/create-phone-number' }, { status: 400, body: { status: 'error', message: 'Sold out.' } });
		env.emulator.failNext({ method: 'DELETE', path: /^\/delete-retell-llm\// }, { status: 500 }, 3);

		const run = await retell({ ...provision, areaCode: '212' });

		const llmId = [...env.emulator.state.llms.keys()];
		expect(llmId).toHaveLength(1);
		expect(run.error?.message).toBe(
			`Provision failed while buying a phone number in area code 212: Sold out. The agent created before was deleted. Could not delete, so delete by hand in Retell: LLM ${llmId[0]} (An unexpected server error occurred).`,
		);
		expect(env.emulator.state.agents.size).toBe(0);
	});
});
