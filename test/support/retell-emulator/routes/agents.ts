import type {
	AgentCreateParams,
	AgentCreateVersionResponse,
	AgentGetVersionsResponse,
	AgentListParams,
	AgentListResponse,
	AgentListVersionsResponse,
	AgentResponse,
} from 'retell-sdk/resources/agent';
import type { ChatAgentResponse } from 'retell-sdk/resources/chat-agent';
import { RetellHttpError, assetNotFound, badRequest } from '../errors';
import { created, noContent, ok, type EmulatorCore, type Reply, type Route, type RouteContext } from '../http';
import { matchString } from '../filters';
import { newId } from '../ids';
import { publishConversationFlowVersion } from './conversationFlows';
import { paginate, parsePageRequest } from '../pagination';
import { bodyObject, isHttpUrl, isRecord, optionalInteger, optionalNumber, optionalString, queryInteger, rejectCamelCase, requireString, type JsonObject } from '../validate';

const WEBHOOK_EVENTS = new Set(['call_started', 'call_ended', 'call_analyzed', 'transcript_updated', 'transfer_started', 'transfer_bridged', 'transfer_cancelled', 'transfer_ended']);
/** Fields the server owns; a body cannot set them. */
const SERVER_FIELDS = ['agent_id', 'version', 'last_modification_timestamp', 'is_published', 'base_version'];

