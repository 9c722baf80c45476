import { buildCost, transcriptText, type Utterance } from './conversation';
import { newId } from './ids';
import type { EmulatorState } from './state';
import type { EmulatedPhoneCall } from './types';

const SENTIMENTS = ['Positive', 'Neutral', 'Negative'] as const;

/**
 * Stores `count` ended, analyzed phone calls directly in state (no simulation, no webhooks), for list and
 * reconcile tests. Fields vary with the index so filters have something to select: direction and hang-up side
 * alternate, sentiment cycles, every fourth call is unsuccessful, `metadata.seed_index` is the index.
 * Start times are one second apart; by default they end a minute ago and follow every earlier seeded call.
 */
export function seedCalls(state: EmulatorState, baseUrl: string, count: number, template: Partial<Omit<EmulatedPhoneCall, 'call_id'>> = {}): EmulatedPhoneCall[] {
	const { start_timestamp: firstStart, ...overrides } = template;
	const start0 = firstStart ?? Math.max(Date.now() - count * 1000 - 60_000, state.lastSeededStart + 1000);
	const agentId = template.agent_id ?? [...state.agents.keys()].pop() ?? 'agent_seeded0000000000000000000000';
	const seeded: EmulatedPhoneCall[] = [];
	for (let i = 0; i < count; i++) {
		const startTimestamp = start0 + i * 1000;
		const durationMs = 30_000 + (i % 60) * 1000;
		const callId = newId('call_');
		const turns = (): Utterance[] => [
			{ role: 'agent', content: 'Hello, how can I help you today?', words: [] },
			{ role: 'user', content: 'Just checking in, thanks.', words: [] },
		];
		const call: EmulatedPhoneCall = {
			call_id: callId,
			call_type: 'phone_call',
			direction: i % 2 === 0 ? 'outbound' : 'inbound',
			from_number: '+14155550100',
			to_number: `+1415${String(2_000_000 + i).padStart(7, '0')}`,
			agent_id: agentId,
			agent_version: 0,
			call_status: 'ended',
			start_timestamp: startTimestamp,
			end_timestamp: startTimestamp + durationMs,
			duration_ms: durationMs,
			disconnection_reason: i % 2 === 0 ? 'agent_hangup' : 'user_hangup',
			transcript: transcriptText(turns()),
			transcript_object: turns(),
			transcript_with_tool_calls: turns(),
			recording_url: `${baseUrl}/_emulator/recordings/${callId}.wav`,
			call_cost: buildCost(durationMs),
			call_analysis: {
				call_summary: 'Seeded call.',
				user_sentiment: SENTIMENTS[i % 3],
				call_successful: i % 4 !== 3,
				in_voicemail: false,
				custom_analysis_data: {},
			},
			metadata: { seed_index: i },
			data_storage_setting: 'everything',
			...overrides,
		};
		state.calls.set(callId, call);
		state.registerCreated(callId);
		state.callCreatedAt.set(callId, startTimestamp);
		state.lastSeededStart = Math.max(state.lastSeededStart, startTimestamp);
		seeded.push(call);
	}
	return seeded;
}
