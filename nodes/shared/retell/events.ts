import type { INodePropertyOptions } from 'n8n-workflow';

import type { AgentResponse, ChatAgentResponse } from './transport/types';

/** An event an agent webhook can carry for voice calls, as retell-sdk types `webhook_events`. */
export type CallEvent = NonNullable<AgentResponse['webhook_events']>[number];

/**
 * The one catalogue of call events: the trigger's Events, the agent's Webhook Events and the session log
 * read it. A `Record` over the SDK's union keeps it complete when Retell adds an event.
 * https://docs.retellai.com/features/webhook-overview
 */
const CALL_EVENT_CATALOGUE: Record<CallEvent, { name: string; description: string }> = {
	call_started: { name: 'Call Started', description: 'The call connected (not sent for calls that never connect)' },
	call_ended: { name: 'Call Ended', description: 'The call ended, was transferred or failed' },
	call_analyzed: { name: 'Call Analyzed', description: 'Post-call analysis is done; the call includes call_analysis' },
	transcript_updated: { name: 'Transcript Updated', description: 'Every turn change; fires many times per call' },
	transfer_started: { name: 'Transfer Started', description: 'A transfer began' },
	transfer_bridged: { name: 'Transfer Bridged', description: 'The transfer target answered' },
	transfer_cancelled: { name: 'Transfer Cancelled', description: 'The transfer was cancelled' },
	transfer_ended: { name: 'Transfer Ended', description: 'The transferred leg ended' },
};

export const CALL_EVENTS = Object.keys(CALL_EVENT_CATALOGUE).filter(isCallEvent);

/** Retell's own default when an agent's webhook_events is unset. */
export const DEFAULT_CALL_EVENTS: CallEvent[] = ['call_started', 'call_ended', 'call_analyzed'];

export function isCallEvent(value: unknown): value is CallEvent {
	return typeof value === 'string' && Object.hasOwn(CALL_EVENT_CATALOGUE, value);
}

/** An event a chat agent's webhook can carry, as retell-sdk types its `webhook_events`. */
export type ChatEvent = NonNullable<ChatAgentResponse['webhook_events']>[number];

/**
 * The chat events: Retell sends them as `{event, chat}` to the chat agent's webhook; `chat_ended` carries no
 * chat_analysis yet. https://docs.retellai.com/features/webhook
 */
const CHAT_EVENT_CATALOGUE: Record<ChatEvent, { name: string; description: string }> = {
	chat_started: { name: 'Chat Started', description: 'A chat or SMS conversation began' },
	chat_ended: { name: 'Chat Ended', description: 'The chat ended; analysis follows in Chat Analyzed' },
	chat_analyzed: { name: 'Chat Analyzed', description: 'Post-chat analysis is done; the chat includes chat_analysis' },
	transcript_updated: { name: 'Transcript Updated', description: 'Every new message; fires many times per chat' },
};

export const CHAT_EVENTS = Object.keys(CHAT_EVENT_CATALOGUE).filter(isChatEvent);

/** Retell's own default when a chat agent's webhook_events is unset. */
export const DEFAULT_CHAT_EVENTS: ChatEvent[] = ['chat_started', 'chat_ended', 'chat_analyzed'];

export function isChatEvent(value: unknown): value is ChatEvent {
	return typeof value === 'string' && Object.hasOwn(CHAT_EVENT_CATALOGUE, value);
}

/** The events as n8n options, sorted by name; `withActions` adds the trigger's "On …" actions. */
export function callEventOptions({ withActions }: { withActions: boolean }): INodePropertyOptions[] {
	return CALL_EVENTS.map((value) => {
		const { name, description } = CALL_EVENT_CATALOGUE[value];
		return withActions ? { name, value, description, action: `On ${name.toLowerCase()}` } : { name, value };
	}).sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The chat events as n8n options with their descriptions. No "On …" actions: the node picker lists the trigger's
 * actions side by side, and "On transcript updated" would then appear twice.
 */
export function chatEventOptions(): INodePropertyOptions[] {
	return Object.entries(CHAT_EVENT_CATALOGUE)
		.map(([value, { name, description }]) => ({ name, value, description }))
		.sort((a, b) => a.name.localeCompare(b.name));
}
