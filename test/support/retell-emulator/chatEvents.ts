import type { ChatResponse } from 'retell-sdk/resources/chat';
import type { ChatAgentResponse } from 'retell-sdk/resources/chat-agent';

import { WEBHOOK_DEFAULT_TIMEOUT_MS } from './delivery';
import type { EmulatorCore } from './http';

type ChatEvent = NonNullable<ChatAgentResponse['webhook_events']>[number];

/** A chat agent without `webhook_events` gets the three lifecycle events (https://docs.retellai.com/features/webhook). */
const DEFAULT_CHAT_EVENTS: ChatEvent[] = ['chat_started', 'chat_ended', 'chat_analyzed'];

/**
 * Sends a chat event as Retell does: signed `{event, chat}` to the chat agent's `webhook_url` (else the account URL),
 * only for the agent's `webhook_events`; `chat_ended` without `chat_analysis`, which `chat_analyzed` carries
 * (https://docs.retellai.com/features/webhook; retell-api.md §5.2). Delivery and retries are the call events' own;
 * a chat's events go out in order.
 */
export function emitChatEvent(core: EmulatorCore, chat: ChatResponse, event: ChatEvent): void {
	const agent = core.state.getChatAgent(chat.agent_id, chat.version ?? undefined) ?? core.state.chatAgents.get(chat.agent_id);
	if (!(agent?.webhook_events ?? DEFAULT_CHAT_EVENTS).includes(event)) return;
	const url = agent?.webhook_url || core.options.accountWebhookUrl;
	if (!url) return;
	const snapshot = structuredClone(chat);
	if (event !== 'chat_analyzed') delete snapshot.chat_analysis;
	const delivery = core.dispatcher.send({
		callId: chat.chat_id,
		url,
		event,
		body: JSON.stringify({ event, chat: snapshot }),
		timeoutMs: agent?.webhook_timeout_ms ?? WEBHOOK_DEFAULT_TIMEOUT_MS,
	});
	core.scheduler.track(delivery, (error) => core.log(`chat ${chat.chat_id} ${event} delivery failed: ${String(error)}`));
}
