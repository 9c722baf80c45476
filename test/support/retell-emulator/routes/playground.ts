import type { AgentResponse } from 'retell-sdk/resources/agent';
import type { ChatAgentResponse } from 'retell-sdk/resources/chat-agent';
import type { ConversationFlowResponse } from 'retell-sdk/resources/conversation-flow';
import type { LlmResponse } from 'retell-sdk/resources/llm';
import type { McpToolDefinition, McpToolGetMcpToolsResponse } from 'retell-sdk/resources/mcp-tool';
import type { PlaygroundCompletionParams, PlaygroundCompletionResponse } from 'retell-sdk/resources/playground';
import { VOICES } from '../catalog';
import { chatMessage, replyTo } from '../chatConversation';
import { fillVariables } from '../conversation';
import { assetNotFound, badRequest } from '../errors';
import { ok, type EmulatorCore, type Reply, type Route, type RouteContext } from '../http';
import { newId } from '../ids';
import { bodyObject, isRecord, optionalString, optionalStringMap, queryInteger, rejectCamelCase, type JsonObject } from '../validate';
import { chatAgentVersions, voiceAgentVersions, type AgentVersions } from './agents';

// Three agent endpoints that act on what the agent's response engine holds: repair-agent, get-mcp-tools and
// agent-playground-completion (retell-sdk 5.66.1 resources/agent.js `repair`, mcp-tool.js, playground.js). They take
// a voice or a chat agent; agents are an older resource, so an unknown agent or version is 422 (the OpenAPI
// description lists 422 and no 404 for get-mcp-tools and agent-playground-completion; retell-api.md §1).

type AnyAgent = AgentResponse | ChatAgentResponse;
type McpServer = NonNullable<LlmResponse['mcps']>[number];
type LlmState = NonNullable<LlmResponse['states']>[number];

type FoundAgent =
	| { channel: 'voice'; versions: AgentVersions<AgentResponse>; agent: AgentResponse }
	| { channel: 'chat'; versions: AgentVersions<ChatAgentResponse>; agent: ChatAgentResponse };

/** A voice or chat agent, in the version asked for (`?version=`, else the latest). */
function findAgent(core: EmulatorCore, agentId: string, query: Record<string, string>): FoundAgent {
	const version = queryInteger(query, 'version');
	const voice = voiceAgentVersions(core, agentId);
	const voiceAgent = voice?.find(version);
	if (voice && voiceAgent) return { channel: 'voice', versions: voice, agent: voiceAgent };
	const chat = chatAgentVersions(core, agentId);
	const chatAgent = chat?.find(version);
	if (chat && chatAgent) return { channel: 'chat', versions: chat, agent: chatAgent };
	throw assetNotFound();
}

/**
 * A flow's versions: the latest in `conversationFlows`, the earlier (published) ones in `conversationFlowVersions`
 * (routes/conversationFlows.ts).
 */
function flowVersion(core: EmulatorCore, flowId: string, version: number | null | undefined): { flow: ConversationFlowResponse; published: boolean } | undefined {
	const latest = core.state.conversationFlows.get(flowId);
	if (!latest) return undefined;
	if (version === undefined || version === null || version === latest.version) return { flow: latest, published: false };
	const earlier = core.state.conversationFlowVersions.get(flowId)?.find((flow) => flow.version === version);
	return earlier && { flow: earlier, published: true };
}

type Engine = { type: 'retell-llm'; llm: LlmResponse } | { type: 'conversation-flow'; flow: ConversationFlowResponse; published: boolean } | { type: 'custom-llm' };

/** The Retell LLM or conversation flow version the agent runs on; a deleted one is as good as absent (undefined). */
function engineOf(core: EmulatorCore, agent: AnyAgent): Engine | undefined {
	const engine = agent.response_engine;
	if (engine.type === 'retell-llm') {
		const llm = core.state.getLlm(engine.llm_id, engine.version);
		return llm && { type: 'retell-llm', llm };
	}
	if (engine.type === 'conversation-flow') {
		const found = flowVersion(core, engine.conversation_flow_id, engine.version);
		return found && { type: 'conversation-flow', ...found };
	}
	return { type: 'custom-llm' };
}

// ---- POST /repair-agent/{agent_id} ---------------------------------------------------------------------------

/** ⚠ The voice Retell remaps an inaccessible one to is not documented: the emulator takes its catalog's first. */
const DEFAULT_VOICE_ID = VOICES[0]!.voice_id;

