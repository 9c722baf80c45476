import type {
	ChatCreateChatCompletionResponse,
	ChatCreateParams,
	ChatCreateSMSChatParams,
	ChatListResponse,
	ChatResponse,
	ChatUpdateParams,
} from 'retell-sdk/resources/chat';
import type { ChatAgentResponse } from 'retell-sdk/resources/chat-agent';
import type { PhoneNumberResponse } from 'retell-sdk/resources/phone-number';
import { analyzeChat, chatMessage, openingMessage, replyTo, transcriptOf, type ChatMessage } from '../chatConversation';
import { emitChatEvent } from '../chatEvents';
import { compileChatFilter } from '../chatFilters';
import { RetellHttpError, assetNotFound, badRequest } from '../errors';
import { created, noContent, ok, type EmulatorCore, type Reply, type Route, type RouteContext } from '../http';
import { newId } from '../ids';
import { paginate, parsePageRequest } from '../pagination';
import { recordSmsChatParty } from './contacts';
import { bodyObject, isRecord, optionalStringMap, rejectCamelCase, requireE164, requireString, type JsonObject } from '../validate';

// The chat API (retell-api.md §2.6, SDK 5.66.1 resources/chat.js for paths and methods). Chats are older resources:
// an unknown chat or chat agent is 422 (OpenAPI: get-chat, end-chat, update-chat, get-chat-agent list 422, no 404).

const MAX_METADATA_BYTES = 50 * 1024;
/** OpenAPI `AgentVersionReference`: a version number, or a tag such as "prod", "latest", "latest_published". */
const VERSION_TAG = /^[a-z0-9_-]{1,20}$/;

type StorageSetting = NonNullable<ChatAgentResponse['data_storage_setting']>;
/** From least to most restrictive: update-chat "Cannot be downgraded from more restrictive to less restrictive settings". */
const STORAGE_ORDER: StorageSetting[] = ['everything', 'everything_except_pii', 'basic_attributes_only'];
/**
 * A chat's data storage setting. The chat object does not show it (SDK 5.66.1 `ChatResponse` has no such field), yet
 * update-chat must know it to refuse a downgrade, so it is kept beside the stored chat.
 */
const storageOf = new WeakMap<ChatResponse, StorageSetting>();

/** A chat agent version: a number, `latest`, `latest_published`, an assigned tag, or the latest when absent. */
function resolveChatAgent(core: EmulatorCore, agentId: string, version: unknown): { agent: ChatAgentResponse; tag?: string } {
	const versions = core.state.chatAgentVersions.get(agentId);
	if (!versions || versions.length === 0) throw assetNotFound();
	if (version === undefined || version === null || version === 'latest') return { agent: versions[versions.length - 1]! };
	if (typeof version === 'number' || (typeof version === 'string' && /^\d+$/.test(version))) {
		const found = versions.find((candidate) => candidate.version === Number(version));
		if (!found) throw assetNotFound();
		return { agent: found };
	}
	if (typeof version !== 'string' || !VERSION_TAG.test(version)) throw badRequest('agent version must be a whole number or a version tag.');
	if (version === 'latest_published') {
		const published = versions.filter((candidate) => candidate.is_published);
		if (published.length === 0) throw assetNotFound();
		return { agent: published[published.length - 1]! };
	}
	// "If the tag exists but is currently unassigned, it resolves to latest" (SDK 5.66.1 `OutboundSMSAgent.agent_version`).
	const tagged = [...versions].reverse().find((candidate) => candidate.assigned_tags?.includes(version));
	return { agent: tagged ?? versions[versions.length - 1]!, tag: version };
}

/** Picks one of the number's weighted `outbound_sms_agents` (SDK 5.66.1 `PhoneNumberResponse.outbound_sms_agents`). */
function pickOutboundSmsAgent(core: EmulatorCore, number: PhoneNumberResponse): { agentId: string; version?: string | number } | undefined {
	const bindings = number.outbound_sms_agents ?? [];
	if (bindings.length === 0) return undefined;
	let roll = core.random();
	const picked = bindings.find((binding) => (roll -= binding.weight) < 0) ?? bindings[bindings.length - 1]!;
	return { agentId: picked.agent_id, version: picked.agent_version };
}

