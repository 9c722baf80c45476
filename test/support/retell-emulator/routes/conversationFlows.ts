import type {
	ConversationFlowCreateParams,
	ConversationFlowListResponse,
	ConversationFlowResponse,
	ConversationFlowUpdateParams,
} from 'retell-sdk/resources/conversation-flow';
import { assetNotFound, badRequest, RetellHttpError } from '../errors';
import { created, noContent, ok, type EmulatorCore, type Reply, type Route, type RouteContext } from '../http';
import { newId } from '../ids';
import { paginate, parsePageRequest } from '../pagination';
import type { EmulatorState } from '../state';
import { bodyObject, isHttpUrl, isRecord, optionalBoolean, optionalInteger, optionalNumber, optionalStringMap, queryBoolean, queryInteger, rejectCamelCase, type JsonObject } from '../validate';

/**
 * Conversation flows: create, get, update, list, delete, and their versions. Flows are a newer resource, so a missing
 * one is 404 (retell-api.md §1, the OpenAPI description's responses). Required on create: `model_choice`, `nodes`,
 * `start_speaker` (SDK 5.66.1 `ConversationFlowCreateParams`, https://docs.retellai.com/api-references/create-conversation-flow).
 * The nodes are checked and stored, not run: a call on a flow agent talks like any emulated call.
 */

type FlowNode = ConversationFlowCreateParams['nodes'][number];
type FlowModel = ConversationFlowCreateParams['model_choice']['model'];

/** SDK 5.66.1 node types (`ConversationFlowCreateParams['nodes']`); components take the same ones. */
const NODE_TYPES: Record<FlowNode['type'], true> = {
	agent_swap: true,
	branch: true,
	bridge_transfer: true,
	cancel_transfer: true,
	code: true,
	component: true,
	conversation: true,
	end: true,
	extract_dynamic_variables: true,
	function: true,
	mcp: true,
	press_digit: true,
	sms: true,
	subagent: true,
	transfer_call: true,
};

/** SDK 5.66.1 `ModelChoice.model`. */
const MODELS: Record<FlowModel, true> = {
	'claude-4.5-haiku': true,
	'claude-4.5-sonnet': true,
	'claude-4.6-sonnet': true,
	'claude-5-sonnet': true,
	'gemini-3.0-flash': true,
	'gemini-3.1-flash-lite': true,
	'gemini-3.5-flash': true,
	'gemini-3.5-flash-lite': true,
	'gemini-3.6-flash': true,
	'gpt-4.1': true,
	'gpt-4.1-mini': true,
	'gpt-4.1-nano': true,
	'gpt-5': true,
	'gpt-5-mini': true,
	'gpt-5-nano': true,
	'gpt-5.1': true,
	'gpt-5.2': true,
	'gpt-5.4': true,
	'gpt-5.4-mini': true,
	'gpt-5.4-nano': true,
	'gpt-5.5': true,
	'gpt-5.6-luna': true,
	'gpt-5.6-terra': true,
};

/**
 * The nodes of a flow or component: each an object with an id and one of the SDK's node types; ⚠ an id used twice
 * is refused (edges name their destination by id, so it would be ambiguous). Each type's own fields are not checked.
 */
export function validateNodes(value: unknown, where: string): void {
	if (!Array.isArray(value)) throw badRequest(`${where} must be a list.`);
	const ids = new Set<string>();
	value.forEach((node: unknown, index) => {
		if (!isRecord(node) || typeof node.id !== 'string' || node.id === '') throw badRequest(`${where}[${index}].id is required.`);
		if (typeof node.type !== 'string' || !Object.hasOwn(NODE_TYPES, node.type)) {
			throw badRequest(`${where}[${index}].type must be one of ${Object.keys(NODE_TYPES).join(', ')}.`);
		}
		if (ids.has(node.id)) throw badRequest(`${where}[${index}].id ${node.id} is used by another node.`);
		ids.add(node.id);
	});
}

/** ⚠ A start node that is none of the nodes is refused: the flow could not begin (the API reference: "ID of the start node"). */
export function validateStartNode(startNodeId: unknown, nodes: unknown, where: string): void {
	if (startNodeId === undefined || startNodeId === null) return;
	if (typeof startNodeId !== 'string') throw badRequest('start_node_id must be a string.');
	const known = Array.isArray(nodes) && nodes.some((node) => isRecord(node) && node.id === startNodeId);
	if (!known) throw badRequest(`start_node_id ${startNodeId} is not the id of any node in ${where}.`);
}

