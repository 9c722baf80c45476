import type {
	AgentCreateParams,
	AgentCreateVersionResponse,
	AgentGetVersionsResponse,
	AgentListParams,
	AgentListResponse,
	AgentListVersionsResponse,
	AgentResponse,
	AgentUpdateParams,
} from 'retell-sdk/resources/agent';
import { RetellHttpError, assetNotFound, badRequest } from '../errors';
import { created, noContent, ok, type EmulatorCore, type Reply, type Route, type RouteContext } from '../http';
import { matchString } from '../filters';
import { newId } from '../ids';
import { paginate, parsePageRequest } from '../pagination';
import { bodyObject, isHttpUrl, isRecord, optionalInteger, optionalNumber, optionalString, queryInteger, rejectCamelCase, requireString, type JsonObject } from '../validate';

const WEBHOOK_EVENTS = new Set(['call_started', 'call_ended', 'call_analyzed', 'transcript_updated', 'transfer_started', 'transfer_bridged', 'transfer_cancelled', 'transfer_ended']);
/** Fields the server owns; a body cannot set them. */
const SERVER_FIELDS = ['agent_id', 'version', 'last_modification_timestamp', 'is_published', 'base_version'];

function validateResponseEngine(core: EmulatorCore, value: unknown): void {
	if (!isRecord(value)) throw badRequest('response_engine is required and must be an object.');
	switch (value.type) {
		case 'retell-llm': {
			const llmId = requireString(value, 'llm_id');
			const version = optionalInteger(value, 'version');
			if (!core.state.getLlm(llmId, version)) throw assetNotFound();
			return;
		}
		case 'custom-llm':
			requireString(value, 'llm_websocket_url');
			return;
		case 'conversation-flow': {
			const flowId = requireString(value, 'conversation_flow_id');
			if (!core.state.conversationFlows.has(flowId)) throw assetNotFound();
			return;
		}
		default:
			throw badRequest('response_engine.type must be retell-llm, custom-llm or conversation-flow.');
	}
}

/** Checks the fields the emulator acts on; the rest are stored as sent. */
function validateAgentFields(core: EmulatorCore, body: JsonObject, creating: boolean): void {
	rejectCamelCase(body);
	if (creating || body.response_engine !== undefined) validateResponseEngine(core, body.response_engine);
	if (creating || body.voice_id !== undefined) {
		const voiceId = requireString(body, 'voice_id');
		if (!core.state.voices.has(voiceId)) throw badRequest(`voice_id ${voiceId} is not a known voice.`);
	}
	optionalString(body, 'agent_name');
	const webhookUrl = optionalString(body, 'webhook_url');
	if (webhookUrl && !isHttpUrl(webhookUrl)) throw badRequest('webhook_url must be an http(s) URL.');
	const events = body.webhook_events;
	if (events !== undefined && events !== null) {
		if (!Array.isArray(events) || events.some((e) => typeof e !== 'string' || !WEBHOOK_EVENTS.has(e))) {
			throw badRequest(`webhook_events must be a list of: ${[...WEBHOOK_EVENTS].join(', ')}.`);
		}
	}
	const timeout = optionalInteger(body, 'webhook_timeout_ms');
	if (timeout !== undefined && timeout <= 0) throw badRequest('webhook_timeout_ms must be positive.');
	optionalNumber(body, 'max_call_duration_ms');
	const analysis = body.post_call_analysis_data;
	if (analysis !== undefined && analysis !== null) {
		if (!Array.isArray(analysis) || analysis.some((a) => !isRecord(a) || typeof a.name !== 'string' || typeof a.type !== 'string')) {
			throw badRequest('post_call_analysis_data entries need a name and a type.');
		}
	}
	for (const field of SERVER_FIELDS) {
		if (body[field] !== undefined) throw badRequest(`${field} is set by the server.`);
	}
}

function findAgent(core: EmulatorCore, agentId: string, version?: number): AgentResponse {
	const agent = core.state.getAgent(agentId, version);
	if (!agent) throw assetNotFound();
	return agent;
}

function requireAgentExists(core: EmulatorCore, agentId: string): AgentResponse[] {
	const versions = core.state.agentVersions.get(agentId);
	if (!versions || versions.length === 0) throw assetNotFound();
	return versions;
}