function existingKnowledgeBases(core: EmulatorCore, ids: string[] | null | undefined): string[] | null | undefined {
	return ids?.filter((id) => core.state.knowledgeBases.has(id));
}

/** A voice agent's own references: its voice (remapped to a default one) and its fallback voices (dropped). */
function repairVoices(core: EmulatorCore, agent: AgentResponse): AgentResponse {
	const voiceKnown = core.state.voices.has(agent.voice_id);
	const fallbacks = agent.fallback_voice_ids?.filter((id) => core.state.voices.has(id));
	return {
		...agent,
		voice_id: voiceKnown ? agent.voice_id : DEFAULT_VOICE_ID,
		...(agent.fallback_voice_ids ? { fallback_voice_ids: fallbacks } : {}),
	};
}

/** An LLM without references to deleted knowledge bases. */
function repairLlm(core: EmulatorCore, llm: LlmResponse): LlmResponse {
	return { ...llm, ...(llm.knowledge_base_ids ? { knowledge_base_ids: existingKnowledgeBases(core, llm.knowledge_base_ids) } : {}) };
}

type FlowNode = NonNullable<ConversationFlowResponse['nodes']>[number];

/**
 * A flow without references to deleted knowledge bases (the flow's and its nodes') and without the component nodes
 * of deleted shared components. ⚠ The node itself goes: nothing is left for it to run.
 */
function repairFlow(core: EmulatorCore, flow: ConversationFlowResponse): ConversationFlowResponse {
	const nodes = flow.nodes
		?.filter((node) => node.type !== 'component' || node.component_type !== 'shared' || core.state.conversationFlowComponents.has(node.component_id))
		.map((node): FlowNode => ('knowledge_base_ids' in node && node.knowledge_base_ids ? { ...node, knowledge_base_ids: existingKnowledgeBases(core, node.knowledge_base_ids) } : node));
	return {
		...flow,
		...(flow.knowledge_base_ids ? { knowledge_base_ids: existingKnowledgeBases(core, flow.knowledge_base_ids) } : {}),
		...(nodes ? { nodes } : {}),
	};
}

function changed(before: object, after: object): boolean {
	return JSON.stringify(before) !== JSON.stringify(after);
}

/**
 * POST /repair-agent/{agent_id}?version → the agent. "Remove references to resources that no longer exist in your
 * workspace from an agent draft version and its response engine — tools whose app connection has been deleted,
 * unknown knowledge bases, and deleted shared components — and remap voices that are no longer accessible to a
 * default voice. If the agent's response engine version has been published, the engine is left untouched and only
 * agent-level references are repaired. Repairing an agent with nothing to fix is a no-op." `version`: "Default to
 * latest version. Published versions are immutable and cannot be repaired" (SDK 5.66.1 `agent.repair`,
 * `AgentRepairParams`). Absent from the OpenAPI description: ⚠ 200 with the agent (the SDK types the answer
 * `AgentResponse | ChatAgentResponse`), ⚠ 400 for a published version. The emulator keeps no app connections on
 * tools, so that part has nothing to remove.
 */
function repairAgent({ params, query, core }: RouteContext): Reply<AnyAgent> {
	const found = findAgent(core, params.agent_id!, query);
	const agent = found.agent;
	if (agent.is_published) throw badRequest(`Version ${agent.version} is published: published versions are immutable and cannot be repaired.`);
	const engine = engineOf(core, agent);
	if (engine?.type === 'retell-llm' && !engine.llm.is_published) {
		const repaired = repairLlm(core, engine.llm);
		if (changed(engine.llm, repaired)) core.state.putLlmVersion({ ...repaired, last_modification_timestamp: Date.now() });
	}
	if (engine?.type === 'conversation-flow' && !engine.published) {
		const repaired = repairFlow(core, engine.flow);
		if (changed(engine.flow, repaired)) core.state.conversationFlows.set(repaired.conversation_flow_id, { ...repaired, last_modification_timestamp: Date.now() });
	}
	// Chat agents have no voice: nothing of their own refers to another resource.
	if (found.channel === 'chat') return ok(agent);
	const repaired = repairVoices(core, found.agent);
	if (!changed(found.agent, repaired)) return ok(found.agent);
	const updated = { ...repaired, last_modification_timestamp: Date.now() };
	found.versions.put(updated);
	return ok(updated);
}

// ---- GET /get-mcp-tools/{agent_id} ---------------------------------------------------------------------------