/**
 * Flow and component tools: every one needs a `tool_id` (the function nodes refer to it) and a name; a custom tool
 * an http(s) URL (the OpenAPI description's `NodeTool` and `CustomTool` required fields).
 */
export function validateTools(value: unknown): void {
	if (value === undefined || value === null) return;
	if (!Array.isArray(value)) throw badRequest('tools must be a list.');
	value.forEach((tool: unknown, index) => {
		if (!isRecord(tool) || typeof tool.type !== 'string') throw badRequest(`tools[${index}] needs a type.`);
		if (typeof tool.tool_id !== 'string' || tool.tool_id === '') throw badRequest(`tools[${index}].tool_id is required.`);
		if (typeof tool.name !== 'string' || tool.name === '') throw badRequest(`tools[${index}].name is required.`);
		if (tool.type === 'custom' && !isHttpUrl(tool.url)) throw badRequest(`tools[${index}].url must be an http(s) URL.`);
	});
}

/** ⚠ Fields Retell sets itself are refused when sent, as for LLMs (routes/llms.ts). */
export function rejectServerFields(body: JsonObject, fields: string[]): void {
	for (const field of fields) {
		if (body[field] !== undefined) throw badRequest(`${field} is set by the server.`);
	}
}

/** The fields create and update share, each checked when present (types and ranges from the OpenAPI description). */
function validateFlowFields(core: EmulatorCore, body: JsonObject): void {
	rejectCamelCase(body);
	rejectServerFields(body, ['conversation_flow_id', 'version', 'last_modification_timestamp']);
	const modelChoice = body.model_choice;
	if (modelChoice !== undefined) {
		if (!isRecord(modelChoice) || modelChoice.type !== 'cascading') throw badRequest('model_choice.type must be cascading.');
		if (typeof modelChoice.model !== 'string' || !Object.hasOwn(MODELS, modelChoice.model)) {
			throw badRequest(`model_choice.model must be one of ${Object.keys(MODELS).join(', ')}.`);
		}
	}
	if (body.start_speaker !== undefined && body.start_speaker !== 'user' && body.start_speaker !== 'agent') throw badRequest('start_speaker must be user or agent.');
	if (body.nodes !== undefined) validateNodes(body.nodes, 'nodes');
	validateTools(body.tools);
	optionalStringMap(body, 'default_dynamic_variables');
	if (body.global_prompt !== undefined && body.global_prompt !== null && typeof body.global_prompt !== 'string') throw badRequest('global_prompt must be a string.');
	const temperature = optionalNumber(body, 'model_temperature');
	if (temperature !== undefined && (temperature < 0 || temperature > 1)) throw badRequest('model_temperature must be between 0 and 1.');
	const silence = optionalInteger(body, 'begin_after_user_silence_ms');
	if (silence !== undefined && silence < 0) throw badRequest('begin_after_user_silence_ms must not be negative.');
	optionalBoolean(body, 'tool_call_strict_mode');
	const kbs = body.knowledge_base_ids;
	if (kbs !== undefined && kbs !== null) {
		if (!Array.isArray(kbs) || kbs.some((id) => typeof id !== 'string')) throw badRequest('knowledge_base_ids must be a list of ids.');
		// Knowledge bases are an older resource: an unknown one is 422 (the OpenAPI lists 422 for create and update).
		if (kbs.some((id: string) => !core.state.knowledgeBases.has(id))) throw assetNotFound();
	}
}

/**
 * A flow's versions, oldest first: the earlier ones (`conversationFlowVersions`), then the latest. As for agents and
 * LLMs, only the latest can change; the earlier ones were published with an agent (https://docs.retellai.com/agent/version:
 * "Both the agent and the corresponding retell_llm or conversation flow have the same version number";
 * "Published versions cannot be changed").
 */
function versionsOf(state: EmulatorState, flowId: string): ConversationFlowResponse[] {
	const latest = state.conversationFlows.get(flowId);
	return latest ? [...(state.conversationFlowVersions.get(flowId) ?? []), latest] : [];
}

function findFlow(core: EmulatorCore, flowId: string, version?: number): ConversationFlowResponse {
	const versions = versionsOf(core.state, flowId);
	const flow = version === undefined ? versions.at(-1) : versions.find((v) => v.version === version);
	if (!flow) throw new RetellHttpError(404);
	return flow;
}

/**
 * Publishing an agent version publishes the flow version it runs on: that version becomes an earlier, unchangeable
 * one, and a copy of it opens the next version as the flow's latest (docs/agent/version, above). Returns the
 * published version, for the agent's `response_engine.version`; undefined for an unknown flow.
 */
