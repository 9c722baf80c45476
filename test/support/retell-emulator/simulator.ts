import type { AgentResponse } from 'retell-sdk/resources/agent';
import type { LlmResponse } from 'retell-sdk/resources/llm';
import {
	buildAnalysis,
	buildConversation,
	buildCost,
	buildLatency,
	callVariables,
	dialOutcome,
	endSecondsOf,
	fillVariables,
	maxCallDurationMs,
	TRANSFER_DESTINATION,
	transcriptLine,
	utterance,
	type Outcome,
	type Utterance,
	withToolCalls,
} from './conversation';
import { WEBHOOK_DEFAULT_TIMEOUT_MS, type WebhookDispatcher } from './delivery';
import type { EmulatorCore } from './http';
import { attachRecordings } from './media';
import type { EmulatedCall } from './types';

/** Simulated durations in ms, divided by `timeScale` on the wall clock. */
export const RING_MS = 2_000;
export const ANALYSIS_MS = 3_000;
const HANGUP_PAUSE_MS = 600;

export type CallEvent =
	| 'call_started'
	| 'call_ended'
	| 'call_analyzed'
	| 'transcript_updated'
	| 'transfer_started'
	| 'transfer_bridged'
	| 'transfer_ended';

/** A voice agent without `webhook_events` gets these (https://docs.retellai.com/features/webhook-overview). */
export const DEFAULT_WEBHOOK_EVENTS: readonly string[] = ['call_started', 'call_ended', 'call_analyzed'];

type Wake = 'elapsed' | 'stopped' | 'cancelled';

/**
 * Runs calls through registered → ongoing → ended → analyzed (or registered → not_connected), updating the call
 * in state and sending the agent's webhooks at each step.
 */
export class CallSimulator {
	private readonly running = new Map<string, Promise<void>>();
	private readonly stopRequests = new Map<string, () => void>();

	constructor(
		private readonly core: Omit<EmulatorCore, 'simulator'>,
		private readonly dispatcher: WebhookDispatcher,
	) {}

	/** Starts a registered call's lifecycle once; resolves when the call is analyzed and its webhooks are delivered. */
	simulate(callId: string): Promise<void> {
		const existing = this.running.get(callId);
		if (existing) return existing;
		if (!this.core.state.calls.has(callId)) return Promise.reject(new Error(`Unknown call ${callId}`));
		const run = this.run(callId).finally(() => this.running.delete(callId));
		this.running.set(callId, run);
		this.core.scheduler.track(run, (error) => this.core.log(`simulation of ${callId} failed: ${String(error)}`));
		return run;
	}

	/**
	 * stop-call: hangs up a call that is registered or ongoing. Returns false when the call had already finished.
	 */
	stop(callId: string): boolean {
		const call = this.core.state.calls.get(callId);
		if (!call || (call.call_status !== 'registered' && call.call_status !== 'ongoing')) return false;
		const request = this.stopRequests.get(callId);
		if (request) {
			request();
			return true;
		}
		// A registered call nobody is simulating (autoSimulateCalls off): it never connected.
		this.core.scheduler.track(this.endNotConnected(callId, call, 'manual_stopped', this.core.scheduler.generation), () => undefined);
		return true;
	}

	reset(): void {
		this.running.clear();
		this.stopRequests.clear();
		this.dispatcher.clear();
	}

