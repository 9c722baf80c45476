import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { jsonParse } from 'n8n-workflow';

import { byId, useEmulator } from './helpers';

const env = useEmulator({ resource: 'knowledgeBase' });
const retell = env.run;
const requestsSince = env.requestsSince;

/** The recorded multipart fields; list fields arrive as the JSON text the SDK put in the form. */
function formBody(body: unknown): Record<string, unknown> {
	if (typeof body !== 'object' || body === null) throw new Error(`Expected form fields, got ${String(body)}`);
	const lists = ['knowledge_base_texts', 'knowledge_base_urls'];
	return Object.fromEntries(
		Object.entries(body).map(([key, value]: [string, unknown]) => [
			key,
			lists.includes(key) && typeof value === 'string' ? jsonParse(value) : value,
		]),
	);
}

/** The `knowledge_base_sources` of a node output item. */
function sourcesOf(json: IDataObject): IDataObject[] {
	const sources = json.knowledge_base_sources;
	if (!Array.isArray(sources)) throw new Error('The output has no knowledge_base_sources');
	return sources.filter((source): source is IDataObject => typeof source === 'object' && source !== null);
}

function binaryItem(files: Record<string, { text: string; mimeType: string; fileName?: string }>): INodeExecutionData {
	return {
		json: {},
		binary: Object.fromEntries(
			Object.entries(files).map(([property, { text, mimeType, fileName }]) => [
				property,
				{ data: Buffer.from(text).toString('base64'), mimeType, ...(fileName ? { fileName } : {}) },
			]),
		),
	};
}

async function createKnowledgeBase(name = 'Existing') {
	return await env.sdk.knowledgeBase.create({
		knowledge_base_name: name,
		knowledge_base_texts: [{ title: 'Hours', text: 'Open 9 to 5.' }],
		knowledge_base_urls: ['https://example.com/faq'],
	});
}

describe('Knowledge Base → Create', () => {
	it('creates a knowledge base from texts and URLs only, without any binary data', async () => {
		const run = await retell({
			operation: 'create',
			knowledgeBaseName: 'Acme FAQ',
			texts: {
				text: [
					{ title: 'Opening hours', text: 'Monday to Friday, 9am to 5pm.' },
					{ title: '', text: '' },
				],
			},
			urls: 'https://example.com/faq,\nhttps://example.com/pricing ',
		});

		expect(run.status).toBe('success');
		const [request, ...rest] = requestsSince(0);
		expect(rest).toEqual([]);
		expect(request).toMatchObject({ method: 'POST', path: '/create-knowledge-base', query: {} });
		expect(String(env.emulator.requests[0].headers['content-type'])).toMatch(/^multipart\/form-data/);
		expect(formBody(request.body)).toEqual({
			knowledge_base_name: 'Acme FAQ',
			knowledge_base_texts: [{ title: 'Opening hours', text: 'Monday to Friday, 9am to 5pm.' }],
			knowledge_base_urls: ['https://example.com/faq', 'https://example.com/pricing'],
		});
		const [kb] = run.json();
		expect(kb).toMatchObject({ knowledge_base_name: 'Acme FAQ', status: 'in_progress' });
		expect(kb.knowledge_base_id).toMatch(/^knowledge_base_/);
		expect(sourcesOf(kb).map(({ type, title, url }) => ({ type, title, url }))).toEqual([
			{ type: 'text', title: 'Opening hours', url: undefined },
			{ type: 'url', title: undefined, url: 'https://example.com/faq' },
			{ type: 'url', title: undefined, url: 'https://example.com/pricing' },
		]);
	});

	it('uploads the named binary properties as files, with their names and types', async () => {
		const run = await retell(
			{
				operation: 'create',
				knowledgeBaseName: 'Manuals',
				binaryPropertyNames: 'manual, notes',
				options: { enableAutoRefresh: true, maxChunkSize: 1000, minChunkSize: 200 },
			},
			{
				input: [
					binaryItem({
						manual: { text: '%PDF-1.4 manual', mimeType: 'application/pdf', fileName: 'manual.pdf' },
						notes: { text: 'Remember the milk.', mimeType: 'text/plain', fileName: 'notes.txt' },
						ignored: { text: 'not uploaded', mimeType: 'text/plain', fileName: 'ignored.txt' },
					}),
				],
			},
		);

		expect(run.status).toBe('success');
		expect(formBody(env.emulator.requests[0].body)).toEqual({
			knowledge_base_name: 'Manuals',
			knowledge_base_files: [
				{ filename: 'manual.pdf', size: 15, type: 'application/pdf' },
				{ filename: 'notes.txt', size: 18, type: 'text/plain' },
			],
			enable_auto_refresh: 'true',
			max_chunk_size: '1000',
			min_chunk_size: '200',
		});
		const sources = sourcesOf(run.json()[0]);
		expect(sources.map(({ type, filename, file_size }) => ({ type, filename, file_size }))).toEqual([
			{ type: 'document', filename: 'manual.pdf', file_size: 15 },
			{ type: 'document', filename: 'notes.txt', file_size: 18 },
		]);
		const stored = await fetch(String(sources[1].file_url));
		expect(await stored.text()).toBe('Remember the milk.');
	});

	it('fails on a binary property the item does not have, before sending anything', async () => {
		const run = await retell(
			{ operation: 'create', knowledgeBaseName: 'Manuals', binaryPropertyNames: 'data' },
			{ input: [binaryItem({ manual: { text: 'x', mimeType: 'text/plain' } })] },
		);

		expect(run.status).toBe('error');
		expect(run.error?.message).toContain("'data'");
		expect(run.error?.context.itemIndex).toBe(0);
		expect(env.emulator.requests).toEqual([]);
	});

	it('rejects a name of 40 characters or more, and a text without a title, before sending anything', async () => {
		const longName = await retell({ operation: 'create', knowledgeBaseName: 'x'.repeat(40) });
		const noTitle = await retell({
			operation: 'create',
			knowledgeBaseName: 'FAQ',
			texts: { text: [{ title: '', text: 'Orphan text' }] },
		});

		expect(longName.error?.message).toBe('Name must be under 40 characters (it has 40)');
		expect(noTitle.error?.message).toBe('Text 1 needs both a title and a text');
		expect(noTitle.error?.context.itemIndex).toBe(0);
		expect(env.emulator.requests).toEqual([]);
	});
});