/**
 * The MCP servers the agent's engine is configured with (`mcps` of its Retell LLM or conversation flow, SDK 5.66.1
 * `LlmResponse.mcps`), or of one of the flow's shared components when `component_id` names it ("The ID of the
 * component if the MCP server is configured under a component", SDK `McpToolGetMcpToolsParams`).
 */
function mcpServersOf(core: EmulatorCore, agent: AnyAgent, componentId: string | undefined): McpServer[] {
	const engine = engineOf(core, agent);
	if (componentId !== undefined) {
		const usesComponent = engine?.type === 'conversation-flow' && engine.flow.nodes?.some((node) => node.type === 'component' && node.component_id === componentId);
		const component = core.state.conversationFlowComponents.get(componentId);
		if (!usesComponent || !component) throw badRequest(`component_id ${componentId} is not a component of this agent's conversation flow.`);
		return component.mcps ?? [];
	}
	if (engine?.type === 'retell-llm') return engine.llm.mcps ?? [];
	if (engine?.type === 'conversation-flow') return engine.flow.mcps ?? [];
	return [];
}

/**
 * ⚠ Which field of an `mcps` entry `mcp_id` names is not documented: the SDK's `Mcp` type has `name` and `url` but no
 * id, while MCP tools and MCP nodes refer to "the MCP server" by `mcp_id`. The emulator accepts an `id` the entry
 * carries (as the dashboard may store one) and otherwise the entry's `name`.
 */
function mcpServerId(server: McpServer): string {
	const id: unknown = (server as McpServer & { id?: unknown }).id;
	return typeof id === 'string' && id !== '' ? id : server.name;
}

/**
 * Retell lists the tools by asking the MCP server itself; the emulator reaches no real server, so every configured
 * server offers the same two tools, described with the server's name: deterministic, and telling servers apart.
 */
function emulatedServerTools(server: McpServer): McpToolDefinition[] {
	return [
		{
			name: 'search_records',
			description: `Search the records of ${server.name}`,
			inputSchema: { type: 'object', properties: { query: { type: 'string', description: 'Search query' } }, required: ['query'] },
		},
		{
			name: 'get_record',
			description: `Get one record of ${server.name} by its ID`,
			inputSchema: { type: 'object', properties: { id: { type: 'string', description: 'Record ID' } }, required: ['id'] },
		},
	];
}

/**
 * GET /get-mcp-tools/{agent_id}?mcp_id&component_id&version → 200 with a bare array of `{name, description,
 * inputSchema}` (OpenAPI `getMCPTools`, https://docs.retellai.com/api-references/get-mcp-tools). `mcp_id` is required
 * (400 without it); ⚠ an `mcp_id` the agent has no server for is 400 (the description lists 400 and 422 only).
 */
function getMcpTools({ params, query, core }: RouteContext): Reply<McpToolGetMcpToolsResponse> {
	const mcpId = query.mcp_id;
	if (!mcpId) throw badRequest('mcp_id is required.');
	const { agent } = findAgent(core, params.agent_id!, query);
	const server = mcpServersOf(core, agent, query.component_id || undefined).find((candidate) => mcpServerId(candidate) === mcpId);
	if (!server) throw badRequest(`mcp_id ${mcpId} is not an MCP server configured on this agent.`);
	return ok(emulatedServerTools(server));
}

// ---- POST /agent-playground-completion/{agent_id} ------------------------------------------------------------

type InputMessage = PlaygroundCompletionParams['messages'][number];
type OutputMessage = PlaygroundCompletionResponse['messages'][number];
type ToolMock = PlaygroundCompletionParams.ToolMock;

/** The roles of SDK 5.66.1 `PlaygroundCompletionParams.messages`, and the text fields each requires. */
const MESSAGE_FIELDS: Record<InputMessage['role'], string[]> = {
	agent: ['content'],
	user: ['content'],
	tool_call_invocation: ['tool_call_id', 'name', 'arguments'],
	tool_call_result: ['tool_call_id', 'content'],
	node_transition: [],
	state_transition: [],
	injected: ['content'],
	sms: ['content'],
};

function validateMessages(value: unknown): InputMessage[] {
	if (!Array.isArray(value)) throw badRequest('messages is required and must be a list.');
	value.forEach((message: unknown, index) => {
		if (!isRecord(message) || typeof message.role !== 'string' || !Object.hasOwn(MESSAGE_FIELDS, message.role)) {
			throw badRequest(`messages[${index}].role must be one of ${Object.keys(MESSAGE_FIELDS).join(', ')}.`);
		}
		for (const field of MESSAGE_FIELDS[message.role as InputMessage['role']]) {
			if (typeof message[field] !== 'string') throw badRequest(`messages[${index}].${field} is required and must be a string.`);
		}
	});
	return value as InputMessage[];
}

