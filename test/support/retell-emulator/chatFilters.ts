import type { ChatListParams, ChatResponse } from 'retell-sdk/resources/chat';
import { badRequest } from './errors';
import { compileCallFilter } from './filters';
import type { EmulatorState } from './state';
import type { EmulatedWebCall } from './types';
import { isRecord } from './validate';

// `filter_criteria` of POST /v3/list-chats (SDK 5.66.1 `ChatListParams.FilterCriteria`) uses the same typed filter
// objects as v3 list-calls (retell-api.md §3), on the chat's own fields. So each chat criterion is checked and applied
// by the list-calls filter under the call criterion of the same meaning, on the chat seen as a call.

/** Typed by the SDK: a chat criterion added to retell-sdk fails to compile until it is mapped here. */
const AS_CALL_CRITERION: Record<keyof ChatListParams.FilterCriteria, string> = {
	agent: 'agent',
	agent_tag: 'agent_tag',
	chat_id: 'call_id',
	chat_status: 'call_status',
	chat_successful: 'call_successful',
	combined_cost: 'combined_cost',
	custom_analysis_data: 'custom_analysis_data',
	custom_attributes: 'custom_attributes',
	disconnection_reason: 'disconnection_reason',
	duration_ms: 'duration_ms',
	end_timestamp: 'end_timestamp',
	start_timestamp: 'start_timestamp',
	user_sentiment: 'user_sentiment',
};

/** The chat's filterable fields under the names the list-calls filter reads. */
function asCall(chat: ChatResponse): EmulatedWebCall {
	const ended = chat.start_timestamp !== undefined && typeof chat.end_timestamp === 'number';
	return {
		call_type: 'web_call',
		access_token: '',
		call_id: chat.chat_id,
		agent_id: chat.agent_id,
		agent_version: chat.version ?? 0,
		call_status: chat.chat_status,
		agent_tag: chat.agent_tag,
		start_timestamp: chat.start_timestamp,
		end_timestamp: chat.end_timestamp ?? undefined,
		...(ended ? { duration_ms: chat.end_timestamp! - chat.start_timestamp! } : {}),
		...(chat.chat_cost?.combined_cost !== undefined ? { call_cost: { combined_cost: chat.chat_cost.combined_cost, product_costs: [], total_duration_seconds: 0, total_duration_unit_price: 0 } } : {}),
		...(chat.chat_analysis
			? {
					call_analysis: {
						call_successful: chat.chat_analysis.chat_successful,
						user_sentiment: chat.chat_analysis.user_sentiment,
						custom_analysis_data: chat.chat_analysis.custom_analysis_data,
					},
				}
			: {}),
		custom_attributes: chat.custom_attributes,
	};
}

/** Validates a list-chats filter_criteria and returns the predicate it describes; call-only criteria are 400. */
export function compileChatFilter(raw: unknown, state: EmulatorState): (chat: ChatResponse) => boolean {
	if (raw === undefined || raw === null) return () => true;
	if (!isRecord(raw)) throw badRequest('filter_criteria must be an object.');
	const asCallCriteria: Record<string, unknown> = {};
	for (const [name, filter] of Object.entries(raw)) {
		const callName = Object.hasOwn(AS_CALL_CRITERION, name) ? AS_CALL_CRITERION[name as keyof ChatListParams.FilterCriteria] : undefined;
		if (!callName) throw badRequest(`filter_criteria.${name} is not a filter of chats.`);
		asCallCriteria[callName] = filter;
	}
	let keep: ReturnType<typeof compileCallFilter>;
	try {
		keep = compileCallFilter(asCallCriteria, state);
	} catch (error) {
		// The list-calls filter names the criterion it refused; the caller sent the chat's name for it.
		if (error instanceof Error) {
			for (const [chatName, callName] of Object.entries(AS_CALL_CRITERION)) {
				if (chatName !== callName) error.message = error.message.replace(`filter_criteria.${callName}`, `filter_criteria.${chatName}`);
			}
		}
		throw error;
	}
	return (chat) => keep(asCall(chat));
}
