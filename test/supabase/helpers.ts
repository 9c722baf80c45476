import { EventEmitter } from 'node:events';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { getGatewayExchanges, getSupabaseTestConnection } from '../support/supabase-stack/connection';
import type { GatewayExchange } from '../support/supabase-stack/gateway';
import { pgQuery } from '../support/supabase-stack/db';
import { runNode, type CredentialFixtures, type WorkflowRun } from '../support/harness';

export type Row = Record<string, unknown>;

/**
 * nock's fetch interceptor (test/support/setup/afterEnv.ts) adds a 'connect' listener on every read of a large
 * body while its mocked socket connects, which trips Node's leak warning (10 listeners) on big batches.
 * Nothing leaks; raise the threshold for the suites that send hundreds of rows per request.
 */
export function quietLargeBodyWarnings(): void {
	const previous = EventEmitter.defaultMaxListeners;
	beforeAll(() => {
		EventEmitter.defaultMaxListeners = 100;
	});
	afterAll(() => {
		EventEmitter.defaultMaxListeners = previous;
	});
}

export const T0 = Date.parse('2026-01-01T10:00:00.000Z');

export function supabaseCredentials(
	overrides: { host?: string; serviceRole?: string; requestTimeout?: number } = {},
): CredentialFixtures {
	const connection = getSupabaseTestConnection();
	return {
		retellSupabaseApi: {
			host: overrides.host ?? connection.url,
			serviceRole: overrides.serviceRole ?? connection.serviceRoleKey,
			...(overrides.requestTimeout === undefined ? {} : { requestTimeout: overrides.requestTimeout }),
		},
	};
}

export interface SupabaseRunOptions {
	input?: IDataObject[];
	credentials?: CredentialFixtures;
	continueOnFail?: boolean;
}

/** Start → Retell Supabase, through n8n-core's WorkflowExecute. */
export async function runSupabaseNode(parameters: INodeParameters, options: SupabaseRunOptions = {}): Promise<WorkflowRun> {
	return await runNode('retellSupabase', parameters, {
		credentials: options.credentials ?? supabaseCredentials(),
		input: options.input,
		continueOnFail: options.continueOnFail,
	});
}

export async function logSessions(
	input: IDataObject[],
	options: INodeParameters = {},
	runOptions: Omit<SupabaseRunOptions, 'input'> = {},
): Promise<WorkflowRun> {
	return await runSupabaseNode({ resource: 'session', operation: 'log', options }, { ...runOptions, input });
}

/** The node must have succeeded; its output items' JSON. */
export function outputOf(run: WorkflowRun): IDataObject[] {
	if (run.status !== 'success') throw new Error(`run failed: ${run.error?.message} — ${run.error?.description ?? ''}`);
	return run.json();
}

/** Full stored rows (timestamps included), by call_id. */
export async function storedSessions(callIds: string[]): Promise<Map<string, Row>> {
	const rows = await pgQuery<{ call_id: string; row: Row }>(
		'select call_id, to_jsonb(s) as row from public.retell_call_sessions s where call_id = any($1)',
		[callIds],
	);
	return new Map(rows.map((item) => [item.call_id, item.row]));
}

export async function countSessions(callIds: string[]): Promise<number> {
	const [{ count }] = await pgQuery<{ count: string }>(
		'select count(*) from public.retell_call_sessions where call_id = any($1)',
		[callIds],
	);
	return Number(count);
}

/** Merge RPCs the gateway saw since `seq` whose body mentions `marker` (other test files share it). */
export async function mergeRequestsSince(seq: number, marker: string): Promise<GatewayExchange[]> {
	return (await getGatewayExchanges(seq)).filter(
		(exchange) => exchange.url.startsWith('/rest/v1/rpc/retell_merge_call_sessions') && exchange.body.includes(marker),
	);
}

export function permutations<T>(items: T[]): T[][] {
	if (items.length <= 1) return [items];
	return items.flatMap((item, index) =>
		permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]),
	);
}

const turns = (count: number): IDataObject[] =>
	Array.from({ length: count }, (_, index) => ({
		role: index % 2 ? 'user' : 'agent',
		content: `turn ${index}`,
		words: [],
	}));

const FINAL_TRANSCRIPT = 'Agent: Hello\nUser: Hi, I would like to book\nAgent: Tomorrow at 10?\nUser: Yes';

/** A Retell phone call as call_ended describes it (no analysis yet). */
export function endedCall(callId: string, agentId: string): IDataObject {
	return {
		call_id: callId,
		call_type: 'phone_call',
		agent_id: agentId,
		agent_version: 3,
		agent_name: 'Front Desk',
		direction: 'inbound',
		from_number: '+14155550100',
		to_number: '+14155550199',
		call_status: 'ended',
		start_timestamp: T0,
		end_timestamp: T0 + 60_000,
		duration_ms: 60_000,
		disconnection_reason: 'user_hangup',
		transcript: FINAL_TRANSCRIPT,
		transcript_object: turns(4),
		recording_url: 'https://recordings.example/rec.wav?sig=ended',
		call_cost: { combined_cost: 12.5, total_duration_seconds: 60, product_costs: [] },
		metadata: { crm_id: '42' },
		retell_llm_dynamic_variables: { first_name: 'Ada' },
		collected_dynamic_variables: { intent: 'book', slot: 'tomorrow 10:00' },
		data_storage_setting: 'everything',
	};
}

export const ANALYSIS: IDataObject = {
	call_summary: 'Ada booked tomorrow at 10:00.',
	user_sentiment: 'Positive',
	call_successful: true,
	in_voicemail: false,
	custom_analysis_data: { customer_name: 'Ada Lovelace', email: 'ada@example.com', booked: true },
};

export function analyzedCall(callId: string, agentId: string): IDataObject {
	return {
		...endedCall(callId, agentId),
		recording_url: 'https://recordings.example/rec.wav?sig=analyzed',
		call_cost: { combined_cost: 13.25, total_duration_seconds: 60, product_costs: [] },
		call_analysis: ANALYSIS,
	};
}

/**
 * The five deliveries of one call, in the shapes a workflow sees them: Retell Trigger items (event +
 * call fields at top level, transfer fields beside them) and raw webhook bodies ({event, call}).
 */
export function lifecycleEvents(callId: string, agentId: string): IDataObject[] {
	return [
		{
			event: 'call_started',
			call_id: callId,
			call_type: 'phone_call',
			agent_id: agentId,
			agent_version: 3,
			direction: 'inbound',
			from_number: '+14155550100',
			to_number: '+14155550199',
			call_status: 'ongoing',
			start_timestamp: T0,
			transcript: '',
			metadata: { crm_id: '42' },
			retell_llm_dynamic_variables: { first_name: 'Ada' },
		},
		{
			event: 'transcript_updated',
			call: {
				call_id: callId,
				agent_id: agentId,
				call_status: 'ongoing',
				start_timestamp: T0,
				transcript: 'Agent: Hello\nUser: Hi, I would like to book',
				transcript_object: turns(2),
				collected_dynamic_variables: { intent: 'book' },
			},
		},
		{
			// Same tier as transcript_updated, with an older and shorter transcript: it must not win.
			event: 'transfer_started',
			call_id: callId,
			agent_id: agentId,
			call_status: 'ongoing',
			transcript: 'Agent: Hello',
			transcript_object: turns(1),
			transfer_destination: { number: '+14155550111' },
		},
		{ event: 'call_ended', call: endedCall(callId, agentId) },
		{ event: 'call_analyzed', ...analyzedCall(callId, agentId) },
	];
}
