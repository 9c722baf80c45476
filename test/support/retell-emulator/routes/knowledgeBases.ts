import type { KnowledgeBaseListResponse, KnowledgeBaseResponse } from 'retell-sdk/resources/knowledge-base';
import { assetNotFound, badRequest } from '../errors';
import { created, noContent, ok, type EmulatorCore, type MultipartBody, type Reply, type Route, type RouteContext } from '../http';
import { newId } from '../ids';
import { isHttpUrl } from '../validate';

type Source = NonNullable<KnowledgeBaseResponse['knowledge_base_sources']>[number];

/** Simulated time Retell takes to chunk and embed new sources. */
const PROCESSING_MS = 5_000;
const MAX_FILES = 25;
const MAX_NAME_LENGTH = 40;

/** KB endpoints take multipart/form-data only (the SDK sends them so). */
function requireMultipart(multipart: MultipartBody | undefined): MultipartBody {
	if (!multipart) throw badRequest('This endpoint expects multipart/form-data.');
	return multipart;
}

/**
 * A list field: the SDK sends one JSON-encoded array; a plain form sends the field once per element.
 * Each value may also be a single JSON object (texts).
 */
function listField(multipart: MultipartBody, name: string): unknown[] {
	const out: unknown[] = [];
	for (const raw of multipart.fields[name] ?? []) {
		const trimmed = raw.trim();
		if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
			let parsed: unknown;
			try {
				parsed = JSON.parse(trimmed);
			} catch {
				throw badRequest(`${name} is not valid JSON.`);
			}
			if (Array.isArray(parsed)) out.push(...parsed);
			else out.push(parsed);
		} else {
			out.push(raw);
		}
	}
	return out;
}

function single(multipart: MultipartBody, name: string): string | undefined {
	return multipart.fields[name]?.[0];
}

function integerField(multipart: MultipartBody, name: string): number | undefined {
	const raw = single(multipart, name);
	if (raw === undefined) return undefined;
	if (!/^\d+$/.test(raw)) throw badRequest(`${name} must be an integer.`);
	return Number(raw);
}

/** Turns the texts, URLs and files of a request into sources; text and file contents are served back. */
function readSources(core: EmulatorCore, multipart: MultipartBody): Source[] {
	const sources: Source[] = [];
	for (const [index, text] of listField(multipart, 'knowledge_base_texts').entries()) {
		const entry = text as { title?: unknown; text?: unknown };
		if (typeof entry !== 'object' || entry === null || typeof entry.title !== 'string' || typeof entry.text !== 'string') {
			throw badRequest(`knowledge_base_texts[${index}] needs a title and a text.`);
		}
		const fileId = newId('kbtext_');
		core.state.files.set(fileId, { contentType: 'text/plain; charset=utf-8', data: Buffer.from(entry.text, 'utf8') });
		sources.push({ type: 'text', source_id: newId('source_'), title: entry.title, content_url: `${core.baseUrl()}/_emulator/files/${fileId}` });
	}
	for (const url of listField(multipart, 'knowledge_base_urls')) {
		if (!isHttpUrl(url)) throw badRequest('knowledge_base_urls must be valid http(s) URLs.');
		sources.push({ type: 'url', source_id: newId('source_'), url });
	}
	const files = multipart.files.knowledge_base_files ?? [];
	if (files.length > MAX_FILES) throw badRequest(`At most ${MAX_FILES} files can be uploaded at once.`);
	for (const file of files) {
		const fileId = newId('kbfile_');
		core.state.files.set(fileId, { contentType: file.type || 'application/octet-stream', data: file.data });
		sources.push({ type: 'document', source_id: newId('source_'), filename: file.filename, file_size: file.size, file_url: `${core.baseUrl()}/_emulator/files/${fileId}` });
	}
	return sources;
}

/** Marks the KB complete once the simulated processing time has passed. */
function finishProcessing(core: EmulatorCore, kb: KnowledgeBaseResponse): void {
	const generation = core.scheduler.generation;
	const work = core.scheduler.sleep(PROCESSING_MS / core.options.timeScale).then((elapsed) => {
		if (!elapsed || generation !== core.scheduler.generation || core.state.knowledgeBases.get(kb.knowledge_base_id) !== kb) return;
		kb.status = 'complete';
		kb.last_refreshed_timestamp = Date.now();
	});
	core.scheduler.track(work, () => undefined);
}

