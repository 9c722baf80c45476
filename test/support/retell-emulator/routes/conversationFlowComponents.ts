import type {
	ConversationFlowComponentCreateParams,
	ConversationFlowComponentListResponse,
	ConversationFlowComponentResponse,
	ConversationFlowComponentUpdateParams,
} from 'retell-sdk/resources/conversation-flow-component';
import type { ConversationFlowResponse } from 'retell-sdk/resources/conversation-flow';
import { badRequest, RetellHttpError } from '../errors';
import { created, noContent, ok, type EmulatorCore, type Reply, type Route, type RouteContext } from '../http';
import { newId } from '../ids';
import { paginate, parsePageRequest } from '../pagination';
import type { EmulatorState } from '../state';
import { bodyObject, rejectCamelCase, type JsonObject } from '../validate';
import { rejectServerFields, validateNodes, validateStartNode, validateTools } from './conversationFlows';

/**
 * Shared conversation flow components: the same CRUD pattern as flows on `…-conversation-flow-component`, listed by
 * `GET /v2/list-conversation-flow-components` (retell-api.md §2.6, SDK 5.66.1 `conversationFlowComponent`). A newer
 * resource: a missing one is 404 (§1). Required on create: `name`, `nodes` (SDK `ConversationFlowComponentCreateParams`).
 * A flow uses a shared component through a node `{type: "component", component_type: "shared", component_id}`.
 */

const SERVER_FIELDS = ['conversation_flow_component_id', 'user_modified_timestamp', 'linked_conversation_flow_ids'];

function usesComponent(flow: ConversationFlowResponse, componentId: string): boolean {
	return (flow.nodes ?? []).some((node) => node.type === 'component' && node.component_type === 'shared' && node.component_id === componentId);
}

/** `linked_conversation_flow_ids`: "IDs of conversation flows linked to this shared component" (SDK), from the flows' latest versions. */
function withLinks(state: EmulatorState, component: ConversationFlowComponentResponse): ConversationFlowComponentResponse {
	const linked = [...state.conversationFlows.values()].filter((flow) => usesComponent(flow, component.conversation_flow_component_id));
	return { ...component, linked_conversation_flow_ids: linked.map((flow) => flow.conversation_flow_id) };
}

function findComponent(core: EmulatorCore, componentId: string): ConversationFlowComponentResponse {
	const component = core.state.conversationFlowComponents.get(componentId);
	if (!component) throw new RetellHttpError(404);
	return component;
}

function validateComponentFields(body: JsonObject): void {
	rejectCamelCase(body);
	rejectServerFields(body, SERVER_FIELDS);
	if (body.name !== undefined && (typeof body.name !== 'string' || body.name.trim() === '')) throw badRequest('name must be a non-empty string.');
	if (body.nodes !== undefined) validateNodes(body.nodes, 'nodes');
	validateTools(body.tools);
}

function createComponent({ body, core }: RouteContext): Reply<ConversationFlowComponentResponse> {
	const input = bodyObject(body);
	if (input.name === undefined) throw badRequest('name is required.');
	if (input.nodes === undefined) throw badRequest('nodes is required.');
	validateComponentFields(input);
	validateStartNode(input.start_node_id, input.nodes, 'nodes');
	const params = input as unknown as ConversationFlowComponentCreateParams;
	const component: ConversationFlowComponentResponse = {
		...params,
		conversation_flow_component_id: newId('conversation_flow_component_'),
		user_modified_timestamp: Date.now(),
	};
	core.state.conversationFlowComponents.set(component.conversation_flow_component_id, component);
	core.state.registerCreated(component.conversation_flow_component_id);
	return created(withLinks(core.state, component));
}

function getComponent({ params, core }: RouteContext): Reply<ConversationFlowComponentResponse> {
	return ok(withLinks(core.state, findComponent(core, params.conversation_flow_component_id!)));
}

/** PATCH semantics: the fields sent replace the stored ones; null clears one (the SDK types them `| null`). */
function updateComponent({ params, body, core }: RouteContext): Reply<ConversationFlowComponentResponse> {
	const component = findComponent(core, params.conversation_flow_component_id!);
	const input = bodyObject(body);
	validateComponentFields(input);
	const updated: ConversationFlowComponentResponse = {
		...component,
		...(input as ConversationFlowComponentUpdateParams),
		user_modified_timestamp: Date.now(),
	};
	validateStartNode(updated.start_node_id, updated.nodes, 'the component\'s nodes');
	core.state.conversationFlowComponents.set(component.conversation_flow_component_id, updated);
	return ok(withLinks(core.state, updated));
}

function listComponents({ query, core }: RouteContext): Reply<ConversationFlowComponentListResponse> {
	return ok(
		paginate(
			core.state.conversationFlowComponents.values(),
			parsePageRequest(query, { keyStyle: core.options.paginationKeys }),
			(component) => core.state.seqOf(component.conversation_flow_component_id),
			(component) => component.conversation_flow_component_id,
			(component) => withLinks(core.state, component),
		),
	);
}

/**
 * "When deleting a shared component, creates local copies for all linked conversation flows" (SDK `delete`): each
 * flow's latest version gets the component in its `components` and its component nodes become `local`. ⚠ The
 * nodes keep their `component_id`; how Retell points a local component node at its copy is not documented.
 */
function deleteComponent({ params, core }: RouteContext): Reply {
	const component = findComponent(core, params.conversation_flow_component_id!);
	const componentId = component.conversation_flow_component_id;
	const { conversation_flow_component_id: _id, user_modified_timestamp: _modified, linked_conversation_flow_ids: _links, ...copy } = component;
	for (const flow of core.state.conversationFlows.values()) {
		if (!usesComponent(flow, componentId)) continue;
		core.state.conversationFlows.set(flow.conversation_flow_id, {
			...flow,
			components: [...(flow.components ?? []), structuredClone(copy)],
			nodes: flow.nodes?.map((node) =>
				node.type === 'component' && node.component_id === componentId ? { ...node, component_type: 'local' as const } : node,
			),
			last_modification_timestamp: Date.now(),
		});
	}
	core.state.conversationFlowComponents.delete(componentId);
	return noContent();
}

export const conversationFlowComponentRoutes: Route[] = [
	{ method: 'POST', path: '/create-conversation-flow-component', handler: createComponent },
	{ method: 'GET', path: '/get-conversation-flow-component/:conversation_flow_component_id', handler: getComponent },
	{ method: 'PATCH', path: '/update-conversation-flow-component/:conversation_flow_component_id', handler: updateComponent },
	{ method: 'GET', path: '/v2/list-conversation-flow-components', handler: listComponents },
	{ method: 'DELETE', path: '/delete-conversation-flow-component/:conversation_flow_component_id', handler: deleteComponent },
];
