import type { IDataObject } from 'n8n-workflow';

import { text, trimmedText, withoutUndefined } from './values';

/** Pure mapping from Retell → Agent → Provision / Create output to an `agents` row. */

export const PROVIDER_TYPES = ['retell', 'twilio', 'vapi'] as const;
export type ProviderType = (typeof PROVIDER_TYPES)[number];

export type AgentRow = {
	retell_agent_id: string;
	provider_type: ProviderType;
	name?: string;
	description?: string;
	voice_id?: string;
	prompt?: string;
	phone_number?: string;
	retell_phone_number_id?: string;
};

/** Values typed into the node; each one set wins over what the input item carries. */
export type AgentOverrides = Partial<Omit<AgentRow, 'provider_type'>>;

/**
 * Provision's output names the columns already (`retell_agent_id`, `name`, `prompt`, …); a raw Retell
 * agent object (Agent → Create / Get) says `agent_id` and `agent_name` and has no prompt (its LLM has).
 * Absent and empty values are left out, so saving again never blanks a stored column.
 */
export function toAgentRow(
	payload: IDataObject,
	overrides: AgentOverrides,
	providerType: ProviderType,
): AgentRow | undefined {
	const mapped: AgentOverrides = {
		retell_agent_id: trimmedText(payload.retell_agent_id) ?? trimmedText(payload.agent_id),
		name: text(payload.name) ?? text(payload.agent_name),
		description: text(payload.description),
		voice_id: trimmedText(payload.voice_id),
		prompt: text(payload.prompt),
		phone_number: trimmedText(payload.phone_number),
		retell_phone_number_id: trimmedText(payload.retell_phone_number_id),
	};
	const merged = { ...withoutUndefined(mapped), ...withoutUndefined({ ...overrides }) };
	const retellAgentId = merged.retell_agent_id;
	if (retellAgentId === undefined) return undefined;
	return { ...merged, retell_agent_id: retellAgentId, provider_type: providerType };
}
