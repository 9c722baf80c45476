import type { AgentRow } from '../agentRow';
import type { LeadRow } from '../leadRow';
import type { SessionRow } from '../sessionRow';

/**
 * The part of the schema in supabase/migrations/20261125000000_retell_call_logging.sql this node reads
 * and writes, in supabase-js' `Database` shape, so queries and their results are typed.
 */

export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[];

export type StoredSession = {
	id: string;
	call_id: string;
	agent_id: string | null;
	retell_agent_id: string | null;
	agent_version: number | null;
	direction: string | null;
	from_number: string | null;
	to_number: string | null;
	call_type: string | null;
	call_status: string | null;
	start_timestamp: string | null;
	end_timestamp: string | null;
	duration_ms: number | null;
	disconnection_reason: string | null;
	transcript: string | null;
	transcript_object: Json | null;
	recording_url: string | null;
	call_summary: string | null;
	user_sentiment: string | null;
	call_successful: boolean | null;
	in_voicemail: boolean | null;
	custom_analysis_data: Json | null;
	call_analysis: Json | null;
	cost: number | null;
	call_cost: Json | null;
	metadata: Json | null;
	dynamic_variables: Json | null;
	collected_dynamic_variables: Json | null;
	last_event: string | null;
	event_timestamps: Json;
	field_sources: Json;
	created_at: string;
	updated_at: string;
};

export type StoredAgent = {
	id: string;
	name: string | null;
	description: string | null;
	voice_id: string | null;
	prompt: string | null;
	phone_number: string | null;
	retell_agent_id: string | null;
	retell_phone_number_id: string | null;
	provider_type: string;
	owner_id: string | null;
	created_at: string;
	updated_at: string;
};

export type StoredLead = {
	id: string;
	call_id: string | null;
	session_id: string | null;
	agent_id: string | null;
	retell_agent_id: string | null;
	phone: string | null;
	name: string | null;
	email: string | null;
	interest: string | null;
	appointment_time: string | null;
	notes: string | null;
	source: string;
	custom_data: Json | null;
	created_at: string;
	updated_at: string;
};

export type MergeAction = 'inserted' | 'updated' | 'unchanged' | 'error';

/** One entry of retell_merge_call_sessions' report, in input order. */
export type MergeReportEntry = {
	item_index: number;
	call_id: string | null;
	action: MergeAction;
	/** Whether this item first brought its event for its call; null for an item without an event. */
	first_delivery?: boolean | null;
	session?: StoredSession;
	error?: { code: string; message: string };
};

/** retell_agent_stats' groupings (p_group_by). */
export type StatsGrouping = 'total' | 'agent' | 'day' | 'agent_day' | 'provider_type' | 'provider_type_day';

/**
 * One group of retell_agent_stats: keys the grouping does not use are null. Money in USD (the stored cost is
 * Retell's combined_cost in cents); see the Stats section of the migration for every column's definition.
 */
export type AgentStatsRow = {
	day: string | null;
	agent_id: string | null;
	retell_agent_id: string | null;
	agent_name: string | null;
	provider_type: string | null;
	calls: number;
	connected_calls: number;
	voicemail_calls: number;
	minutes: number;
	cost_usd: number;
	calls_without_cost: number;
	minutes_with_cost: number;
	cost_per_minute_usd: number | null;
	successful_calls: number;
	unsuccessful_calls: number;
	success_rate: number | null;
	sentiment_positive: number;
	sentiment_negative: number;
	sentiment_neutral: number;
	sentiment_unknown: number;
	baseline_cost_per_minute_usd: number;
	baseline_cost_usd: number | null;
	saving_usd: number | null;
	saving_rate: number | null;
};

interface Table<Row, Insert> {
	Row: Row;
	Insert: Insert;
	Update: Partial<Insert>;
	Relationships: [];
}

export interface Database {
	public: {
		Tables: {
			retell_call_sessions: Table<StoredSession, Partial<StoredSession> & { call_id: string }>;
			agents: Table<StoredAgent, AgentRow>;
			leads: Table<StoredLead, LeadRow>;
		};
		Views: { [_ in never]: never };
		Functions: {
			retell_merge_call_sessions: {
				Args: { p_rows: SessionRow[]; p_return_rows?: boolean };
				Returns: Json;
			};
			retell_agent_stats: {
				Args: {
					p_from: string;
					p_to?: string | null;
					p_group_by?: StatsGrouping;
					p_retell_agent_ids?: string[] | null;
					p_time_zone?: string;
					p_baseline_cost_per_minute_usd?: number;
				};
				Returns: AgentStatsRow[];
			};
		};
		Enums: { [_ in never]: never };
		CompositeTypes: { [_ in never]: never };
	};
}
