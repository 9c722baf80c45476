import type { INodePropertyOptions } from 'n8n-workflow';

import type { AgentResponse } from './transport/types';

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

/** The events as n8n options, sorted by name; `withActions` adds the trigger's "On …" actions. */
export function callEventOptions({ withActions }: { withActions: boolean }): INodePropertyOptions[] {
	return CALL_EVENTS.map((value) => {
		const { name, description } = CALL_EVENT_CATALOGUE[value];
		return withActions ? { name, value, description, action: `On ${name.toLowerCase()}` } : { name, value };
	}).sort((a, b) => a.name.localeCompare(b.name));
}