/** SDK 5.66.1 `ToolMock`; `output` "should be a JSON string", at most 15,000 characters (OpenAPI `ToolMock`). */
function validateToolMocks(value: unknown): ToolMock[] {
	if (value === undefined) return [];
	if (!Array.isArray(value)) throw badRequest('tool_mocks must be a list.');
	value.forEach((mock: unknown, index) => {
		const where = `tool_mocks[${index}]`;
		if (!isRecord(mock) || typeof mock.tool_name !== 'string' || mock.tool_name === '') throw badRequest(`${where}.tool_name is required.`);
		if (typeof mock.output !== 'string' || mock.output.length > 15_000) throw badRequest(`${where}.output must be a string of at most 15000 characters.`);
		const rule = mock.input_match_rule;
		const ruleOk = isRecord(rule) && (rule.type === 'any' || (rule.type === 'partial_match' && isRecord(rule.args)));
		if (!ruleOk) throw badRequest(`${where}.input_match_rule must be {type: "any"} or {type: "partial_match", args: {...}}.`);
		if (mock.result !== undefined && mock.result !== null && typeof mock.result !== 'boolean') throw badRequest(`${where}.result must be a boolean.`);
	});
	return value as ToolMock[];
}

/** "Only the fields you list here are checked, and each must equal the value in the actual call" (SDK `ToolMock`). */
function mockMatches(mock: ToolMock, toolName: string, args: JsonObject): boolean {
	if (mock.tool_name !== toolName) return false;
	const rule = mock.input_match_rule;
	if (rule.type === 'any') return true;
	const wanted = isRecord(rule.args) ? rule.args : {};
	return Object.entries(wanted).every(([key, value]) => JSON.stringify(args[key]) === JSON.stringify(value));
}

interface Tool {
	name: string;
	type: string;
}

/** The tools the agent may call at this point: the LLM's general tools and the current state's, or the flow's. */
function toolsOf(engine: Engine, state: LlmState | undefined): Tool[] {
	if (engine.type === 'retell-llm') return [...(engine.llm.general_tools ?? []), ...(state?.tools ?? [])];
	if (engine.type === 'conversation-flow') return engine.flow.tools ?? [];
	return [];
}

function messageId(): Pick<OutputMessage, 'message_id' | 'created_timestamp'> {
	return { message_id: newId('', 16), created_timestamp: Date.now() };
}

/**
 * ⚠ The emulator's stand-in for the LLM's choice: the agent calls each of its tools the user's latest message names.
 * `end_call` ends the conversation; any other call is answered by the first matching tool mock, and with no mock
 * the emulator reports the tool as failed, since it runs no real tools from the playground ("A tool call that
 * matches no mock falls through to the real tool", SDK `ToolMock`).
 */
function toolTurns(tools: Tool[], mocks: ToolMock[], text: string): { messages: OutputMessage[]; ended: boolean } {
	const messages: OutputMessage[] = [];
	const named = (tool: Tool): boolean => new RegExp(`(^|[^\\w-])${tool.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w-])`).test(text);
	for (const tool of tools.filter(named)) {
		const args: JsonObject = {};
		const toolCallId = newId('tool_call_', 8);
		messages.push({ role: 'tool_call_invocation', tool_call_id: toolCallId, name: tool.name, arguments: JSON.stringify(args), ...messageId() });
		if (tool.type === 'end_call') return { messages, ended: true };
		const mock = mocks.find((candidate) => mockMatches(candidate, tool.name, args));
		messages.push({
			role: 'tool_call_result',
			tool_call_id: toolCallId,
			content: mock ? mock.output : JSON.stringify({ error: `No tool mock matches ${tool.name}; the emulator runs no real tools.` }),
			successful: mock !== undefined,
			...messageId(),
		});
	}
	return { messages, ended: false };
}

/** The agent's opening line, as emulated calls and SMS chats greet: the LLM's `begin_message`, variables filled. */
function greeting(engine: Engine, agent: AnyAgent, variables: Record<string, string>): string {
	const begin = engine.type === 'retell-llm' ? engine.llm.begin_message : undefined;
	return begin ? fillVariables(begin, variables) : `Hello, this is ${agent.agent_name || 'your assistant'}. How can I help you today?`;
}