/** `metadata` (an object, at most 50 kB: SDK 5.66.1 `ChatUpdateParams.metadata`) and the string-map dynamic variables. */
function validateChatExtras(input: JsonObject): void {
	optionalStringMap(input, 'retell_llm_dynamic_variables');
	const metadata = input.metadata;
	if (metadata === undefined) return;
	if (!isRecord(metadata)) throw badRequest('metadata must be an object.');
	if (Buffer.byteLength(JSON.stringify(metadata)) > MAX_METADATA_BYTES) throw badRequest('metadata must be at most 50 kB.');
}

function newChat(
	agent: ChatAgentResponse,
	tag: string | undefined,
	chatType: NonNullable<ChatResponse['chat_type']>,
	params: Pick<ChatCreateParams, 'metadata' | 'retell_llm_dynamic_variables'>,
): ChatResponse {
	return {
		chat_id: newId('chat_'),
		agent_id: agent.agent_id,
		version: agent.version ?? 0,
		...(tag ? { agent_tag: tag } : {}),
		chat_status: 'ongoing',
		chat_type: chatType,
		start_timestamp: Date.now(),
		...(params.retell_llm_dynamic_variables ? { retell_llm_dynamic_variables: params.retell_llm_dynamic_variables } : {}),
		...(params.metadata !== undefined ? { metadata: params.metadata } : {}),
		transcript: '',
		message_with_tool_calls: [],
	};
}

function store(core: EmulatorCore, chat: ChatResponse, agent: ChatAgentResponse): ChatResponse {
	core.state.chats.set(chat.chat_id, chat);
	storageOf.set(chat, agent.data_storage_setting ?? 'everything');
	return chat;
}

/** Adds messages to the chat's record; with `basic_attributes_only` Retell keeps no transcript (SDK `data_storage_setting`). */
function record(chat: ChatResponse, ...messages: ChatMessage[]): void {
	if (storageOf.get(chat) === 'basic_attributes_only') return;
	chat.message_with_tool_calls = [...(chat.message_with_tool_calls ?? []), ...messages];
	chat.transcript = transcriptOf(chat.message_with_tool_calls);
}

/**
 * POST /create-chat → 201 (OpenAPI). ⚠ An API chat starts without messages: the agent answers through
 * create-chat-completion (https://docs.retellai.com/deploy/create-chat-completion).
 */
function createChat({ body, core }: RouteContext): Reply<ChatResponse> {
	const input = bodyObject(body);
	rejectCamelCase(input);
	const agentId = requireString(input, 'agent_id');
	validateChatExtras(input);
	const params = input as unknown as ChatCreateParams;
	const { agent, tag } = resolveChatAgent(core, agentId, params.agent_version);
	const chat = store(core, newChat(agent, tag, 'api_chat', params), agent);
	emitChatEvent(core, chat, 'chat_started');
	return created(structuredClone(chat));
}

/**
 * POST /create-sms-chat → 200 (OpenAPI: "SMS chat created and initial message sent successfully"). `from_number` "Must
 * be a number purchased from Retell or imported to Retell with SMS capability" (SDK 5.66.1): another number is 422 ⚠
 * (the code create-phone-call gets here); Telnyx numbers have no SMS ("Telnyx is not supported yet",
 * https://docs.retellai.com/deploy/enable-sms). The agent is `override_agent_id` or a weighted pick of the number's
 * `outbound_sms_agents`; "The initial SMS message will be automatically generated and sent".
 */
function createSmsChat({ body, core }: RouteContext): Reply<ChatResponse> {
	const input = bodyObject(body);
	rejectCamelCase(input);
	const from = requireString(input, 'from_number');
	const to = requireString(input, 'to_number');
	requireE164(from, 'from_number', false);
	requireE164(to, 'to_number', false);
	validateChatExtras(input);
	const params = input as unknown as ChatCreateSMSChatParams;
	if (params.override_agent_id !== undefined && (typeof params.override_agent_id !== 'string' || params.override_agent_id === '')) {
		throw badRequest('override_agent_id must be a non-empty string.');
	}

	const number = core.state.phoneNumbers.get(from);
	if (!number) throw new RetellHttpError(422, `from_number ${from} is not a phone number of this account.`);
	if (number.phone_number_type === 'retell-telnyx') throw badRequest(`from_number ${from} is a Telnyx number, which cannot send SMS.`);
	const binding = params.override_agent_id ? { agentId: params.override_agent_id, version: undefined } : pickOutboundSmsAgent(core, number);
	if (!binding) throw badRequest(`from_number ${from} has no outbound SMS agent; bind outbound_sms_agents to it or pass override_agent_id.`);
	const { agent, tag } = resolveChatAgent(core, binding.agentId, params.override_agent_version ?? binding.version);

	const chat = store(core, newChat(agent, tag, 'sms_chat', params), agent);
	record(chat, chatMessage('agent', openingMessage(core.state, agent, chat)));
	// ChatResponse carries no phone number; list-contact-conversations still needs to know whose chat this is.
	recordSmsChatParty(chat, to, 'outbound');
	emitChatEvent(core, chat, 'chat_started');
	return ok(structuredClone(chat));
}