function createAgent({ body, core }: RouteContext): Reply<AgentResponse> {
	const input = bodyObject(body);
	validateAgentFields(core, input, true);
	const params = input as unknown as AgentCreateParams;
	const agent: AgentResponse = {
		language: 'en-US',
		voice_speed: 1,
		voice_temperature: 1,
		interruption_sensitivity: 1,
		responsiveness: 1,
		enable_backchannel: false,
		max_call_duration_ms: 3_600_000,
		end_call_after_silence_ms: 600_000,
		data_storage_setting: 'everything',
		opt_in_signed_url: false,
		...params,
		agent_id: newId('agent_'),
		version: 0,
		is_published: false,
		last_modification_timestamp: Date.now(),
	};
	core.state.putAgentVersion(agent);
	return created(agent);
}

function getAgent({ params, query, core }: RouteContext): Reply<AgentResponse> {
	return ok(findAgent(core, params.agent_id!, queryInteger(query, 'version')));
}

/** Copies a version into a new draft numbered after the highest existing one. */
function newDraft(core: EmulatorCore, base: AgentResponse): AgentResponse {
	const versions = requireAgentExists(core, base.agent_id);
	const engine = structuredClone(base.response_engine);
	// ⚠ A new draft follows the LLM's latest version again, so LLM edits show in it (Retell's exact linking is not documented).
	if (engine.type === 'retell-llm') delete engine.version;
	const draft: AgentResponse = {
		...structuredClone(base),
		response_engine: engine,
		version: versions[versions.length - 1]!.version + 1,
		base_version: base.version,
		is_published: false,
		version_title: null,
		version_description: null,
		last_modification_timestamp: Date.now(),
	};
	core.state.putAgentVersion(draft);
	return draft;
}

function updateAgent({ params, query, body, core }: RouteContext): Reply<AgentResponse> {
	const agentId = params.agent_id!;
	const requested = queryInteger(query, 'version');
	let target = findAgent(core, agentId, requested);
	const input = bodyObject(body);
	validateAgentFields(core, input, false);
	if (target.is_published) {
		if (requested !== undefined) throw badRequest(`Version ${requested} is published and cannot be changed.`);
		// ⚠ Retell edits "the latest draft"; when the latest version is published the emulator opens a new draft.
		target = newDraft(core, target);
	}
	const changes = input as unknown as Omit<AgentUpdateParams, 'version'>;
	const updated: AgentResponse = { ...target, ...changes, last_modification_timestamp: Date.now() };
	core.state.putAgentVersion(updated);
	return ok(updated);
}

function listAgents({ query, body, core }: RouteContext): Reply<AgentListResponse> {
	const input = bodyObject(body);
	rejectCamelCase(input);
	const page = parsePageRequest(query, { keyStyle: core.options.paginationKeys });
	const filter = input.filter_criteria;
	if (filter !== undefined && !isRecord(filter)) throw badRequest('filter_criteria must be an object.');
	const criteria = (filter ?? {}) as NonNullable<AgentListParams['filter_criteria']>;
	const channel = criteria.channel;
	if (channel !== undefined && (!isRecord(channel) || channel.type !== 'string' || typeof channel.value !== 'string' || !['eq', 'ne', 'sw', 'ew', 'co'].includes(channel.op))) {
		throw badRequest('filter_criteria.channel must be {type: "string", op, value}.');
	}
	if (criteria.query !== undefined && typeof criteria.query !== 'string') throw badRequest('filter_criteria.query must be a string.');
	const needle = criteria.query?.toLowerCase();

	const matches = [...core.state.agents.values()].filter((agent) => {
		// Every emulated agent is a voice agent; chat agents are not emulated.
		if (channel && !matchString('voice', channel.op, channel.value)) return false;
		if (needle && !(agent.agent_name ?? '').toLowerCase().includes(needle) && !agent.agent_id.includes(criteria.query!)) return false;
		return true;
	});
	const result = paginate(
		matches,
		page,
		(agent) => core.state.seqOf(agent.agent_id),
		(agent) => agent.agent_id,
		(agent): AgentListResponse.Item => ({
			agent_id: agent.agent_id,
			agent_name: agent.agent_name ?? '',
			channel: 'voice',
			tags: {},
			user_modified_timestamp: agent.last_modification_timestamp,
		}),
	);
	return ok(result);
}

function deleteAgent({ params, core }: RouteContext): Reply {
	if (!core.state.deleteAgent(params.agent_id!)) throw assetNotFound();
	return noContent();
}