/** Where a conversation-flow agent is: `current_node_id`, within the component `component_id` names when given. */
function flowPosition(core: EmulatorCore, flow: ConversationFlowResponse, nodeId: string | null | undefined, componentId: string | null | undefined): string | undefined {
	if (componentId) {
		// current_node_id "Must be provided together with component_id when testing components" (SDK 5.66.1).
		if (!nodeId) throw badRequest('current_node_id is required with component_id.');
		const component = core.state.conversationFlowComponents.get(componentId);
		if (!component) throw badRequest(`component_id ${componentId} is not a conversation flow component.`);
		if (!component.nodes.some((node) => node.id === nodeId)) throw badRequest(`current_node_id ${nodeId} is not a node of component ${componentId}.`);
		return nodeId;
	}
	if (!nodeId) return flow.start_node_id ?? undefined;
	if (!flow.nodes?.some((node) => node.id === nodeId)) throw badRequest(`current_node_id ${nodeId} is not a node of the agent's conversation flow.`);
	return nodeId;
}

/**
 * POST /agent-playground-completion/{agent_id}?version → 200 (OpenAPI `agentPlaygroundCompletion`): "Send the full
 * conversation history … and receive only the newly generated messages. Nothing is persisted server-side" (SDK
 * 5.66.1 `playground.completion`). `messages` is required; `current_state` resumes a Retell LLM agent at a state,
 * `current_node_id` a flow agent at a node. ⚠ Canned replies (chatConversation.ts): with no messages the agent
 * greets; after a user message it answers it (after any tools it names, above); after an agent message it waits
 * (no new messages). A custom-LLM agent runs on its owner's server, which the playground cannot drive: 400 ⚠.
 */
function playgroundCompletion({ params, query, body, core }: RouteContext): Reply<PlaygroundCompletionResponse> {
	const { agent } = findAgent(core, params.agent_id!, query);
	const input = bodyObject(body);
	rejectCamelCase(input);
	const messages = validateMessages(input.messages);
	const mocks = validateToolMocks(input.tool_mocks);
	const given = optionalStringMap(input, 'dynamic_variables') ?? {};
	const currentState = optionalString(input, 'current_state');
	const nodeId = optionalString(input, 'current_node_id');
	const componentId = optionalString(input, 'component_id');

	const engine = engineOf(core, agent);
	if (!engine) throw badRequest("The agent's response engine no longer exists.");
	if (engine.type === 'custom-llm') throw badRequest('A custom LLM agent answers from your own server; the playground runs Retell LLM and conversation flow agents.');
	const answer: Omit<PlaygroundCompletionResponse, 'messages'> = {};
	let state: LlmState | undefined;
	if (engine.type === 'retell-llm') {
		const states = engine.llm.states ?? [];
		const name = currentState ?? engine.llm.starting_state ?? states[0]?.name;
		state = states.find((candidate) => candidate.name === name);
		if (currentState && !state) throw badRequest(`current_state ${currentState} is not a state of the agent's Retell LLM.`);
		if (state) answer.current_state = state.name;
	} else {
		const position = flowPosition(core, engine.flow, nodeId, componentId);
		if (position) answer.current_node_id = position;
	}
	const defaults = engine.type === 'retell-llm' ? engine.llm.default_dynamic_variables : engine.flow.default_dynamic_variables;
	const variables = { ...(defaults ?? {}), ...given };

	const spoken = messages.filter((message) => message.role === 'user' || message.role === 'agent');
	const last = spoken.at(-1);
	const produced: OutputMessage[] = [];
	let ended = false;
	if (!last) {
		produced.push(chatMessage('agent', greeting(engine, agent, variables)));
	} else if (last.role === 'user') {
		const tools = toolTurns(toolsOf(engine, state), mocks, last.content);
		produced.push(...tools.messages);
		ended = tools.ended;
		if (!ended) produced.push(chatMessage('agent', replyTo(last.content)));
	}
	return ok({ messages: produced, ...answer, dynamic_variables: variables, call_ended: ended });
}

export const playgroundRoutes: Route[] = [
	{ method: 'POST', path: '/repair-agent/:agent_id', handler: repairAgent },
	{ method: 'GET', path: '/get-mcp-tools/:agent_id', handler: getMcpTools },
	{ method: 'POST', path: '/agent-playground-completion/:agent_id', handler: playgroundCompletion },
];
