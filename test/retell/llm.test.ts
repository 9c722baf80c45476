import { byId, useEmulator } from './helpers';

const env = useEmulator({ resource: 'llm' });
const retell = env.run;
const requestsSince = env.requestsSince;

function seedLlms(count: number): string[] {
	const ids: string[] = [];
	for (let index = 0; index < count; index++) {
		const llmId = `llm_seeded${String(index).padStart(6, '0')}`;
		env.emulator.state.putLlmVersion({
			llm_id: llmId,
			general_prompt: `Prompt ${index}`,
			version: 0,
			last_modification_timestamp: 1_700_000_000_000 + index,
		});
		ids.push(llmId);
	}
	return ids;
}

const endCallTool = { type: 'end_call', name: 'end_call', description: 'End the call when the caller says goodbye' };

describe('LLM → Create', () => {
	it('sends the prompt and the set fields in snake_case, JSON fields last', async () => {
		const kb = await env.sdk.knowledgeBase.create({ knowledge_base_name: 'FAQ', knowledge_base_urls: ['https://example.com/faq'] });
		const mark = env.emulator.requests.length;

		const run = await retell({
			operation: 'create',
			generalPrompt: 'You are the receptionist of {{company}}.',
			additionalFields: {
				beginMessage: 'Hello!',
				model: 'claude-4.5-sonnet',
				modelTemperature: 0.3,
				startSpeaker: 'user',
				startingState: '',
				generalTools: JSON.stringify([endCallTool]),
				states: '[]',
				knowledgeBaseIds: ` ${kb.knowledge_base_id} ,`,
				defaultDynamicVariables: '{"company": "Acme"}',
				additionalFieldsJson: '{"model_high_priority": true, "model_temperature": 0.5}',
			},
		});

		expect(run.status).toBe('success');
		expect(requestsSince(mark)).toEqual([
			{
				method: 'POST',
				path: '/create-retell-llm',
				query: {},
				body: {
					general_prompt: 'You are the receptionist of {{company}}.',
					begin_message: 'Hello!',
					model: 'claude-4.5-sonnet',
					model_temperature: 0.5,
					start_speaker: 'user',
					general_tools: [endCallTool],
					knowledge_base_ids: [kb.knowledge_base_id],
					default_dynamic_variables: { company: 'Acme' },
					model_high_priority: true,
				},
			},
		]);
		const [llm] = run.json();
		expect(llm.llm_id).toMatch(/^llm_/);
		expect(llm).toEqual({ ...env.emulator.state.llms.get(String(llm.llm_id)) });
		expect(llm).toMatchObject({ model: 'claude-4.5-sonnet', general_tools: [endCallTool] });
	});

	it('creates an LLM with nothing set but an empty body', async () => {
		const run = await retell({ operation: 'create' });

		expect(run.status).toBe('success');
		expect(requestsSince(0)).toEqual([{ method: 'POST', path: '/create-retell-llm', query: {}, body: {} }]);
	});

	it.each([
		['[{"type": "end_call"', 'Tools (JSON) is not valid JSON'],
		['{"type": "end_call"}', 'Tools (JSON) must be a JSON array'],
		['["end_call"]', 'Tools (JSON) must be a JSON array of objects'],
	])('rejects the tools %p before sending anything', async (generalTools, message) => {
		const run = await retell({ operation: 'create', additionalFields: { generalTools } });

		expect(run.status).toBe('error');
		expect(run.error?.message).toBe(message);
		expect(run.error?.context.itemIndex).toBe(0);
		expect(env.emulator.requests).toEqual([]);
	});

	it('with Continue On Fail, reports the item whose states do not parse and creates the others', async () => {
		const run = await retell(
			{ operation: 'create', generalPrompt: '={{ $json.prompt }}', additionalFields: { states: '={{ $json.states }}' } },
			{
				input: [
					{ prompt: 'First', states: '' },
					{ prompt: 'Second', states: '[{"name": "greeting"' },
					{ prompt: 'Third', states: '[{"name": "greeting", "state_prompt": "Greet."}]' },
				],
				continueOnFail: true,
			},
		);

		expect(run.items().map(({ json, pairedItem }) => ({ prompt: json.general_prompt, error: json.error, pairedItem }))).toEqual([
			{ prompt: 'First', error: undefined, pairedItem: { item: 0 } },
			{ prompt: undefined, error: 'States (JSON) is not valid JSON', pairedItem: { item: 1 } },
			{ prompt: 'Third', error: undefined, pairedItem: { item: 2 } },
		]);
		expect(
			requestsSince(0)
				.map(({ body }) => body)
				.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
		).toEqual([
			{ general_prompt: 'First' },
			{ general_prompt: 'Third', states: [{ name: 'greeting', state_prompt: 'Greet.' }] },
		]);
	});
});