function findChat(core: EmulatorCore, chatId: string): ChatResponse {
	const chat = core.state.chats.get(chatId);
	if (!chat) throw assetNotFound();
	return chat;
}

function getChat({ params, core }: RouteContext): Reply<ChatResponse> {
	return ok(structuredClone(findChat(core, params.chat_id!)));
}

/**
 * POST /create-chat-completion → 201 with the agent's new messages only: "Does not include the original input
 * messages" (OpenAPI, SDK 5.66.1); the user's message and the reply join the chat's transcript ("All conversation
 * history is automatically stored", https://docs.retellai.com/deploy/create-chat-completion). An ended chat "no longer
 * can generate new response" (SDK `ChatResponse.chat_status`): 400 ⚠ (the code is not documented).
 */
function createChatCompletion({ body, core }: RouteContext): Reply<ChatCreateChatCompletionResponse> {
	const input = bodyObject(body);
	rejectCamelCase(input);
	const chatId = requireString(input, 'chat_id');
	const content = requireString(input, 'content');
	const chat = findChat(core, chatId);
	if (chat.chat_status !== 'ongoing') throw badRequest(`Chat ${chat.chat_id} is ${chat.chat_status}: it can no longer generate a response.`);
	const reply = chatMessage('agent', replyTo(content));
	record(chat, chatMessage('user', content), reply);
	emitChatEvent(core, chat, 'transcript_updated');
	return created({ messages: [structuredClone(reply)] });
}

/** Fields update-chat takes (OpenAPI: `additionalProperties: false`), typed by the SDK's `ChatUpdateParams`. */
const UPDATE_FIELDS: Record<keyof ChatUpdateParams, true> = {
	custom_attributes: true,
	data_storage_setting: true,
	metadata: true,
	override_dynamic_variables: true,
};

/** PATCH /update-chat/{chat_id} → 200 with the chat (OpenAPI). */
function updateChat({ params, body, core }: RouteContext): Reply<ChatResponse> {
	const chat = findChat(core, params.chat_id!);
	const input = bodyObject(body);
	rejectCamelCase(input);
	for (const key of Object.keys(input)) {
		if (!Object.hasOwn(UPDATE_FIELDS, key)) throw badRequest(`Unknown field ${key}.`);
	}
	if (input.override_dynamic_variables !== undefined) throw badRequest('override_dynamic_variables is not supported by the emulator.');
	validateChatExtras(input);
	const changes = input as ChatUpdateParams;
	const attributes = input.custom_attributes;
	if (attributes !== undefined) {
		// "Values must be a string, number, or boolean" (SDK 5.66.1 `ChatUpdateParams.custom_attributes`).
		if (!isRecord(attributes) || Object.values(attributes).some((value) => !['string', 'number', 'boolean'].includes(typeof value))) {
			throw badRequest('custom_attributes values must be strings, numbers or booleans.');
		}
		chat.custom_attributes = { ...(chat.custom_attributes ?? {}), ...changes.custom_attributes };
	}
	const setting = changes.data_storage_setting;
	if (setting !== undefined) {
		if (setting !== 'everything' && setting !== 'basic_attributes_only') throw badRequest('data_storage_setting must be everything or basic_attributes_only.');
		const current = storageOf.get(chat) ?? 'everything';
		// "Cannot be downgraded from more restrictive to less restrictive settings" (SDK 5.66.1 `ChatUpdateParams`).
		if (STORAGE_ORDER.indexOf(setting) < STORAGE_ORDER.indexOf(current)) throw badRequest(`data_storage_setting cannot go from ${current} to ${setting}.`);
		storageOf.set(chat, setting);
		// "basic_attributes_only" stores only metadata (SDK 5.66.1 `ChatUpdateParams.data_storage_setting`).
		if (setting === 'basic_attributes_only') {
			delete chat.transcript;
			delete chat.message_with_tool_calls;
		}
	}
	if (input.metadata !== undefined) chat.metadata = input.metadata;
	return ok(structuredClone(chat));
}

