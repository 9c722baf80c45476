import type { AgentResponse } from 'retell-sdk/resources/agent';
import type { LlmResponse } from 'retell-sdk/resources/llm';
import type { PhoneCallResponse } from 'retell-sdk/resources/call';
import type { EmulatedCall } from './types';

// Canned but consistent call content: the transcript, analysis, cost and latency of a simulated call all agree
// with each other and with the agent/LLM configuration the call used.

export type Utterance = PhoneCallResponse.TranscriptObject;
export type CallAnalysis = PhoneCallResponse.CallAnalysis;
export type CallCost = PhoneCallResponse.CallCost;
export type Latency = PhoneCallResponse.Latency;

export type Outcome =
	| { connected: false; reason: 'dial_no_answer' | 'dial_busy' | 'dial_failed' }
	| { connected: true; voicemail: boolean; untilMaxDuration?: boolean; transfer?: boolean };

/**
 * Magic endings of `to_number` that choose a call's outcome; any other number is answered by a person.
 * Not-connected calls get no `call_started` (retell-api.md §5.2).
 */
export const DIAL_OUTCOME_SUFFIXES = {
	'99991': 'dial_no_answer',
	'99992': 'dial_busy',
	'99993': 'dial_failed',
	'99994': 'voicemail_reached',
	'99995': 'max_duration_reached',
	'99996': 'transfer_bridged',
} as const;

/** Where a transferred call goes (a transfer_call tool's number). */
export const TRANSFER_DESTINATION = '+14155550199';

/**
 * Retell's default and largest `max_call_duration_ms` (SDK 5.66.1 `AgentCreateParams.max_call_duration_ms`:
 * "minimum 60,000 ms, maximum 7,200,000 (2 hours), by default 3,600,000 (1 hour)").
 */
export const DEFAULT_MAX_CALL_DURATION_MS = 3_600_000;

export function dialOutcome(call: EmulatedCall): Outcome {
	if (call.call_type !== 'phone_call' || call.direction !== 'outbound') return { connected: true, voicemail: false };
	for (const [suffix, result] of Object.entries(DIAL_OUTCOME_SUFFIXES)) {
		if (!call.to_number.endsWith(suffix)) continue;
		if (result === 'voicemail_reached') return { connected: true, voicemail: true };
		if (result === 'max_duration_reached') return { connected: true, voicemail: false, untilMaxDuration: true };
		if (result === 'transfer_bridged') return { connected: true, voicemail: false, transfer: true };
		return { connected: false, reason: result };
	}
	return { connected: true, voicemail: false };
}

const WORD_SECONDS = 0.32;
const TURN_GAP_SECONDS = 0.8;

export function fillVariables(text: string, variables: Record<string, string>): string {
	return text.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (whole, name: string) => variables[name] ?? whole);
}

export function utterance(role: Utterance['role'], content: string, startSeconds: number): Utterance {
	const words = content.split(/\s+/).filter(Boolean).map((word, i) => {
		const start = Math.round((startSeconds + i * WORD_SECONDS) * 1000) / 1000;
		return { word, start, end: Math.round((start + WORD_SECONDS - 0.04) * 1000) / 1000 };
	});
	return { role, content, words };
}

export function callVariables(call: EmulatedCall, llm: LlmResponse | undefined): Record<string, string> {
	return { ...(llm?.default_dynamic_variables ?? {}), ...(call.retell_llm_dynamic_variables ?? {}) };
}

/** The talk of a call that lasts until Retell cuts it off: an order review, item by item, with a lookup per item. */
function longCallLines(index: number): Array<['agent' | 'user', string]> {
	return [
		['user', `Next one is order number ${1000 + index}, I think it was delivered to the wrong address last week.`],
		['agent', `Let me check order ${1000 + index} for you, one moment please.`],
		['agent', `Order ${1000 + index} was delivered on Tuesday to the warehouse entrance, and it was signed for by reception.`],
		['user', 'Alright, that makes sense now, we can move on to the next one on my list.'],
	];
}

function scriptedLines(llm: LlmResponse | undefined, call: EmulatedCall, outcome: Outcome, name: string): Array<['agent' | 'user', string]> {
	const greeting = llm?.begin_message ? fillVariables(llm.begin_message, callVariables(call, llm)) : `Hello, this is ${name}. How can I help you today?`;
	if (outcome.connected && outcome.voicemail) {
		return [['agent', `Hi, this is ${name}. Sorry we missed you, please call us back when you can. Goodbye.`]];
	}
	if (outcome.connected && outcome.untilMaxDuration) return [['agent', greeting]];
	if (outcome.connected && outcome.transfer) {
		return [
			['agent', greeting],
			['user', 'Can I speak to a person about my bill, please?'],
			['agent', 'Of course, let me transfer you to our billing team now.'],
		];
	}
	return [
		['agent', greeting],
		['user', "Hi, I'd like to book an appointment for next week."],
		['agent', 'Sure, I can help with that. What day works best for you?'],
		['user', 'Tuesday afternoon would be great.'],
		['agent', 'Done, you are booked for Tuesday afternoon. Anything else?'],
		['user', "No, that's all. Thank you!"],
		['agent', 'You are welcome. Have a nice day!'],
	];
}

/**
 * The turns of a simulated call, with word timings in seconds from the start of the call. A call that runs until
 * the agent's `max_call_duration_ms` (two hours at most) has about 20,000 timed words, a few MB per event.
 */