describe('LLM → Get', () => {
	it('gets an LLM, and a given version through the query', async () => {
		const llm = await env.sdk.llm.create({ general_prompt: 'Hi' });
		const mark = env.emulator.requests.length;

		const run = await retell({ operation: 'get', llmId: byId(llm.llm_id), options: { version: 0 } });

		expect(requestsSince(mark)).toEqual([
			{ method: 'GET', path: `/get-retell-llm/${llm.llm_id}`, query: { version: '0' }, body: undefined },
		]);
		expect(run.json()).toEqual([{ ...llm }]);
	});

	it('answers "LLM not found" with the HTTP code when Retell answers 422', async () => {
		const run = await retell({ operation: 'get', llmId: byId('llm_doesnotexist') });

		expect(run.status).toBe('error');
		expect(run.error?.message).toBe('LLM not found');
		expect(run.error).toMatchObject({ httpCode: '422' });
		expect(run.error?.context.itemIndex).toBe(0);
	});

	it('requires an LLM ID, with the item index and no request', async () => {
		const run = await retell({ operation: 'get', llmId: byId('={{ $json.id }}') }, { input: [{ id: '' }] });

		expect(run.error?.message).toBe('LLM ID is required');
		expect(run.error?.context.itemIndex).toBe(0);
		expect(env.emulator.requests).toEqual([]);
	});
});

describe('LLM → Get Many', () => {
	it('follows pagination_key through every page with Return All', async () => {
		const ids = seedLlms(2100);

		const run = await retell({ operation: 'getAll', returnAll: true });

		const requests = requestsSince(0);
		expect(requests.map(({ method, path, query }) => ({ method, path, limit: query.limit, more: 'pagination_key' in query }))).toEqual([
			{ method: 'GET', path: '/v2/list-retell-llms', limit: '1000', more: false },
			{ method: 'GET', path: '/v2/list-retell-llms', limit: '1000', more: true },
			{ method: 'GET', path: '/v2/list-retell-llms', limit: '1000', more: true },
		]);
		const llmIds = run.json().map((llm) => llm.llm_id);
		expect(llmIds).toHaveLength(2100);
		expect(new Set(llmIds)).toEqual(new Set(ids));
		expect(run.json()[0]).toEqual({
			llm_id: 'llm_seeded002099',
			general_prompt: 'Prompt 2099',
			version: 0,
			last_modification_timestamp: 1_700_000_002_099,
		});
	});

	it('stops at Limit', async () => {
		seedLlms(1100);

		const run = await retell({ operation: 'getAll', returnAll: false, limit: 1050 });

		expect(run.json()).toHaveLength(1050);
		expect(requestsSince(0).map(({ query }) => query.limit)).toEqual(['1000', '50']);
	});
});

describe('LLM → Update', () => {
	it('sends only the fields that were set and leaves the others as they were', async () => {
		const llm = await env.sdk.llm.create({ general_prompt: 'Old prompt', model: 'gpt-5', begin_message: 'Hi' });
		const mark = env.emulator.requests.length;

		const run = await retell({
			operation: 'update',
			llmId: byId(llm.llm_id),
			updateFields: { generalPrompt: 'New prompt', beginMessage: '' },
			options: { version: 0 },
		});

		expect(requestsSince(mark)).toEqual([
			{
				method: 'PATCH',
				path: `/update-retell-llm/${llm.llm_id}`,
				query: { version: '0' },
				body: { general_prompt: 'New prompt' },
			},
		]);
		expect(run.json()[0]).toMatchObject({ general_prompt: 'New prompt', model: 'gpt-5', begin_message: 'Hi' });
	});

	it('refuses an update without any field, before sending anything', async () => {
		const run = await retell({ operation: 'update', llmId: byId('llm_abc123') });

		expect(run.error?.message).toBe('Nothing to update');
		expect(run.error?.context.itemIndex).toBe(0);
		expect(env.emulator.requests).toEqual([]);
	});
});

describe('LLM → Delete', () => {
	it('deletes the LLM and says so', async () => {
		const llm = await env.sdk.llm.create({});
		const mark = env.emulator.requests.length;

		const run = await retell({ operation: 'deleteLlm', llmId: byId(llm.llm_id) });

		expect(run.json()).toEqual([{ deleted: true, llm_id: llm.llm_id }]);
		expect(requestsSince(mark)).toEqual([
			{ method: 'DELETE', path: `/delete-retell-llm/${llm.llm_id}`, query: {}, body: undefined },
		]);
		expect(env.emulator.state.llms.has(llm.llm_id)).toBe(false);
	});

	it('passes Force Delete as force_delete for an LLM an agent still uses', async () => {
		const llm = await env.sdk.llm.create({});
		await env.sdk.agent.create({ response_engine: { type: 'retell-llm', llm_id: llm.llm_id }, voice_id: '11labs-Jenny' });

		const refused = await retell({ operation: 'deleteLlm', llmId: byId(llm.llm_id) });
		const forced = await retell({ operation: 'deleteLlm', llmId: byId(llm.llm_id), options: { forceDelete: true } });

		expect(refused.error).toMatchObject({ httpCode: '400' });
		expect(refused.error?.message).toBe(
			'Retell: Invalid request format, please check API reference. This Retell LLM is used by an agent; pass force_delete=true to delete it anyway.',
		);
		expect(forced.json()).toEqual([{ deleted: true, llm_id: llm.llm_id }]);
		expect(env.emulator.requests.at(-1)).toMatchObject({ method: 'DELETE', query: { force_delete: 'true' } });
		expect(env.emulator.state.llms.has(llm.llm_id)).toBe(false);
	});
});
