import type { ChatResponse } from 'retell-sdk/resources/chat';
import type { ChatAgentResponse } from 'retell-sdk/resources/chat-agent';
import { fillVariables } from './conversation';
import { newId } from './ids';
import type { EmulatorState } from './state';

// Canned but consistent chat content: the agent's replies, the transcript and the post-chat analysis of an emulated
// chat agree with each other and with the chat agent (and its Retell LLM) the chat runs on.

export type ChatMessage = ChatResponse.MessageBase;
export type ChatAnalysis = NonNullable<ChatResponse['chat_analysis']>;

export function chatMessage(role: ChatMessage['role'], content: string): ChatMessage {
	return { message_id: newId('', 16), role, content, created_timestamp: Date.now() };
}

/** The chat's dynamic variables over the LLM's defaults, as a prompt sees them. */
function chatVariables(state: EmulatorState, agent: ChatAgentResponse, chat: ChatResponse): Record<string, string> {
	const engine = agent.response_engine;
	const llm = engine.type === 'retell-llm' ? state.getLlm(engine.llm_id, engine.version) : undefined;
	return { ...(llm?.default_dynamic_variables ?? {}), ...(chat.retell_llm_dynamic_variables ?? {}) };
}

/**
 * The first SMS of an outbound SMS chat: "The initial SMS message will be automatically generated and sent based on
 * the agent's configuration" (SDK 5.66.1 `chat.createSMSChat`). ⚠ The emulator takes the Retell LLM's
 * `begin_message` with the chat's variables filled in, as its voice calls greet, else a generic greeting.
 */
export function openingMessage(state: EmulatorState, agent: ChatAgentResponse, chat: ChatResponse): string {
	const engine = agent.response_engine;
	const llm = engine.type === 'retell-llm' ? state.getLlm(engine.llm_id, engine.version) : undefined;
	if (llm?.begin_message) return fillVariables(llm.begin_message, chatVariables(state, agent, chat));
	return `Hello, this is ${agent.agent_name || 'your assistant'}. How can I help you today?`;
}

/** ⚠ The agent's canned answer to one user message: it quotes the message, so a test can tell the turns apart. */
export function replyTo(content: string): string {
	return `Thanks for your message: "${content.trim()}". How else can I help?`;
}

/** Retell's chat transcript: one `Agent: …` / `User: …` line per message (OpenAPI `ChatResponse.transcript` example). */
export function transcriptOf(messages: ChatResponse['message_with_tool_calls']): string {
	return (messages ?? [])
		.filter((message): message is ChatMessage => message.role === 'agent' || message.role === 'user')
		.map((message) => `${message.role === 'agent' ? 'Agent' : 'User'}: ${message.content}\n`)
		.join('');
}

/**
 * Post-chat analysis, "available after chat ends" (SDK 5.66.1 `ChatResponse.chat_analysis`). ⚠ Canned: a chat the
 * agent answered at least once counts as successful.
 */
export function analyzeChat(agent: ChatAgentResponse | undefined, chat: ChatResponse): ChatAnalysis {
	const messages = (chat.message_with_tool_calls ?? []).filter((message): message is ChatMessage => message.role === 'agent' || message.role === 'user');
	const userMessages = messages.filter((message) => message.role === 'user').length;
	const agentMessages = messages.length - userMessages;
	return {
		chat_summary: `The user sent ${userMessages} message(s) to ${agent?.agent_name || 'the agent'}, which answered with ${agentMessages}.`,
		chat_successful: agentMessages > 0,
		user_sentiment: 'Neutral',
		custom_analysis_data: {},
	};
}