describe('Knowledge Base → Get and Get Many', () => {
	it('gets a knowledge base by ID', async () => {
		const kb = await createKnowledgeBase();
		// Let Retell's (emulated) indexing finish, so the stored knowledge base no longer changes.
		await env.emulator.idle();
		const mark = env.emulator.requests.length;

		const run = await retell({ operation: 'get', knowledgeBaseId: byId(kb.knowledge_base_id) });

		expect(requestsSince(mark)).toEqual([
			{ method: 'GET', path: `/get-knowledge-base/${kb.knowledge_base_id}`, query: {}, body: undefined },
		]);
		expect(run.json()).toEqual([{ ...env.emulator.state.knowledgeBases.get(kb.knowledge_base_id) }]);
		expect(run.json()[0].status).toBe('complete');
	});

	it('answers "Knowledge base not found" with the HTTP code when Retell answers 422', async () => {
		const run = await retell({ operation: 'get', knowledgeBaseId: byId('knowledge_base_missing') });

		expect(run.error?.message).toBe('Knowledge base not found');
		expect(run.error).toMatchObject({ httpCode: '422' });
		expect(run.error?.context.itemIndex).toBe(0);
	});

	it('lists all knowledge bases, or cuts the bare array at Limit', async () => {
		for (const name of ['One', 'Two', 'Three']) await createKnowledgeBase(name);
		const mark = env.emulator.requests.length;

		const all = await retell({ operation: 'getAll', returnAll: true });
		const limited = await retell({ operation: 'getAll', returnAll: false, limit: 2 });

		expect(requestsSince(mark).map(({ method, path }) => `${method} ${path}`)).toEqual([
			'GET /list-knowledge-bases',
			'GET /list-knowledge-bases',
		]);
		expect(all.json().map((kb) => kb.knowledge_base_name)).toEqual(['One', 'Two', 'Three']);
		expect(limited.json().map((kb) => kb.knowledge_base_name)).toEqual(['One', 'Two']);
	});
});

