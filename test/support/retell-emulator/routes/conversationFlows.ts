import type { ConversationFlowCreateParams, ConversationFlowListResponse, ConversationFlowResponse } from 'retell-sdk/resources/conversation-flow';
import { RetellHttpError, badRequest } from '../errors';
import { created, noContent, ok, type EmulatorCore, type Reply, type Route, type RouteContext } from '../http';
import { newId } from '../ids';
import { paginate, parsePageRequest } from '../pagination';
import { bodyObject, isRecord, queryBoolean, queryInteger, rejectCamelCase } from '../validate';

/**
 * Conversation flows, as far as an agent's `response_engine` needs them: create, get, list, delete. Flows are a
 * newer resource, so a missing one is 404 (retell-api.md §1). Required on create: `model_choice`, `nodes`,
 * `start_speaker` (SDK 5.66.1 `ConversationFlowCreateParams`, https://docs.retellai.com/api-references/create-conversation-flow).
 * The flow's nodes are stored, not run: a call on a flow agent talks like any emulated call.
 */
function findFlow(core: EmulatorCore, flowId: string, version?: number): ConversationFlowResponse {
	const flow = core.state.conversationFlows.get(flowId);
	if (!flow || (version !== undefined && version !== flow.version)) throw new RetellHttpError(404);
	return flow;
}

function createFlow({ body, core }: RouteContext): Reply<ConversationFlowResponse> {
	const input = bodyObject(body);
	rejectCamelCase(input);
	if (!isRecord(input.model_choice)) throw badRequest('model_choice is required.');
	if (!Array.isArray(input.nodes)) throw badRequest('nodes is required and must be a list.');
	if (input.start_speaker !== 'user' && input.start_speaker !== 'agent') throw badRequest('start_speaker must be user or agent.');
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

function deleteFlow({ params, query, core }: RouteContext): Reply {
	const flowId = params.conversation_flow_id!;
	findFlow(core, flowId);
	const inUse = core.state.isUsedByAnAgent((a) => a.response_engine.type === 'conversation-flow' && a.response_engine.conversation_flow_id === flowId);
	if (inUse && !queryBoolean(query, 'force_delete')) throw badRequest('This conversation flow is used by an agent; pass force_delete=true to delete it anyway.');
	core.state.conversationFlows.delete(flowId);
	return noContent();
}

export const conversationFlowRoutes: Route[] = [
	{ method: 'POST', path: '/create-conversation-flow', handler: createFlow },
	{ method: 'GET', path: '/get-conversation-flow/:conversation_flow_id', handler: getFlow },
	{ method: 'GET', path: '/v2/list-conversation-flows', handler: listFlows },
	{ method: 'DELETE', path: '/delete-conversation-flow/:conversation_flow_id', handler: deleteFlow },
];