	private async run(callId: string): Promise<void> {
		const { state, scheduler } = this.core;
		const call = state.calls.get(callId);
		if (!call || call.call_status !== 'registered') return;
		const generation = scheduler.generation;
		const stopped = new Promise<Wake>((resolve) => this.stopRequests.set(callId, () => resolve('stopped')));
		const wait = async (simulatedMs: number): Promise<Wake> => {
			const wake = await Promise.race([scheduler.sleep(simulatedMs / this.core.options.timeScale).then((e): Wake => (e ? 'elapsed' : 'cancelled')), stopped]);
			// Deleted, reset or closed while waiting: the call is gone, stop quietly.
			return generation !== scheduler.generation || state.calls.get(callId) !== call ? 'cancelled' : wake;
		};
		const deliveries: Array<Promise<void>> = [];
		const emit = (event: CallEvent, topLevel?: Record<string, unknown>): void => {
			const delivery = this.emit(call, event, topLevel);
			if (delivery) deliveries.push(delivery);
		};

		try {
			const ring = await wait(RING_MS);
			if (ring === 'cancelled') return;
			const outcome = dialOutcome(call);
			const notConnected = ring === 'stopped' ? 'manual_stopped' : !outcome.connected ? outcome.reason : undefined;
			if (notConnected) {
				deliveries.push(this.endNotConnected(callId, call, notConnected, generation));
				return;
			}

			call.call_status = 'ongoing';
			call.start_timestamp = Date.now();
			emit('call_started');

			const { agent, llm } = this.configOf(call);
			const turns = buildConversation(agent, llm, call, outcome);
			const spoken: Utterance[] = [];
			let simulatedMs = 0;
			let hangup: 'stopped' | 'finished' = 'finished';
			for (const turn of turns) {
				const turnEndMs = endSecondsOf(turn) * 1000;
				const startedAt = Date.now();
				const wake = await wait(turnEndMs - simulatedMs);
				if (wake === 'cancelled') return;
				if (wake === 'stopped') {
					simulatedMs += (Date.now() - startedAt) * this.core.options.timeScale;
					hangup = 'stopped';
					break;
				}
				simulatedMs = turnEndMs;
				spoken.push(turn);
				this.appendTranscript(call, turn, spoken.length - 1);
				emit('transcript_updated');
			}
			if (hangup === 'finished' && outcome.connected && outcome.transfer) {
				// The transfer events carry "full call data plus transfer_destination and transfer_option", the transfer
				// fields next to `call` (https://docs.retellai.com/features/webhook-overview).
				const destination = { transfer_destination: { number: TRANSFER_DESTINATION } };
				call.transfer_destination = TRANSFER_DESTINATION;
				emit('transfer_started', destination);
				if ((await wait(RING_MS)) === 'cancelled') return;
				simulatedMs += RING_MS;
				emit('transfer_bridged', destination);
				const colleague = utterance('transfer_target', 'Hello, billing team, how can I help you today?', simulatedMs / 1000);
				if ((await wait(endSecondsOf(colleague) * 1000 - simulatedMs)) === 'cancelled') return;
				simulatedMs = endSecondsOf(colleague) * 1000;
				spoken.push(colleague);
				this.appendTranscript(call, colleague, spoken.length - 1);
				call.transfer_end_timestamp = (call.start_timestamp ?? Date.now()) + Math.round(simulatedMs);
				emit('transfer_ended');
			}
			if (hangup === 'finished') {
				// Retell cuts a call off at the agent's max_call_duration_ms, whatever is being said.
				simulatedMs = outcome.connected && outcome.untilMaxDuration ? maxCallDurationMs(agent) : simulatedMs + HANGUP_PAUSE_MS;
			}

			this.markEnded(call, spoken, Math.round(simulatedMs), hangup === 'stopped' ? 'manual_stopped' : this.finishReason(outcome));
			// "transcript_updated: every turn change, plus a final one" (https://docs.retellai.com/features/webhook-overview).
			emit('transcript_updated');
			emit('call_ended');

			if (!(await this.analysisDone(callId, call, generation))) return;
			call.call_analysis = buildAnalysis(agent, outcome, () => this.core.random(), call.retell_llm_dynamic_variables ?? {});
			emit('call_analyzed');
		} finally {
			this.stopRequests.delete(callId);
			// Also when the call was deleted mid-way: idle() must not resolve while a delivery is still out.
			await Promise.all(deliveries);
		}
	}

	/**
	 * "It will not have its call_started webhook triggered. It will still have its call_ended and call_analyzed
	 * webhook triggered." (https://docs.retellai.com/features/webhook-overview); resolves when both are delivered.
	 */
	private async endNotConnected(callId: string, call: EmulatedCall, reason: NonNullable<EmulatedCall['disconnection_reason']>, generation: number): Promise<void> {
		this.markNotConnected(call, reason);
		const ended = this.emit(call, 'call_ended');
		let analyzed: Promise<void> | undefined;
		if (await this.analysisDone(callId, call, generation)) {
			call.call_analysis = buildAnalysis(undefined, { connected: false, reason: 'dial_failed' }, () => this.core.random());
			analyzed = this.emit(call, 'call_analyzed');
		}
		await Promise.all([ended, analyzed]);
	}

