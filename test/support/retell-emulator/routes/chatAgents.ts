import type { ChatAgentCreateParams, ChatAgentGetVersionsResponse, ChatAgentResponse } from 'retell-sdk/resources/chat-agent';
import { assetNotFound, badRequest } from '../errors';
import { created, noContent, ok, type EmulatorCore, type Reply, type Route, type RouteContext } from '../http';
import { newId } from '../ids';
import { bodyObject, optionalInteger, optionalString, queryInteger, type JsonObject } from '../validate';
import { chatAgentVersions, updateVersion, validateCommonAgentFields, validateResponseEngine } from './agents';

// Chat agents (https://docs.retellai.com/api-references/create-chat-agent, retell-sdk 5.66.1 resources/chat-agent):
// versioned like voice agents, with whom they share list-agents and the version endpoints (routes/agents.ts).
// Unknown chat agents are 422, as the OpenAPI description documents for get/update/delete-chat-agent (retell-api.md §1).

/** SDK `ChatAgentCreateParams.webhook_events`. */
const CHAT_WEBHOOK_EVENTS = new Set(['chat_started', 'chat_ended', 'chat_analyzed', 'transcript_updated']);

/** Range of `end_chat_after_silence_ms` ("minimum 120,000 ms (2 minutes), maximum 259,200,000 ms (72 hours)", SDK). */
const SILENCE_MS = { min: 120_000, max: 259_200_000 };
/** Range of `data_storage_retention_days` ("between 1 and 730 days", SDK). */
const RETENTION_DAYS = { min: 1, max: 730 };

function requireInRange(body: JsonObject, key: string, range: { min: number; max: number }): void {
	const value = optionalInteger(body, key);
	if (value !== undefined && (value < range.min || value > range.max)) {
		throw badRequest(`${key} must be between ${range.min} and ${range.max}.`);
	}
}

/** Checks the fields the emulator acts on or the SDK bounds; the rest are stored as sent. */
function validateChatAgentFields(core: EmulatorCore, body: JsonObject, creating: boolean): void {
	validateCommonAgentFields(body, CHAT_WEBHOOK_EVENTS, 'post_chat_analysis_data');
	if (creating || body.response_engine !== undefined) validateResponseEngine(core, body.response_engine);
	optionalString(body, 'auto_close_message');
	requireInRange(body, 'end_chat_after_silence_ms', SILENCE_MS);
	requireInRange(body, 'data_storage_retention_days', RETENTION_DAYS);
}

function findChatAgent(core: EmulatorCore, agentId: string, version?: number): ChatAgentResponse {
	const agent = core.state.getChatAgent(agentId, version);
	if (!agent) throw assetNotFound();
	return agent;
}

/** Defaults as the SDK documents them: `en-US`, "everything", one hour of silence, no signed URLs. */
function createChatAgent({ body, core }: RouteContext): Reply<ChatAgentResponse> {
	const input = bodyObject(body);
	validateChatAgentFields(core, input, true);
	const params = input as unknown as ChatAgentCreateParams;
	const agent: ChatAgentResponse = {
		language: 'en-US',
		data_storage_setting: 'everything',
		end_chat_after_silence_ms: 3_600_000,
		opt_in_signed_url: false,
		...params,
		agent_id: newId('agent_'),
		version: 0,
		is_published: false,
		last_modification_timestamp: Date.now(),
	};
	core.state.putChatAgentVersion(agent);
	return created(agent);
}

function getChatAgent({ params, query, core }: RouteContext): Reply<ChatAgentResponse> {
	return ok(findChatAgent(core, params.agent_id!, queryInteger(query, 'version')));
}

function updateChatAgent({ params, query, body, core }: RouteContext): Reply<ChatAgentResponse> {
	const versions = chatAgentVersions(core, params.agent_id!);
	const requested = queryInteger(query, 'version');
	const target = versions?.find(requested);
	if (!versions || !target) throw assetNotFound();
	const input = bodyObject(body);
	validateChatAgentFields(core, input, false);
	return ok(updateVersion(versions, target, requested, input));
}

function deleteChatAgent({ params, core }: RouteContext): Reply {
	if (!core.state.deleteChatAgent(params.agent_id!)) throw assetNotFound();
	return noContent();
}

/** Deprecated bare-array endpoint (removal 2026-09-15, retell-api.md §10); list-agent-versions replaces it. */
function getChatAgentVersions({ params, core }: RouteContext): Reply<ChatAgentGetVersionsResponse> {
	const versions = chatAgentVersions(core, params.agent_id!);
	if (!versions) throw assetNotFound();
	return ok([...versions.all]);
}

export const chatAgentRoutes: Route[] = [
	{ method: 'POST', path: '/create-chat-agent', handler: createChatAgent },
	{ method: 'GET', path: '/get-chat-agent/:agent_id', handler: getChatAgent },
	{ method: 'PATCH', path: '/update-chat-agent/:agent_id', handler: updateChatAgent },
	{ method: 'DELETE', path: '/delete-chat-agent/:agent_id', handler: deleteChatAgent },
	{ method: 'GET', path: '/get-chat-agent-versions/:agent_id', handler: getChatAgentVersions },
];