/** DELETE /delete-chat/{chat_id} → 204: the SDK types it `void` (retell-api.md §2.6). */
function deleteChat({ params, core }: RouteContext): Reply {
	findChat(core, params.chat_id!);
	core.state.chats.delete(params.chat_id!);
	return noContent();
}

/**
 * PATCH /end-chat/{chat_id} → 204 (OpenAPI). The chat gets its end time and its analysis, "available after chat ends"
 * (SDK 5.66.1 `ChatResponse.chat_analysis`); ⚠ at once: chat_ended, then chat_analyzed go out. Ending a chat that is
 * not ongoing is 400 ⚠, like stop-call on a call that is over.
 */
function endChat({ params, core }: RouteContext): Reply {
	const chat = findChat(core, params.chat_id!);
	if (chat.chat_status !== 'ongoing') throw badRequest(`Chat ${chat.chat_id} is not ongoing.`);
	chat.chat_status = 'ended';
	chat.end_timestamp = Date.now();
	chat.chat_analysis = analyzeChat(core.state.getChatAgent(chat.agent_id, chat.version ?? undefined), chat);
	emitChatEvent(core, chat, 'chat_ended');
	emitChatEvent(core, chat, 'chat_analyzed');
	return noContent();
}

/**
 * PUT /rerun-chat-analysis/{chat_id} → 200 with the chat: the SDK types the answer `ChatResponse` (absent from the
 * OpenAPI description). Post-chat analysis exists only for a chat that ended, so an ongoing chat is 400 ⚠.
 */
function rerunChatAnalysis({ params, core }: RouteContext): Reply<ChatResponse> {
	const chat = findChat(core, params.chat_id!);
	if (chat.chat_status === 'ongoing') throw badRequest(`Chat ${chat.chat_id} is ongoing: end it before analysing it.`);
	chat.chat_analysis = analyzeChat(core.state.getChatAgent(chat.agent_id, chat.version ?? undefined), chat);
	return ok(structuredClone(chat));
}

type ListItem = ChatListResponse['items'][number];

/** "V3 list chats response. Transcript fields are intentionally omitted." (SDK 5.66.1 `ChatListResponse.Item`, OpenAPI `V3ChatResponse`). */
function listItem(chat: ChatResponse): ListItem {
	const item = structuredClone(chat);
	delete item.transcript;
	delete item.message_with_tool_calls;
	return item;
}

/** POST /v3/list-chats: paginated like v3 list-calls, by `start_timestamp` (retell-api.md §3). */
function listChats({ body, core }: RouteContext): Reply<ChatListResponse> {
	const input = bodyObject(body);
	rejectCamelCase(input);
	const page = parsePageRequest(input, { allowSkip: true, keyStyle: core.options.paginationKeys });
	const keep = compileChatFilter(input.filter_criteria, core.state);
	const sortKey = (chat: ChatResponse): number => chat.start_timestamp ?? 0;
	const sortKeyOfId = (chatId: string): number | undefined => {
		const chat = core.state.chats.get(chatId);
		return chat && sortKey(chat);
	};
	const matching = [...core.state.chats.values()].filter(keep);
	return ok(paginate(matching, page, sortKey, (chat) => chat.chat_id, listItem, sortKeyOfId));
}

export const chatRoutes: Route[] = [
	{ method: 'POST', path: '/create-chat', handler: createChat },
	{ method: 'POST', path: '/create-sms-chat', handler: createSmsChat },
	{ method: 'GET', path: '/get-chat/:chat_id', handler: getChat },
	{ method: 'POST', path: '/create-chat-completion', handler: createChatCompletion },
	{ method: 'PATCH', path: '/update-chat/:chat_id', handler: updateChat },
	{ method: 'DELETE', path: '/delete-chat/:chat_id', handler: deleteChat },
	{ method: 'PATCH', path: '/end-chat/:chat_id', handler: endChat },
	{ method: 'PUT', path: '/rerun-chat-analysis/:chat_id', handler: rerunChatAnalysis },
	{ method: 'POST', path: '/v3/list-chats', handler: listChats },
];