function createKnowledgeBase({ multipart, core }: RouteContext): Reply<KnowledgeBaseResponse> {
	const form = requireMultipart(multipart);
	const name = single(form, 'knowledge_base_name');
	if (!name) throw badRequest('knowledge_base_name is required.');
	if (name.length >= MAX_NAME_LENGTH) throw badRequest(`knowledge_base_name must be less than ${MAX_NAME_LENGTH} characters.`);
	const maxChunk = integerField(form, 'max_chunk_size') ?? 2000;
	const minChunk = integerField(form, 'min_chunk_size') ?? 400;
	if (minChunk >= maxChunk) throw badRequest('min_chunk_size must be less than max_chunk_size.');
	const refresh = single(form, 'enable_auto_refresh');
	if (refresh !== undefined && refresh !== 'true' && refresh !== 'false') throw badRequest('enable_auto_refresh must be true or false.');
	const kb: KnowledgeBaseResponse = {
		knowledge_base_id: newId('knowledge_base_'),
		knowledge_base_name: name,
		status: 'in_progress',
		knowledge_base_sources: readSources(core, form),
		enable_auto_refresh: refresh === 'true',
		max_chunk_size: maxChunk,
		min_chunk_size: minChunk,
	};
	core.state.knowledgeBases.set(kb.knowledge_base_id, kb);
	core.state.registerCreated(kb.knowledge_base_id);
	finishProcessing(core, kb);
	return created(structuredClone(kb));
}

function findKnowledgeBase(core: EmulatorCore, id: string): KnowledgeBaseResponse {
	const kb = core.state.knowledgeBases.get(id);
	if (!kb) throw assetNotFound();
	return kb;
}

function getKnowledgeBase({ params, core }: RouteContext): Reply<KnowledgeBaseResponse> {
	return ok(structuredClone(findKnowledgeBase(core, params.knowledge_base_id!)));
}

/** Not paginated: a bare array (retell-api.md §3). */
function listKnowledgeBases({ core }: RouteContext): Reply<KnowledgeBaseListResponse> {
	return ok(structuredClone([...core.state.knowledgeBases.values()]));
}

function deleteKnowledgeBase({ params, core }: RouteContext): Reply {
	findKnowledgeBase(core, params.knowledge_base_id!);
	core.state.knowledgeBases.delete(params.knowledge_base_id!);
	return noContent();
}

function addSources({ params, multipart, core }: RouteContext): Reply<KnowledgeBaseResponse> {
	const kb = findKnowledgeBase(core, params.knowledge_base_id!);
	const added = readSources(core, requireMultipart(multipart));
	if (added.length === 0) throw badRequest('Add at least one text, URL or file.');
	kb.knowledge_base_sources = [...(kb.knowledge_base_sources ?? []), ...added];
	kb.status = 'refreshing_in_progress';
	finishProcessing(core, kb);
	return created(structuredClone(kb));
}

function deleteSource({ params, core }: RouteContext): Reply<KnowledgeBaseResponse> {
	const kb = findKnowledgeBase(core, params.knowledge_base_id!);
	const sources = kb.knowledge_base_sources ?? [];
	const remaining = sources.filter((s) => s.source_id !== params.source_id);
	if (remaining.length === sources.length) throw assetNotFound();
	kb.knowledge_base_sources = remaining;
	return ok(structuredClone(kb));
}

export const knowledgeBaseRoutes: Route[] = [
	{ method: 'POST', path: '/create-knowledge-base', handler: createKnowledgeBase },
	{ method: 'GET', path: '/get-knowledge-base/:knowledge_base_id', handler: getKnowledgeBase },
	{ method: 'GET', path: '/list-knowledge-bases', handler: listKnowledgeBases },
	{ method: 'DELETE', path: '/delete-knowledge-base/:knowledge_base_id', handler: deleteKnowledgeBase },
	{ method: 'POST', path: '/add-knowledge-base-sources/:knowledge_base_id', handler: addSources },
	{ method: 'DELETE', path: '/delete-knowledge-base-source/:knowledge_base_id/source/:source_id', handler: deleteSource },
];
