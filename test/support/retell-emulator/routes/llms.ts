import type { LlmCreateParams, LlmListResponse, LlmResponse, LlmUpdateParams } from 'retell-sdk/resources/llm';
import { assetNotFound, badRequest } from '../errors';
import { created, noContent, ok, type EmulatorCore, type Reply, type Route, type RouteContext } from '../http';
import { newId } from '../ids';
import { paginate, parsePageRequest } from '../pagination';
import { bodyObject, isHttpUrl, isRecord, optionalInteger, optionalStringMap, queryBoolean, queryInteger, rejectCamelCase, type JsonObject } from '../validate';

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const TOOL_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** Custom tools are what the emulator would call mid-call, so their definition is checked (retell-api.md §6). */
function validateTool(tool: unknown, index: number): void {
	const where = `general_tools[${index}]`;
	if (!isRecord(tool) || typeof tool.type !== 'string') throw badRequest(`${where} needs a type.`);
	if (typeof tool.name !== 'string' || !TOOL_NAME.test(tool.name)) throw badRequest(`${where}.name must match [a-zA-Z0-9_-] and be at most 64 characters.`);
	if (tool.type !== 'custom') return;
	if (!isHttpUrl(tool.url)) throw badRequest(`${where}.url must be an http(s) URL.`);
	if (tool.method !== undefined && !TOOL_METHODS.includes(tool.method as string)) throw badRequest(`${where}.method must be one of ${TOOL_METHODS.join(', ')}.`);
	const timeout = optionalInteger(tool, 'timeout_ms');
	if (timeout !== undefined && (timeout < 1000 || timeout > 600_000)) throw badRequest(`${where}.timeout_ms must be between 1000 and 600000.`);
	const retries = optionalInteger(tool, 'max_retry');
	if (retries !== undefined && (retries < 0 || retries > 5)) throw badRequest(`${where}.max_retry must be between 0 and 5.`);
	if (tool.parameters !== undefined && (!isRecord(tool.parameters) || tool.parameters.type !== 'object')) {
		throw badRequest(`${where}.parameters must be a JSON schema with type "object".`);
	}
}

function validateLlmFields(core: EmulatorCore, body: JsonObject): void {
	rejectCamelCase(body);
	for (const field of ['llm_id', 'version', 'last_modification_timestamp', 'is_published']) {
		if (body[field] !== undefined) throw badRequest(`${field} is set by the server.`);
	}
	const tools = body.general_tools;
	if (tools !== undefined && tools !== null) {
		if (!Array.isArray(tools)) throw badRequest('general_tools must be a list.');
		tools.forEach(validateTool);
	}
	if (body.start_speaker !== undefined && body.start_speaker !== 'user' && body.start_speaker !== 'agent') throw badRequest('start_speaker must be user or agent.');
	optionalStringMap(body, 'default_dynamic_variables');
	const kbs = body.knowledge_base_ids;
	if (kbs !== undefined && kbs !== null) {
		if (!Array.isArray(kbs) || kbs.some((id) => typeof id !== 'string')) throw badRequest('knowledge_base_ids must be a list of ids.');
		if (kbs.some((id: string) => !core.state.knowledgeBases.has(id))) throw assetNotFound();
	}
}

function findLlm(core: EmulatorCore, llmId: string, version: number | undefined): LlmResponse {
	const llm = core.state.getLlm(llmId, version);
	if (!llm) throw assetNotFound();
	return llm;
}

function createLlm({ body, core }: RouteContext): Reply<LlmResponse> {
	const input = bodyObject(body);
	validateLlmFields(core, input);
	const params = input as LlmCreateParams;
	const llm: LlmResponse = {
		model: 'gpt-4.1',
		model_temperature: 0,
		start_speaker: 'agent',
		...params,
		llm_id: newId('llm_'),
		version: 0,
		is_published: false,
		last_modification_timestamp: Date.now(),
	};
	core.state.putLlmVersion(llm);
	return created(llm);
}

function getLlm({ params, query, core }: RouteContext): Reply<LlmResponse> {
	return ok(findLlm(core, params.llm_id!, queryInteger(query, 'version')));
}

/**
 * Like agents, an LLM version that is published cannot change: publishing an agent publishes the LLM version it
 * runs on (the SDK's `repair-agent`: "if the agent's response engine version has been published, the engine is left
 * untouched"). ⚠ Editing the latest LLM version once it is published opens a new draft, as for agents.
 */
function updateLlm({ params, query, body, core }: RouteContext): Reply<LlmResponse> {
	const requested = queryInteger(query, 'version');
	let target = findLlm(core, params.llm_id!, requested);
	const input = bodyObject(body);
	validateLlmFields(core, input);
	if (target.is_published) {
		if (requested !== undefined) throw badRequest(`Version ${requested} of this Retell LLM is published and cannot be changed.`);
		target = { ...structuredClone(target), version: (core.state.llms.get(target.llm_id)?.version ?? 0) + 1, is_published: false };
	}
	const changes = input as Omit<LlmUpdateParams, 'version'>;
	const updated: LlmResponse = { ...target, ...changes, last_modification_timestamp: Date.now() };
	core.state.putLlmVersion(updated);
	return ok(updated);
}

function listLlms({ query, core }: RouteContext): Reply<LlmListResponse> {
	return ok(paginate(core.state.llms.values(), parsePageRequest(query, { keyStyle: core.options.paginationKeys }), (llm) => core.state.seqOf(llm.llm_id), (llm) => llm.llm_id));
}

function deleteLlm({ params, query, core }: RouteContext): Reply {
	const llmId = params.llm_id!;
	findLlm(core, llmId, undefined);
	// The SDK documents a 400 while an agent still runs on the LLM, unless force_delete is set.
	const inUse = core.state.isUsedByAnAgent((a) => a.response_engine.type === 'retell-llm' && a.response_engine.llm_id === llmId);
	if (inUse && !queryBoolean(query, 'force_delete')) throw badRequest('This Retell LLM is used by an agent; pass force_delete=true to delete it anyway.');
	core.state.deleteLlm(llmId);
	return noContent();
}

export const llmRoutes: Route[] = [
	{ method: 'POST', path: '/create-retell-llm', handler: createLlm },
	{ method: 'GET', path: '/get-retell-llm/:llm_id', handler: getLlm },
	{ method: 'PATCH', path: '/update-retell-llm/:llm_id', handler: updateLlm },
	{ method: 'GET', path: '/v2/list-retell-llms', handler: listLlms },
	{ method: 'DELETE', path: '/delete-retell-llm/:llm_id', handler: deleteLlm },
];
