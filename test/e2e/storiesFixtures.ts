import Retell from 'retell-sdk';

import type { RecordedWebhook } from '../support/retell-emulator';
import { eventually, inList, supabaseSelect, WORKFLOWS, type E2eStack } from './helpers';

/** The columns that make up a session's final state (not bookkeeping like updated_at). */
export const FINAL_STATE =
	'call_id,retell_agent_id,call_status,direction,from_number,to_number,start_timestamp,end_timestamp,duration_ms,' +
	'disconnection_reason,transcript,recording_url,call_summary,user_sentiment,call_successful,call_analysis,metadata,' +
	'dynamic_variables,last_event';

export function newCallIds(stack: E2eStack, before: Set<string>): string[] {
	return [...stack.retellEmulator().state.calls.keys()].filter((id) => !before.has(id));
}

export function webhooksOf(stack: E2eStack, callId: string): RecordedWebhook[] {
	return stack.retellEmulator().webhooks.filter((webhook) => webhook.body.includes(`"call_id":"${callId}"`));
}

/** The session rows of the calls once each is logged up to call_analyzed. */
export async function analyzedSessions(stack: E2eStack, ids: string[]): Promise<Array<Record<string, unknown>>> {
	return await eventually(
		() => supabaseSelect(stack, 'retell_call_sessions', `call_id=${inList(ids)}&select=*`),
		(rows) => rows.length === ids.length && rows.every((row) => row.last_event === 'call_analyzed'),
		30_000,
		'one analyzed session per call',
	);
}

/** The leads of the calls once there is one per call. */
export async function leadsOf(stack: E2eStack, ids: string[]): Promise<Array<Record<string, unknown>>> {
	return await eventually(
		() => supabaseSelect(stack, 'leads', `call_id=${inList(ids)}&select=*`),
		(rows) => rows.length === ids.length,
		30_000,
		'one lead per call',
	);
}

/** A custom function call as Retell posts it to examples/04. */
export function bookAppointmentBody(call: Record<string, unknown>, args: Record<string, string>): string {
	return JSON.stringify({ name: 'book_appointment', call, args });
}

/** A call_inbound webhook as Retell posts it to examples/05. */
export function callInboundBody(callInbound: Record<string, unknown>): string {
	return JSON.stringify({ event: 'call_inbound', call_inbound: callInbound });
}

/**
 * Places a call of Retell's longest duration (SDK 5.66.1 max_call_duration_ms: at most 7,200,000; ~20,000 timed
 * words per transcript) on an agent of its own whose webhooks go to examples/03, and waits until it is delivered.
 */
export async function placeTwoHourCall(stack: E2eStack): Promise<string> {
	const emulator = stack.retellEmulator();
	const retell = new Retell({ apiKey: stack.retell.apiKey, baseURL: stack.retell.baseUrl, maxRetries: 0 });
	const llm = await retell.llm.create({ general_prompt: 'You review orders with the caller.' });
	const agent = await retell.agent.create({
		response_engine: { type: 'retell-llm', llm_id: llm.llm_id },
		voice_id: '11labs-Jenny',
		max_call_duration_ms: 7_200_000,
		webhook_url: stack.exampleWebhookUrl(WORKFLOWS.callEvents),
	});
	const number = await retell.phoneNumber.create({ area_code: 415, outbound_agents: [{ agent_id: agent.agent_id, weight: 1 }] });
	const previousScale = emulator.options.timeScale;
	emulator.setOptions({ timeScale: 1_000_000 });
	try {
		// The emulator talks until max_call_duration_ms for numbers ending in 99995.
		const callId = (await retell.call.createPhoneCall({ from_number: number.phone_number, to_number: '+14155599995' })).call_id;
		await emulator.idle();
		return callId;
	} finally {
		emulator.setOptions({ timeScale: previousScale });
	}
}