	/** Waits for post-call analysis; false when the call was deleted, or the emulator reset or closed meanwhile. */
	private async analysisDone(callId: string, call: EmulatedCall, generation: number): Promise<boolean> {
		const { state, scheduler } = this.core;
		const elapsed = await scheduler.sleep(ANALYSIS_MS / this.core.options.timeScale);
		return elapsed && generation === scheduler.generation && state.calls.get(callId) === call;
	}

	private finishReason(outcome: Outcome): NonNullable<EmulatedCall['disconnection_reason']> {
		if (outcome.connected && outcome.voicemail) return 'voicemail_reached';
		if (outcome.connected && outcome.untilMaxDuration) return 'max_duration_reached';
		if (outcome.connected && outcome.transfer) return 'transfer_bridged';
		return this.core.random() < 0.5 ? 'user_hangup' : 'agent_hangup';
	}

	/** The agent version the call runs on (falls back to the latest when that version was deleted). */
	private configOf(call: EmulatedCall): { agent: AgentResponse | undefined; llm: LlmResponse | undefined } {
		const { state } = this.core;
		const agent = state.getAgent(call.agent_id, call.agent_version) ?? state.getAgent(call.agent_id);
		const engine = agent?.response_engine;
		const llm = engine?.type === 'retell-llm' ? state.getLlm(engine.llm_id, engine.version) : undefined;
		return { agent, llm };
	}

	private keepsTranscript(call: EmulatedCall): boolean {
		return call.data_storage_setting !== 'basic_attributes_only';
	}

	/** Adds one turn to the transcript fields; appending keeps a two-hour call (thousands of turns) linear. */
	private appendTranscript(call: EmulatedCall, turn: Utterance, index: number): void {
		if (!this.keepsTranscript(call)) return;
		call.transcript = (call.transcript ?? '') + transcriptLine(turn);
		(call.transcript_object ??= []).push({ ...turn, words: turn.words.map((word) => ({ ...word })) });
		const withTools = (call.transcript_with_tool_calls ??= []) as unknown[];
		withTools.push(...withToolCalls(turn, call.call_id, index));
	}

	private markNotConnected(call: EmulatedCall, reason: NonNullable<EmulatedCall['disconnection_reason']>): void {
		const now = Date.now();
		call.call_status = 'not_connected';
		// No start_timestamp: the SDK documents it as "available after call starts", and this call never did.
		call.end_timestamp = now;
		call.duration_ms = 0;
		call.disconnection_reason = reason;
		call.call_cost = buildCost(0);
	}

	private markEnded(call: EmulatedCall, spoken: Utterance[], durationMs: number, reason: NonNullable<EmulatedCall['disconnection_reason']>): void {
		call.call_status = 'ended';
		// Simulated time: end - start equals duration_ms even when the wall clock ran faster.
		call.end_timestamp = (call.start_timestamp ?? Date.now()) + durationMs;
		call.duration_ms = durationMs;
		call.disconnection_reason = reason;
		attachRecordings(this.core.state, call, this.core.baseUrl());
		call.call_cost = buildCost(durationMs);
		call.latency = buildLatency(spoken.filter((t) => t.role === 'agent').length, () => this.core.random());
	}

	/** Sends one lifecycle event if the agent subscribes to it; resolves when delivery (with retries) ends. */
	private emit(call: EmulatedCall, event: CallEvent, topLevel: Record<string, unknown> = {}): Promise<void> | undefined {
		const { agent, llm } = this.configOf(call);
		const events = agent?.webhook_events ?? DEFAULT_WEBHOOK_EVENTS;
		if (!events.includes(event)) return undefined;
		// The agent-level URL replaces the account-level one (retell-api.md §5.4).
		const template = agent?.webhook_url || this.core.options.accountWebhookUrl;
		if (!template) return undefined;
		const variables = Object.fromEntries(Object.entries(callVariables(call, llm)).map(([k, v]) => [k, encodeURIComponent(v)]));
		const url = fillVariables(template, variables);
		const snapshot: EmulatedCall = { ...call };
		// call_ended carries everything but call_analysis; only call_analyzed has it (retell-api.md §5.2).
		if (event !== 'call_analyzed') delete snapshot.call_analysis;
		const body = JSON.stringify({ event, call: snapshot, ...topLevel });
		return this.dispatcher.send({ callId: call.call_id, url, event, body, timeoutMs: agent?.webhook_timeout_ms ?? WEBHOOK_DEFAULT_TIMEOUT_MS });
	}
}