describe('Knowledge Base → Add Sources', () => {
	it('adds texts and URLs to a knowledge base', async () => {
		const kb = await createKnowledgeBase();
		const mark = env.emulator.requests.length;

		const run = await retell({
			operation: 'addSources',
			knowledgeBaseId: byId(kb.knowledge_base_id),
			texts: { text: [{ title: 'Parking', text: 'Free parking behind the building.' }] },
			urls: 'https://example.com/contact',
		});

		const [request] = requestsSince(mark);
		expect(request).toMatchObject({ method: 'POST', path: `/add-knowledge-base-sources/${kb.knowledge_base_id}` });
		expect(formBody(request.body)).toEqual({
			knowledge_base_texts: [{ title: 'Parking', text: 'Free parking behind the building.' }],
			knowledge_base_urls: ['https://example.com/contact'],
		});
		expect(sourcesOf(run.json()[0]).map(({ type }) => type)).toEqual([
			'text',
			'url',
			'text',
			'url',
		]);
	});

	it('refuses to add nothing, before sending anything', async () => {
		const run = await retell({ operation: 'addSources', knowledgeBaseId: byId('knowledge_base_abc') });

		expect(run.error?.message).toBe('Nothing to add');
		expect(run.error?.context.itemIndex).toBe(0);
		expect(env.emulator.requests).toEqual([]);
	});

	it('with Continue On Fail, reports the item without a knowledge base ID and runs the others', async () => {
		const kb = await createKnowledgeBase();
		const mark = env.emulator.requests.length;

		const run = await retell(
			{ operation: 'addSources', knowledgeBaseId: byId('={{ $json.kb }}'), urls: '={{ $json.url }}' },
			{
				input: [
					{ kb: kb.knowledge_base_id, url: 'https://example.com/a' },
					{ kb: '', url: 'https://example.com/b' },
					{ kb: kb.knowledge_base_id, url: 'https://example.com/c' },
				],
				continueOnFail: true,
			},
		);

		expect(run.items().map(({ json, pairedItem }) => ({ id: json.knowledge_base_id, error: json.error, pairedItem }))).toEqual([
			{ id: kb.knowledge_base_id, error: undefined, pairedItem: { item: 0 } },
			{ id: undefined, error: 'Knowledge Base ID is required', pairedItem: { item: 1 } },
			{ id: kb.knowledge_base_id, error: undefined, pairedItem: { item: 2 } },
		]);
		expect(requestsSince(mark)).toHaveLength(2);
		const urls = env.emulator.state.knowledgeBases
			.get(kb.knowledge_base_id)
			?.knowledge_base_sources?.flatMap((source) => (source.type === 'url' ? [source.url] : []));
		expect(urls?.sort()).toEqual(['https://example.com/a', 'https://example.com/c', 'https://example.com/faq']);
	});
});

describe('Knowledge Base → Delete Source and Delete', () => {
	it('deletes one source and returns the knowledge base without it', async () => {
		const kb = await createKnowledgeBase();
		const [text, url] = kb.knowledge_base_sources ?? [];
		const mark = env.emulator.requests.length;

		const run = await retell({
			operation: 'deleteSource',
			knowledgeBaseId: byId(kb.knowledge_base_id),
			sourceId: text.source_id,
		});

		expect(requestsSince(mark)).toEqual([
			{
				method: 'DELETE',
				path: `/delete-knowledge-base-source/${kb.knowledge_base_id}/source/${text.source_id}`,
				query: {},
				body: undefined,
			},
		]);
		const [result] = run.json();
		expect(result).toMatchObject({ deleted: true, source_id: text.source_id, knowledge_base_id: kb.knowledge_base_id });
		expect(result.knowledge_base).toMatchObject({
			knowledge_base_id: kb.knowledge_base_id,
			knowledge_base_name: 'Existing',
			knowledge_base_sources: [{ ...url }],
		});
		expect(env.emulator.state.knowledgeBases.get(kb.knowledge_base_id)?.knowledge_base_sources).toEqual([url]);
	});

	it('requires a source ID, before sending anything', async () => {
		const run = await retell(
			{ operation: 'deleteSource', knowledgeBaseId: byId('knowledge_base_abc'), sourceId: '={{ $json.source }}' },
			{ input: [{ source: ' ' }] },
		);

		expect(run.error?.message).toBe('Source ID is required');
		expect(run.error?.context.itemIndex).toBe(0);
		expect(env.emulator.requests).toEqual([]);
	});

	it('deletes a knowledge base and says so', async () => {
		const kb = await createKnowledgeBase();
		const mark = env.emulator.requests.length;

		const run = await retell({ operation: 'deleteKnowledgeBase', knowledgeBaseId: byId(kb.knowledge_base_id) });

		expect(run.json()).toEqual([{ deleted: true, knowledge_base_id: kb.knowledge_base_id }]);
		expect(requestsSince(mark)).toEqual([
			{ method: 'DELETE', path: `/delete-knowledge-base/${kb.knowledge_base_id}`, query: {}, body: undefined },
		]);
		expect(env.emulator.state.knowledgeBases.has(kb.knowledge_base_id)).toBe(false);
	});
});