/** Retell LLM, conversation flow or custom LLM: voice and chat agents take the same three (SDK `response_engine`). */
export function validateResponseEngine(core: EmulatorCore, value: unknown): void {
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

/**
 * The fields voice and chat agents both have and the emulator acts on: name, webhook (URL, events, timeout), the
 * analysis entries (`post_call_analysis_data` / `post_chat_analysis_data`) and the server-owned fields.
 */
export function validateCommonAgentFields(body: JsonObject, webhookEvents: ReadonlySet<string>, analysisField: string): void {
	rejectCamelCase(body);
	optionalString(body, 'agent_name');
	const webhookUrl = optionalString(body, 'webhook_url');
	if (webhookUrl && !isHttpUrl(webhookUrl)) throw badRequest('webhook_url must be an http(s) URL.');
	const events = body.webhook_events;
	if (events !== undefined && events !== null) {
		if (!Array.isArray(events) || events.some((e) => typeof e !== 'string' || !webhookEvents.has(e))) {
			throw badRequest(`webhook_events must be a list of: ${[...webhookEvents].join(', ')}.`);
		}
	}
	const timeout = optionalInteger(body, 'webhook_timeout_ms');
	if (timeout !== undefined && timeout <= 0) throw badRequest('webhook_timeout_ms must be positive.');
	const analysis = body[analysisField];
	if (analysis !== undefined && analysis !== null) {
		if (!Array.isArray(analysis) || analysis.some((a) => !isRecord(a) || typeof a.name !== 'string' || typeof a.type !== 'string')) {
			throw badRequest(`${analysisField} entries need a name and a type.`);
		}
	}
	for (const field of SERVER_FIELDS) {
		if (body[field] !== undefined) throw badRequest(`${field} is set by the server.`);
	}
}

/** Checks the fields the emulator acts on; the rest are stored as sent. */
function validateAgentFields(core: EmulatorCore, body: JsonObject, creating: boolean): void {
	validateCommonAgentFields(body, WEBHOOK_EVENTS, 'post_call_analysis_data');
	if (creating || body.response_engine !== undefined) validateResponseEngine(core, body.response_engine);
	if (creating || body.voice_id !== undefined) {
		const voiceId = requireString(body, 'voice_id');
		if (!core.state.voices.has(voiceId)) throw badRequest(`voice_id ${voiceId} is not a known voice.`);
	}
	optionalNumber(body, 'max_call_duration_ms');
}

type AnyAgent = AgentResponse | ChatAgentResponse;

/**
 * The versions of one voice or chat agent. Both kinds share Retell's version endpoints: create-agent-version,
 * delete-agent-version, publish-agent-version (retell-sdk 5.66.1 `chatAgent.createVersion`, `deleteVersion`,
 * `publish` call the agent paths) and list-agent-versions, which replaces get-chat-agent-versions
 * (https://docs.retellai.com/deprecation-notice/2026/09-15_get_agent_versions).
 */
export interface AgentVersions<T extends AnyAgent> {
	/** Ascending by version. */
	readonly all: readonly T[];
	/** That version, or the latest when `version` is undefined. */
	find(version?: number): T | undefined;
	put(agent: T): void;
	/** A new draft copied from version `base`, numbered after the highest version; undefined without that version. */
	newDraft(base: number): T | undefined;
	/** Publishes that version, and the Retell LLM version it runs on. */
	publish(version: number, title: string | null | undefined, description: string | null | undefined): void;
	deleteVersion(version: number): void;
}

function agentVersions<T extends AnyAgent>(
	core: EmulatorCore,
	versions: T[],
	put: (agent: T) => void,
	deleteVersion: (version: number) => void,
): AgentVersions<T> {
	const find = (version?: number): T | undefined =>
		version === undefined ? versions[versions.length - 1] : versions.find((v) => v.version === version);
	return {
		all: versions,
		find,
		put,
		deleteVersion,
		newDraft(baseVersion) {
			const base = find(baseVersion);
			if (!base) return undefined;
			const copy = structuredClone(base);
			// ⚠ A new draft follows the LLM's (or flow's) latest version again, so its edits show in it (Retell's exact
			// linking is not documented).
			if (copy.response_engine.type !== 'custom-llm') delete copy.response_engine.version;
			const draft: T = {
				...copy,
				version: versions[versions.length - 1]!.version! + 1,
				base_version: base.version,
				is_published: false,
				version_title: null,
				version_description: null,
				last_modification_timestamp: Date.now(),
			};
			put(draft);
			return draft;
		},
		publish(version, title, description) {
			const target = find(version)!;
			// Publishing an agent version publishes the Retell LLM version it runs on, and pins it: later LLM edits go to a
			// new LLM draft and leave the published agent as it was (see updateLlm).
			const engine = structuredClone(target.response_engine);
			if (engine.type === 'retell-llm') {
				const llm = core.state.getLlm(engine.llm_id, engine.version);
				if (llm) {
					core.state.putLlmVersion({ ...llm, is_published: true });
					engine.version = llm.version ?? 0;
				}
			}
			// A flow is published and pinned the same way (https://docs.retellai.com/agent/version).
			if (engine.type === 'conversation-flow' && (engine.version === undefined || engine.version === null)) {
				const published = publishConversationFlowVersion(core.state, engine.conversation_flow_id);
				if (published !== undefined) engine.version = published;
			}
			put({
				...target,
				response_engine: engine,
				is_published: true,
				...(title !== undefined ? { version_title: title } : {}),
				...(description !== undefined ? { version_description: description } : {}),
				last_modification_timestamp: Date.now(),
			});
		},
	};
}

export function voiceAgentVersions(core: EmulatorCore, agentId: string): AgentVersions<AgentResponse> | undefined {
	const versions = core.state.agentVersions.get(agentId);
	if (!versions?.length) return undefined;
	return agentVersions(core, versions, (agent) => core.state.putAgentVersion(agent), (version) => core.state.deleteAgentVersion(agentId, version));
}

export function chatAgentVersions(core: EmulatorCore, agentId: string): AgentVersions<ChatAgentResponse> | undefined {
	const versions = core.state.chatAgentVersions.get(agentId);
	if (!versions?.length) return undefined;
	return agentVersions(core, versions, (agent) => core.state.putChatAgentVersion(agent), (version) => core.state.deleteChatAgentVersion(agentId, version));
}

/** A voice or chat agent's versions; an unknown agent is 422 like every by-id agent endpoint (OpenAPI, retell-api.md §1). */
function anyAgentVersions(core: EmulatorCore, agentId: string): AgentVersions<AgentResponse> | AgentVersions<ChatAgentResponse> {
	const versions = voiceAgentVersions(core, agentId) ?? chatAgentVersions(core, agentId);
	if (!versions) throw assetNotFound();
	return versions;
}

/**
 * update-agent / update-chat-agent: the validated changes applied to `target`, the requested version or the latest.
 * A published version cannot change (400 ⚠ code); when the latest version is published, a new draft opens ⚠.
 */
export function updateVersion<T extends AnyAgent>(versions: AgentVersions<T>, target: T, requested: number | undefined, changes: JsonObject): T {
	if (target.is_published && requested !== undefined) throw badRequest(`Version ${requested} is published and cannot be changed.`);
	const draft = target.is_published ? versions.newDraft(target.version!)! : target;
	const updated: T = { ...draft, ...changes, last_modification_timestamp: Date.now() };
	versions.put(updated);
	return updated;
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
	const agent = core.state.getAgent(params.agent_id!, queryInteger(query, 'version'));
	if (!agent) throw assetNotFound();
	return ok(agent);
}

function updateAgent({ params, query, body, core }: RouteContext): Reply<AgentResponse> {
	const versions = voiceAgentVersions(core, params.agent_id!);
	const requested = queryInteger(query, 'version');
	const target = versions?.find(requested);
	if (!versions || !target) throw assetNotFound();
	const input = bodyObject(body);
	validateAgentFields(core, input, false);
	return ok(updateVersion(versions, target, requested, input));
}

/** One list for voice and chat agents; `filter_criteria.channel` tells them apart (retell-api.md §2.2, §3). */
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

	const all: Array<{ agent: AnyAgent; channel: AgentListResponse.Item['channel'] }> = [
		...[...core.state.agents.values()].map((agent) => ({ agent, channel: 'voice' as const })),
		...[...core.state.chatAgents.values()].map((agent) => ({ agent, channel: 'chat' as const })),
	];
	const matches = all.filter(({ agent, channel: agentChannel }) => {
		if (channel && !matchString(agentChannel, channel.op, channel.value)) return false;
		if (needle && !(agent.agent_name ?? '').toLowerCase().includes(needle) && !agent.agent_id.includes(criteria.query!)) return false;
		return true;
	});
	const result = paginate(
		matches,
		page,
		({ agent }) => core.state.seqOf(agent.agent_id),
		({ agent }) => agent.agent_id,
		({ agent, channel: agentChannel }): AgentListResponse.Item => ({
			agent_id: agent.agent_id,
			agent_name: agent.agent_name ?? '',
			channel: agentChannel,
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

/** Missing versions are 404 on the version endpoints, unknown agents 422 (OpenAPI create/delete/publish-agent-version). */
function createAgentVersion({ params, body, core }: RouteContext): Reply<AgentCreateVersionResponse> {
	const versions = anyAgentVersions(core, params.agent_id!);
	const input = bodyObject(body);
	const baseVersion = optionalInteger(input, 'base_version');
	if (baseVersion === undefined) throw badRequest('base_version is required.');
	const draft = versions.newDraft(baseVersion);
	if (!draft) throw new RetellHttpError(404);
	return created(draft);
}

function deleteAgentVersion({ params, query, core }: RouteContext): Reply {
	const versions = anyAgentVersions(core, params.agent_id!);
	const version = queryInteger(query, 'version');
	if (version === undefined) throw badRequest('version is required.');
	if (!versions.find(version)) throw new RetellHttpError(404);
	if (versions.all.length === 1) throw badRequest('The only version of an agent cannot be deleted; delete the agent.');
	versions.deleteVersion(version);
	return noContent();
}

function publishAgentVersion({ params, body, core }: RouteContext): Reply {
	const versions = anyAgentVersions(core, params.agent_id!);
	const input = bodyObject(body);
	const version = optionalInteger(input, 'version');
	if (version === undefined) throw badRequest('version is required.');
	const target = versions.find(version);
	if (!target) throw new RetellHttpError(404);
	if (target.is_published) throw badRequest(`Version ${version} is already published.`);
	versions.publish(version, optionalString(input, 'version_title'), optionalString(input, 'version_description'));
	// SDK types publish as void; SPEC documents a 200.
	return { status: 200 };
}

function listAgentVersions({ params, query, core }: RouteContext): Reply<AgentListVersionsResponse> {
	const versions: readonly AnyAgent[] = anyAgentVersions(core, params.agent_id!).all;
	const result = paginate(
		versions,
		parsePageRequest(query, { keyStyle: core.options.paginationKeys }),
		(v) => v.version ?? 0,
		(v) => String(v.version).padStart(10, '0'),
		(v): AgentListVersionsResponse.Item => {
			const item: AgentListVersionsResponse.Item = { version: v.version ?? 0, is_published: v.is_published ?? false, last_modification_timestamp: v.last_modification_timestamp };
			if (typeof v.base_version === 'number') item.base_version = v.base_version;
			if (v.version_title) item.version_title = v.version_title;
			if ('version_description' in v && v.version_description) item.version_description = v.version_description;
			return item;
		},
	);
	return ok(result);
}

/** Deprecated bare-array endpoint (removal 2026-09-15, retell-api.md §10). */
function getAgentVersions({ params, core }: RouteContext): Reply<AgentGetVersionsResponse> {
	const versions = voiceAgentVersions(core, params.agent_id!);
	if (!versions) throw assetNotFound();
	return ok([...versions.all]);
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
