import type Retell from 'retell-sdk';
import { BadRequestError, UnprocessableEntityError, toFile } from 'retell-sdk';
import { provision, useEmulatorWithClient } from './helpers';

const env = useEmulatorWithClient();
afterEach(() => env.emu.reset());

async function rawRequest(method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
	const res = await fetch(`${env.emu.url}${path}`, {
		method,
		headers: { Authorization: `Bearer ${env.emu.apiKey}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: res.status, text: await res.text() };
}

describe('Retell LLMs and agents', () => {
	it('creates an LLM and an agent and reads them back', async () => {
		const llm = await env.client.llm.create({ general_prompt: 'Be brief.', model: 'gpt-4.1-mini' });
		expect(llm.llm_id).toMatch(/^llm_[0-9a-f]{32}$/);
		expect(llm).toMatchObject({ general_prompt: 'Be brief.', model: 'gpt-4.1-mini', version: 0, is_published: false });
		expect(typeof llm.last_modification_timestamp).toBe('number');

		const agent = await env.client.agent.create({ response_engine: { type: 'retell-llm', llm_id: llm.llm_id }, voice_id: '11labs-Jenny', agent_name: 'Ada' });
		expect(agent.agent_id).toMatch(/^agent_[0-9a-f]{32}$/);
		expect(agent).toMatchObject({ version: 0, voice_id: '11labs-Jenny', agent_name: 'Ada', response_engine: { type: 'retell-llm', llm_id: llm.llm_id } });

		await expect(env.client.agent.retrieve(agent.agent_id)).resolves.toEqual(agent);
		await expect(env.client.llm.retrieve(llm.llm_id)).resolves.toEqual(llm);
		expect(env.emu.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
			'POST /create-retell-llm 201',
			'POST /create-agent 201',
			'GET /get-agent/' + agent.agent_id + ' 200',
			'GET /get-retell-llm/' + llm.llm_id + ' 200',
		]);
		expect(env.emu.requests[1]!.body).toEqual({ response_engine: { type: 'retell-llm', llm_id: llm.llm_id }, voice_id: '11labs-Jenny', agent_name: 'Ada' });
	});

	it('validates agent input', async () => {
		const llm = await env.client.llm.create({});
		await expect(env.client.agent.create({ voice_id: '11labs-Jenny' } as Retell.AgentCreateParams)).rejects.toBeInstanceOf(BadRequestError);
		await expect(env.client.agent.create({ response_engine: { type: 'retell-llm', llm_id: llm.llm_id }, voice_id: 'nobody' })).rejects.toBeInstanceOf(BadRequestError);
		await expect(env.client.agent.create({ response_engine: { type: 'retell-llm', llm_id: 'llm_missing' }, voice_id: '11labs-Jenny' })).rejects.toBeInstanceOf(UnprocessableEntityError);
		const camel = await rawRequest('POST', '/create-agent', { response_engine: { type: 'retell-llm', llm_id: llm.llm_id }, voiceId: '11labs-Jenny', voice_id: '11labs-Jenny' });
		expect(camel.status).toBe(400);
		expect(JSON.parse(camel.text)).toEqual({ status: 'error', message: expect.stringContaining('voiceId') });
		await expect(env.client.llm.create({ general_tools: [{ type: 'custom', name: 'bad name!', url: 'https://x.test/f' } as Retell.LlmCreateParams.CustomTool] })).rejects.toBeInstanceOf(BadRequestError);
	});

	it('updates the draft, publishes, versions and deletes an agent', async () => {
		const { agent, llm } = await provision(env.client);
		const updated = await env.client.agent.update(agent.agent_id, { webhook_url: 'https://example.test/hook', webhook_events: ['call_ended'] });
		expect(updated).toMatchObject({ version: 0, webhook_url: 'https://example.test/hook', webhook_events: ['call_ended'], agent_name: 'Ada' });
		expect(updated.last_modification_timestamp).toBeGreaterThanOrEqual(agent.last_modification_timestamp);

		await env.client.agent.publish(agent.agent_id, { version: 0, version_title: 'v0' });
		expect((await env.client.agent.retrieve(agent.agent_id, { version: 0 })).is_published).toBe(true);
		expect((await env.client.llm.retrieve(llm.llm_id)).is_published).toBe(true);
		await expect(env.client.agent.update(agent.agent_id, { version: 0, agent_name: 'x' })).rejects.toBeInstanceOf(BadRequestError);

		// Updating after a publish opens draft 1 based on version 0.
		const draft = await env.client.agent.update(agent.agent_id, { agent_name: 'Ada 2' });
		expect(draft).toMatchObject({ version: 1, base_version: 0, is_published: false, agent_name: 'Ada 2' });
		expect((await env.client.agent.retrieve(agent.agent_id, { version: 0 })).agent_name).toBe('Ada');

		const versions = await env.client.agent.listVersions(agent.agent_id, { sort_order: 'ascending' });
		expect(versions.items.map((v) => [v.version, v.is_published])).toEqual([
			[0, true],
			[1, false],
		]);
		expect(versions.has_more).toBe(false);
		const page = await env.client.agent.listVersions(agent.agent_id, { limit: 1 });
		expect(page.items.map((v) => v.version)).toEqual([1]);
		expect(page.has_more).toBe(true);
		const next = await env.client.agent.listVersions(agent.agent_id, { limit: 1, pagination_key: page.pagination_key });
		expect(next.items.map((v) => v.version)).toEqual([0]);
		expect((await env.client.agent.getVersions(agent.agent_id)).map((v) => v.version)).toEqual([0, 1]);

		const response = await env.client.agent.delete(agent.agent_id).asResponse();
		expect(response.status).toBe(204);
		expect(await response.text()).toBe('');
		await expect(env.client.agent.retrieve(agent.agent_id)).rejects.toBeInstanceOf(UnprocessableEntityError);
	});

	it('links agent and LLM versions: publishing an agent publishes and pins its LLM version, which then cannot change', async () => {
		const llm = await env.client.llm.create({ general_prompt: 'Version zero.' });
		const agent = await env.client.agent.create({ response_engine: { type: 'retell-llm', llm_id: llm.llm_id }, voice_id: '11labs-Jenny' });
		await env.client.agent.publish(agent.agent_id, { version: 0 });
		expect(await env.client.llm.retrieve(llm.llm_id)).toMatchObject({ version: 0, is_published: true });
		expect(await env.client.agent.retrieve(agent.agent_id, { version: 0 })).toMatchObject({ response_engine: { llm_id: llm.llm_id, version: 0 } });

		// Published LLM versions cannot change (https://docs.retellai.com/agent/version): editing opens LLM version 1.
		await expect(env.client.llm.update(llm.llm_id, { version: 0, general_prompt: 'Changed.' })).rejects.toBeInstanceOf(BadRequestError);
		const edited = await env.client.llm.update(llm.llm_id, { general_prompt: 'Version one.' });
		expect(edited).toMatchObject({ version: 1, is_published: false, general_prompt: 'Version one.' });
		expect(await env.client.llm.retrieve(llm.llm_id, { version: 0 })).toMatchObject({ general_prompt: 'Version zero.', is_published: true });
		expect((await env.client.llm.list()).items.map((item) => [item.llm_id, item.version])).toEqual([[llm.llm_id, 1]]);
		await expect(env.client.llm.retrieve(llm.llm_id, { version: 7 })).rejects.toBeInstanceOf(UnprocessableEntityError);

		// The published agent keeps running LLM version 0; a new agent draft follows the latest LLM version again.
		const draft = await env.client.agent.createVersion(agent.agent_id, { base_version: 0 });
		expect(draft).toMatchObject({ version: 1, response_engine: { type: 'retell-llm', llm_id: llm.llm_id } });
		expect('version' in (draft as Retell.AgentResponse).response_engine).toBe(false);
	});

	it('lists agents as summaries with query-string paging and the channel filter', async () => {
		const llm = await env.client.llm.create({});
		const ids: string[] = [];
		for (let i = 0; i < 5; i++) {
			ids.push((await env.client.agent.create({ response_engine: { type: 'retell-llm', llm_id: llm.llm_id }, voice_id: '11labs-Jenny', agent_name: `Agent ${i}` })).agent_id);
		}
		const first = await env.client.agent.list({ limit: 3, filter_criteria: { channel: { type: 'string', op: 'eq', value: 'voice' } } });
		expect(first.items).toHaveLength(3);
		expect(Object.keys(first.items[0]!).sort()).toEqual(['agent_id', 'agent_name', 'channel', 'tags', 'user_modified_timestamp']);
		const second = await env.client.agent.list({ limit: 3, pagination_key: first.pagination_key });
		expect([...first.items, ...second.items].map((a) => a.agent_id)).toEqual([...ids].reverse());
		expect(second.has_more).toBe(false);
		const last = env.emu.requests[env.emu.requests.length - 1]!;
		expect(last.query).toEqual({ limit: '3', pagination_key: first.pagination_key });
		expect((await env.client.agent.list({ filter_criteria: { channel: { type: 'string', op: 'eq', value: 'chat' } } })).items).toEqual([]);
		expect((await env.client.agent.list({ filter_criteria: { query: 'agent 3' } })).items.map((a) => a.agent_id)).toEqual([ids[3]]);
	});

	it('refuses to delete an LLM in use unless forced, and pages LLMs', async () => {
		const { llm } = await provision(env.client);
		await expect(env.client.llm.delete(llm.llm_id)).rejects.toBeInstanceOf(BadRequestError);
		await env.client.llm.delete(llm.llm_id, { force_delete: true });
		await expect(env.client.llm.retrieve(llm.llm_id)).rejects.toBeInstanceOf(UnprocessableEntityError);
		for (let i = 0; i < 3; i++) await env.client.llm.create({ general_prompt: `p${i}` });
		const page = await env.client.llm.list({ limit: 2, sort_order: 'ascending' });
		expect(page.items.map((l) => l.general_prompt)).toEqual(['p0', 'p1']);
		const rest = await env.client.llm.list({ limit: 2, pagination_key: page.pagination_key, sort_order: 'ascending' });
		expect(rest).toMatchObject({ has_more: false, items: [{ general_prompt: 'p2' }] });
	});
});

describe('phone numbers', () => {
	it('buys a number in an area code and finds it with + and %2B', async () => {
		const number = await env.client.phoneNumber.create({ area_code: 415, nickname: 'Front desk' });
		expect(number.phone_number).toMatch(/^\+1415[2-9]\d{6}$/);
		expect(number).toMatchObject({ area_code: 415, phone_number_type: 'retell-twilio', nickname: 'Front desk' });
		expect(number.phone_number_pretty).toMatch(/^\+1 \(415\) \d{3}-\d{4}$/);

		await expect(env.client.phoneNumber.retrieve(number.phone_number)).resolves.toEqual(number);
		expect(env.emu.requests[env.emu.requests.length - 1]!.path).toBe(`/get-phone-number/${number.phone_number}`);
		const encoded = await rawRequest('GET', `/get-phone-number/${encodeURIComponent(number.phone_number)}`);
		expect(encoded.status).toBe(200);
		expect(JSON.parse(encoded.text)).toEqual(number);

		const updated = await env.client.phoneNumber.update(number.phone_number, { nickname: 'Sales' });
		expect(updated.nickname).toBe('Sales');
		const deleted = await rawRequest('DELETE', `/delete-phone-number/${encodeURIComponent(number.phone_number)}`);
		expect(deleted).toEqual({ status: 204, text: '' });
		await expect(env.client.phoneNumber.retrieve(number.phone_number)).rejects.toBeInstanceOf(UnprocessableEntityError);
	});

	it('rejects bad area codes, bad weights and the deprecated single-agent fields', async () => {
		const { agent } = await provision(env.client);
		await expect(env.client.phoneNumber.create({ area_code: 41 })).rejects.toBeInstanceOf(BadRequestError);
		await expect(env.client.phoneNumber.create({ area_code: 4155 })).rejects.toBeInstanceOf(BadRequestError);
		await expect(env.client.phoneNumber.create({ area_code: 415, inbound_agents: [{ agent_id: agent.agent_id, weight: 0.5 }] })).rejects.toBeInstanceOf(BadRequestError);
		const deprecated = env.client.phoneNumber.create({ area_code: 415, inbound_agent_id: agent.agent_id } as Retell.PhoneNumberCreateParams);
		await expect(deprecated).rejects.toBeInstanceOf(BadRequestError);
		await expect(deprecated).rejects.toMatchObject({ status: 400, error: { status: 'error', message: expect.stringContaining('Deprecated API usage is no longer supported: Phone number single-agent fields.') } });

		const number = await env.client.phoneNumber.create({ area_code: 212 });
		const split = await env.client.phoneNumber.update(number.phone_number, {
			outbound_agents: [
				{ agent_id: agent.agent_id, weight: 0.25 },
				{ agent_id: agent.agent_id, weight: 0.75, agent_version: 0 },
			],
		});
		expect(split.outbound_agents).toHaveLength(2);
		await expect(env.client.phoneNumber.update(number.phone_number, { outbound_agent_id: agent.agent_id } as Retell.PhoneNumberUpdateParams)).rejects.toBeInstanceOf(BadRequestError);
	});

	it('imports a SIP number and lists numbers page by page', async () => {
		const imported = await env.client.phoneNumber.import({ phone_number: '+14155550123', termination_uri: 'pbx.example.test', nickname: 'SIP' });
		expect(imported).toMatchObject({ phone_number: '+14155550123', phone_number_type: 'custom', sip_outbound_trunk_config: { termination_uri: 'pbx.example.test' } });
		// Import skips E.164 validation unless told otherwise ("If omitted, default is true", SDK 5.66.1).
		await expect(env.client.phoneNumber.import({ phone_number: '4155550123', termination_uri: 'x', ignore_e164_validation: false })).rejects.toBeInstanceOf(BadRequestError);
		expect((await env.client.phoneNumber.import({ phone_number: '4155550123', termination_uri: 'x' })).phone_number).toBe('4155550123');
		await env.client.phoneNumber.delete('4155550123');
		for (const area of [212, 312, 512]) await env.client.phoneNumber.create({ area_code: area });
		const seen: string[] = [];
		let key: string | undefined;
		do {
			const page = await env.client.phoneNumber.list({ limit: 3, pagination_key: key });
			seen.push(...page.items.map((n) => n.phone_number));
			key = page.has_more ? page.pagination_key : undefined;
		} while (key);
		expect(seen).toHaveLength(4);
		expect(new Set(seen).size).toBe(4);
		expect(seen[3]).toBe('+14155550123');
	});
});

describe('voices, knowledge bases, batch calls, account', () => {
	it('lists voices as a bare array and gets one', async () => {
		const voices = await env.client.voice.list();
		expect(Array.isArray(voices)).toBe(true);
		expect(voices.map((v) => v.voice_id)).toContain('11labs-Jenny');
		await expect(env.client.voice.retrieve('11labs-Jenny')).resolves.toMatchObject({ voice_name: 'Jenny', provider: 'elevenlabs' });
		await expect(env.client.voice.retrieve('11labs-Nobody')).rejects.toBeInstanceOf(UnprocessableEntityError);
	});

	it('creates a knowledge base from multipart, serves its sources, adds and deletes sources', async () => {
		const kb = await env.client.knowledgeBase.create({
			knowledge_base_name: 'FAQ',
			knowledge_base_texts: [{ title: 'Hours', text: 'Open 9 to 5.' }],
			knowledge_base_urls: ['https://example.test/faq'],
			knowledge_base_files: [await toFile(Buffer.from('price list'), 'prices.txt', { type: 'text/plain' })],
		});
		expect(kb.knowledge_base_id).toMatch(/^knowledge_base_[0-9a-f]{32}$/);
		expect(kb.status).toBe('in_progress');
		expect(kb.knowledge_base_sources!.map((s) => s.type).sort()).toEqual(['document', 'text', 'url']);
		expect(String(env.emu.requests[0]!.headers['content-type'])).toMatch(/^multipart\/form-data/);
		const text = kb.knowledge_base_sources!.find((s): s is Retell.KnowledgeBaseResponse.KnowledgeBaseSourceText => s.type === 'text')!;
		expect(await (await fetch(text.content_url)).text()).toBe('Open 9 to 5.');
		const doc = kb.knowledge_base_sources!.find((s): s is Retell.KnowledgeBaseResponse.KnowledgeBaseSourceDocument => s.type === 'document')!;
		expect(doc).toMatchObject({ filename: 'prices.txt', file_size: 10 });

		await env.emu.idle();
		expect((await env.client.knowledgeBase.retrieve(kb.knowledge_base_id)).status).toBe('complete');
		const grown = await env.client.knowledgeBase.addSources(kb.knowledge_base_id, { knowledge_base_urls: ['https://example.test/more'] });
		expect(grown.knowledge_base_sources).toHaveLength(4);
		const shrunk = await env.client.knowledgeBase.deleteSource(doc.source_id, { knowledge_base_id: kb.knowledge_base_id });
		expect(shrunk.knowledge_base_sources).toHaveLength(3);
		expect(await env.client.knowledgeBase.list()).toHaveLength(1);
		await env.client.knowledgeBase.delete(kb.knowledge_base_id);
		await expect(env.client.knowledgeBase.retrieve(kb.knowledge_base_id)).rejects.toBeInstanceOf(UnprocessableEntityError);
		await expect(env.client.knowledgeBase.create({ knowledge_base_name: 'x'.repeat(40) })).rejects.toBeInstanceOf(BadRequestError);
	});

	it('creates a batch call whose calls carry the batch id', async () => {
		const { number } = await provision(env.client);
		const batch = await env.client.batchCall.createBatchCall({
			from_number: number.phone_number,
			name: 'Reminders',
			tasks: [{ to_number: '+12125550001' }, { to_number: '+12125550002', retell_llm_dynamic_variables: { customer_name: 'Bo' } }],
		});
		expect(batch).toMatchObject({ name: 'Reminders', from_number: number.phone_number, total_task_count: 2 });
		expect(batch.batch_call_id).toMatch(/^batch_call_[0-9a-f]{32}$/);
		await env.emu.idle();
		const calls = await env.client.call.list({ filter_criteria: { batch_call_id: { type: 'string', op: 'eq', value: batch.batch_call_id } } });
		expect(calls.items.map((c) => c.call_status)).toEqual(['ended', 'ended']);
		await expect(env.client.batchCall.createBatchCall({ from_number: number.phone_number, tasks: [{ to_number: 'nope' }] })).rejects.toBeInstanceOf(BadRequestError);
	});

	it('answers get-concurrency and get-api-key-info', async () => {
		await expect(env.client.concurrency.retrieve()).resolves.toMatchObject({ current_concurrency: 0 });
		await expect(env.client.identity.retrieve()).resolves.toEqual({ api_key_name: 'Emulator key', org_name: 'Retell Emulator' });
	});
});