export function buildConversation(agent: AgentResponse | undefined, llm: LlmResponse | undefined, call: EmulatedCall, outcome: Outcome): Utterance[] {
	const name = agent?.agent_name || 'your assistant';
	const lines = scriptedLines(llm, call, outcome, name);
	if (llm?.start_speaker === 'user' && lines.length > 1) lines.unshift(['user', 'Hello?']);
	const limitSeconds = maxCallDurationMs(agent) / 1000;
	const turns: Utterance[] = [];
	let at = 0.5;
	const say = (role: 'agent' | 'user', content: string): boolean => {
		const turn = utterance(role, content, at);
		if (endSecondsOf(turn) > limitSeconds) return false;
		turns.push(turn);
		at = endSecondsOf(turn) + TURN_GAP_SECONDS;
		return true;
	};
	for (const [role, content] of lines) if (!say(role, content)) return turns;
	if (!(outcome.connected && outcome.untilMaxDuration)) return turns;
	for (let index = 0; ; index++) {
		for (const [role, content] of longCallLines(index)) if (!say(role, content)) return turns;
	}
}

export function maxCallDurationMs(agent: AgentResponse | undefined): number {
	return agent?.max_call_duration_ms ?? DEFAULT_MAX_CALL_DURATION_MS;
}

/**
 * `transcript_with_tool_calls`: the utterances, with a tool call invocation and its result before each agent
 * turn that announces a lookup (SDK 5.66.1 `ToolCallInvocationUtterance`, `ToolCallResultUtterance`).
 */
export function withToolCalls(turn: Utterance, callId: string, index: number): Array<Record<string, unknown>> {
	const lookup = turn.role === 'agent' ? /^Let me check order (\d+)/.exec(turn.content) : null;
	const copy = { ...turn, words: turn.words.map((word) => ({ ...word })) };
	if (!lookup) return [copy];
	const toolCallId = `${callId.slice(-8)}_${index}`;
	return [
		copy,
		{ role: 'tool_call_invocation', tool_call_id: toolCallId, name: 'lookup_order', arguments: JSON.stringify({ order_number: lookup[1] }) },
		{ role: 'tool_call_result', tool_call_id: toolCallId, content: JSON.stringify({ order_number: lookup[1], status: 'delivered', signed_by: 'reception' }), successful: true },
	];
}

export function endSecondsOf(turn: Utterance): number {
	return turn.words[turn.words.length - 1]?.end ?? 0;
}

export function transcriptLine(turn: Utterance): string {
	const speaker = { agent: 'Agent', user: 'User', transfer_target: 'Transfer target' }[turn.role];
	return `${speaker}: ${turn.content}\n`;
}

export function transcriptText(turns: Utterance[]): string {
	return turns.map(transcriptLine).join('');
}

/**
 * The call's post-call analysis. ⚠ Retell's model extracts each `post_call_analysis_data` field from the
 * conversation; the scripted conversation names nothing, so a text field takes the value of the call's dynamic
 * variable of the same name (the details a campaign passed in, which the agent confirms), else a placeholder.
 */
export function buildAnalysis(
	agent: AgentResponse | undefined,
	outcome: Outcome,
	random: () => number,
	variables: Record<string, string> = {},
): CallAnalysis {
	if (!outcome.connected) {
		return { call_summary: 'The call did not connect.', user_sentiment: 'Unknown', call_successful: false, in_voicemail: false, custom_analysis_data: {} };
	}
	const voicemail = outcome.connected && outcome.voicemail;
	const custom: Record<string, string | number | boolean> = {};
	for (const item of agent?.post_call_analysis_data ?? []) {
		if (item.type === 'string') custom[item.name] = voicemail ? '' : (variables[item.name] ?? `${item.name} (emulated)`);
		else if (item.type === 'boolean') custom[item.name] = !voicemail;
		else if (item.type === 'number') custom[item.name] = voicemail ? 0 : 1;
		else if (item.type === 'enum') custom[item.name] = item.choices[0] ?? '';
	}
	return {
		call_summary: voicemail
			? 'The call reached voicemail and the agent left a message asking the user to call back.'
			: `The user spoke with ${agent?.agent_name || 'the agent'} and booked an appointment for Tuesday afternoon.`,
		user_sentiment: voicemail ? 'Unknown' : random() < 0.7 ? 'Positive' : 'Neutral',
		call_successful: !voicemail,
		in_voicemail: voicemail,
		custom_analysis_data: custom,
	};
}

/** Cents, per second of call; roughly Retell's list price for platform + voice + LLM. */
const UNIT_PRICES: Array<[string, number]> = [
	['retell_platform', 0.0833],
	['elevenlabs_tts', 0.1167],
	['gpt_4.1', 0.0075],
];

export function buildCost(durationMs: number): CallCost {
	const seconds = Math.ceil(durationMs / 1000);
	const product_costs = UNIT_PRICES.map(([product, unit_price]) => ({ product, unit_price, cost: Math.round(unit_price * seconds * 1000) / 1000 }));
	const total_duration_unit_price = Math.round(UNIT_PRICES.reduce((sum, [, price]) => sum + price, 0) * 10000) / 10000;
	return {
		product_costs,
		combined_cost: Math.round(product_costs.reduce((sum, p) => sum + p.cost, 0) * 1000) / 1000,
		total_duration_seconds: seconds,
		total_duration_unit_price,
	};
}

function stats(values: number[]): Latency['e2e'] {
	const sorted = [...values].sort((a, b) => a - b);
	const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
	return { p50: at(0.5), p90: at(0.9), p95: at(0.95), p99: at(0.99), min: sorted[0], max: sorted[sorted.length - 1], num: sorted.length, values };
}

export function buildLatency(turns: number, random: () => number): Latency {
	const n = Math.max(1, turns);
	const sample = (base: number, spread: number): number[] => Array.from({ length: n }, () => Math.round(base + random() * spread));
	return { e2e: stats(sample(700, 600)), llm: stats(sample(350, 300)), tts: stats(sample(150, 120)), asr: stats(sample(80, 60)) };
}