function createAgentVersion({ params, body, core }: RouteContext): Reply<AgentCreateVersionResponse> {
	requireAgentExists(core, params.agent_id!);
	const input = bodyObject(body);
	const baseVersion = optionalInteger(input, 'base_version');
	if (baseVersion === undefined) throw badRequest('base_version is required.');
	const base = core.state.getAgent(params.agent_id!, baseVersion);
	if (!base) throw new RetellHttpError(404);
	return created(newDraft(core, base));
}

function deleteAgentVersion({ params, query, core }: RouteContext): Reply {
	const versions = requireAgentExists(core, params.agent_id!);
	const version = queryInteger(query, 'version');
	if (version === undefined) throw badRequest('version is required.');
	if (!versions.some((v) => v.version === version)) throw new RetellHttpError(404);
	if (versions.length === 1) throw badRequest('The only version of an agent cannot be deleted; delete the agent.');
	core.state.deleteAgentVersion(params.agent_id!, version);
	return noContent();
}

function publishAgentVersion({ params, body, core }: RouteContext): Reply {
	requireAgentExists(core, params.agent_id!);
	const input = bodyObject(body);
	const version = optionalInteger(input, 'version');
	if (version === undefined) throw badRequest('version is required.');
	const target = core.state.getAgent(params.agent_id!, version);
	if (!target) throw new RetellHttpError(404);
	if (target.is_published) throw badRequest(`Version ${version} is already published.`);
	const title = optionalString(input, 'version_title');
	const description = optionalString(input, 'version_description');
	// Publishing an agent version publishes the Retell LLM version it runs on, and pins it: later LLM edits go to a
	// new LLM draft and leave the published agent as it was (see updateLlm).
	let engine = target.response_engine;
	if (engine.type === 'retell-llm') {
		const llm = core.state.getLlm(engine.llm_id, engine.version);
		if (llm) {
			core.state.putLlmVersion({ ...llm, is_published: true });
			engine = { ...engine, version: llm.version ?? 0 };
		}
	}
	core.state.putAgentVersion({
		...target,
		response_engine: engine,
		is_published: true,
		...(title !== undefined ? { version_title: title } : {}),
		...(description !== undefined ? { version_description: description } : {}),
		last_modification_timestamp: Date.now(),
	});
	// SDK types publish as void; SPEC documents a 200.
	return { status: 200 };
}

function listAgentVersions({ params, query, core }: RouteContext): Reply<AgentListVersionsResponse> {
	const versions = requireAgentExists(core, params.agent_id!);
	const result = paginate(
		versions,
		parsePageRequest(query, { keyStyle: core.options.paginationKeys }),
		(v) => v.version,
		(v) => String(v.version).padStart(10, '0'),
		(v): AgentListVersionsResponse.Item => {
			const item: AgentListVersionsResponse.Item = { version: v.version, is_published: v.is_published ?? false, last_modification_timestamp: v.last_modification_timestamp };
			if (typeof v.base_version === 'number') item.base_version = v.base_version;
			if (v.version_title) item.version_title = v.version_title;
			if (v.version_description) item.version_description = v.version_description;
			return item;
		},
	);
	return ok(result);
}

/** Deprecated bare-array endpoint (removal 2026-09-15, retell-api.md §10). */
function getAgentVersions({ params, core }: RouteContext): Reply<AgentGetVersionsResponse> {
	return ok(requireAgentExists(core, params.agent_id!));
}

export const agentRoutes: Route[] = [
	{ method: 'POST', path: '/create-agent', handler: createAgent },
	{ method: 'GET', path: '/get-agent/:agent_id', handler: getAgent },
	{ method: 'PATCH', path: '/update-agent/:agent_id', handler: updateAgent },
	{ method: 'POST', path: '/v2/list-agents', handler: listAgents },
	{ method: 'DELETE', path: '/delete-agent/:agent_id', handler: deleteAgent },
	{ method: 'POST', path: '/create-agent-version/:agent_id', handler: createAgentVersion },
	{ method: 'DELETE', path: '/delete-agent-version/:agent_id', handler: deleteAgentVersion },
	{ method: 'POST', path: '/publish-agent-version/:agent_id', handler: publishAgentVersion },
	{ method: 'GET', path: '/list-agent-versions/:agent_id', handler: listAgentVersions },
	{ method: 'GET', path: '/get-agent-versions/:agent_id', handler: getAgentVersions },
];