export function publishConversationFlowVersion(state: EmulatorState, flowId: string): number | undefined {
	const latest = state.conversationFlows.get(flowId);
	if (!latest) return undefined;
	state.conversationFlowVersions.set(flowId, [...(state.conversationFlowVersions.get(flowId) ?? []), latest]);
	state.conversationFlows.set(flowId, { ...structuredClone(latest), version: latest.version + 1, last_modification_timestamp: Date.now() });
	return latest.version;
}

function createFlow({ body, core }: RouteContext): Reply<ConversationFlowResponse> {
	const input = bodyObject(body);
	if (!isRecord(input.model_choice)) throw badRequest('model_choice is required.');
	if (input.nodes === undefined) throw badRequest('nodes is required.');
	if (input.start_speaker === undefined) throw badRequest('start_speaker is required.');
	validateFlowFields(core, input);
	validateStartNode(input.start_node_id, input.nodes, 'nodes');
	const params = input as unknown as ConversationFlowCreateParams;
	const flow: ConversationFlowResponse = {
		...params,
		conversation_flow_id: newId('conversation_flow_'),
		version: 0,
		last_modification_timestamp: Date.now(),
	};
	core.state.conversationFlows.set(flow.conversation_flow_id, flow);
	core.state.registerCreated(flow.conversation_flow_id);
	return created(flow);
}

function getFlow({ params, query, core }: RouteContext): Reply<ConversationFlowResponse> {
	return ok(findFlow(core, params.conversation_flow_id!, queryInteger(query, 'version')));
}

/**
 * PATCH semantics: the fields sent replace the stored ones, null clears one (the SDK types them `| null`), and
 * `is_transfer_cf` is dropped ("Can only be set at creation, and is ignored on update", SDK `ConversationFlowUpdateParams`).
 * The query's `version` defaults to the latest; naming an earlier (published) one is 400 ⚠ code.
 */
function updateFlow({ params, query, body, core }: RouteContext): Reply<ConversationFlowResponse> {
	const flowId = params.conversation_flow_id!;
	const requested = queryInteger(query, 'version');
	const latest = findFlow(core, flowId);
	if (requested !== undefined && requested !== latest.version) {
		findFlow(core, flowId, requested);
		throw badRequest(`Version ${requested} of this conversation flow is published and cannot be changed.`);
	}
	const input = bodyObject(body);
	validateFlowFields(core, input);
	const changes: JsonObject = { ...input };
	delete changes.is_transfer_cf;
	const updated: ConversationFlowResponse = {
		...latest,
		...(changes as Omit<ConversationFlowUpdateParams, 'version'>),
		last_modification_timestamp: Date.now(),
	};
	validateStartNode(updated.start_node_id, updated.nodes, 'the flow\'s nodes');
	core.state.conversationFlows.set(flowId, updated);
	return ok(updated);
}

function listFlows({ query, core }: RouteContext): Reply<ConversationFlowListResponse> {
	return ok(
		paginate(
			core.state.conversationFlows.values(),
			parsePageRequest(query, { keyStyle: core.options.paginationKeys }),
			(flow) => core.state.seqOf(flow.conversation_flow_id),
			(flow) => flow.conversation_flow_id,
		),
	);
}

/** "Delete a conversation flow and all its versions" (SDK); 400 while an agent runs on it, unless `force_delete` (SDK `ConversationFlowDeleteParams`). */
function deleteFlow({ params, query, core }: RouteContext): Reply {
	const flowId = params.conversation_flow_id!;
	findFlow(core, flowId);
	const inUse = core.state.isUsedByAnAgent((a) => a.response_engine.type === 'conversation-flow' && a.response_engine.conversation_flow_id === flowId);
	if (inUse && !queryBoolean(query, 'force_delete')) throw badRequest('This conversation flow is used by an agent; pass force_delete=true to delete it anyway.');
	core.state.conversationFlows.delete(flowId);
	core.state.conversationFlowVersions.delete(flowId);
	return noContent();
}

export const conversationFlowRoutes: Route[] = [
	{ method: 'POST', path: '/create-conversation-flow', handler: createFlow },
	{ method: 'GET', path: '/get-conversation-flow/:conversation_flow_id', handler: getFlow },
	{ method: 'PATCH', path: '/update-conversation-flow/:conversation_flow_id', handler: updateFlow },
	{ method: 'GET', path: '/v2/list-conversation-flows', handler: listFlows },
	{ method: 'DELETE', path: '/delete-conversation-flow/:conversation_flow_id', handler: deleteFlow },
];
