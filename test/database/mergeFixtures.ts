/** The lifecycle of one call, for the merge tests: its deliveries, and the times they carry. */

export type Row = Record<string, unknown>;

export const T0 = Date.parse('2026-01-01T10:00:00.000Z');
export const R0 = Date.parse('2026-01-01T10:00:00.500Z');

export function permutations<T>(items: T[]): T[][] {
	if (items.length <= 1) return [items];
	return items.flatMap((item, index) =>
		permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]),
	);
}

export const transcriptObject = (turns: number): Row[] =>
	Array.from({ length: turns }, (_, index) => ({
		role: index % 2 ? 'user' : 'agent',
		content: `turn ${index}`,
	}));

/** The five deliveries of one call, as the node's mapping would produce them (without call_id). */
export function lifecycle(retellAgentId: string): Row[] {
	const finalTranscript = 'Agent: Hello\nUser: Hi, I would like to book\nAgent: Tomorrow at 10?\nUser: Yes';
	const ended: Row = {
		retell_agent_id: retellAgentId,
		agent_version: 3,
		direction: 'inbound',
		from_number: '+14155550100',
		to_number: '+14155550199',
		call_type: 'phone_call',
		call_status: 'ended',
		start_timestamp: T0,
		end_timestamp: T0 + 60_000,
		duration_ms: 60_000,
		disconnection_reason: 'user_hangup',
		transcript: finalTranscript,
		transcript_object: transcriptObject(4),
		recording_url: 'https://recordings.example/rec.wav?sig=ended',
		cost: 12.5,
		call_cost: { combined_cost: 12.5, total_duration_seconds: 60 },
		metadata: { crm_id: '42' },
		dynamic_variables: { first_name: 'Ada' },
		collected_dynamic_variables: { intent: 'book', slot: 'tomorrow 10:00' },
	};
	return [
		{
			event: 'call_started',
			received_at: R0,
			retell_agent_id: retellAgentId,
			agent_version: 3,
			direction: 'inbound',
			from_number: '+14155550100',
			to_number: '+14155550199',
			call_type: 'phone_call',
			call_status: 'ongoing',
			start_timestamp: T0,
			metadata: { crm_id: '42' },
			dynamic_variables: { first_name: 'Ada' },
			transcript: '',
		},
		{
			event: 'transcript_updated',
			received_at: R0 + 20_000,
			call_status: 'ongoing',
			transcript: 'Agent: Hello\nUser: Hi, I would like to book',
			transcript_object: transcriptObject(2),
			collected_dynamic_variables: { intent: 'book' },
		},
		{
			// Same tier as transcript_updated with an older, shorter transcript: must not win.
			event: 'transfer_started',
			received_at: R0 + 25_000,
			call_status: 'ongoing',
			transcript: 'Agent: Hello',
			transcript_object: transcriptObject(1),
			to_number: null,
		},
		{ event: 'call_ended', received_at: R0 + 61_000, ...ended },
		{
			event: 'call_analyzed',
			received_at: R0 + 90_000,
			...ended,
			recording_url: 'https://recordings.example/rec.wav?sig=analyzed',
			cost: 13.25,
			call_cost: { combined_cost: 13.25, total_duration_seconds: 60 },
			call_analysis: {
				call_summary: 'Booked tomorrow 10:00',
				user_sentiment: 'Positive',
				call_successful: true,
				in_voicemail: false,
				custom_analysis_data: { booked: true },
			},
			call_summary: 'Booked tomorrow 10:00',
			user_sentiment: 'Positive',
			call_successful: true,
			in_voicemail: false,
			custom_analysis_data: { booked: true },
		},
	];
}
