import type { AgentChannel } from '../shared/retell/transport/checkedWrite';
import type { PhoneNumberResponse } from '../shared/retell/transport/types';
import { toAgentVersion } from '../shared/retell/responses';

/**
 * Which agent version a registered webhook URL reaches. Retell keeps versions of an agent: only drafts can change,
 * "published versions cannot be changed" (https://docs.retellai.com/agent/version), and a phone number runs the
 * version its binding names: a number, "latest" (the largest version), "latest_published", or another tag
 * (retell-sdk 5.66.1 `PhoneNumberResponse.InboundAgent.agent_version`). A binding without a version runs the latest
 * one (the removed single-agent fields documented "if not provided, will default to latest version").
 */

export interface AgentVersionState {
	version: number;
	is_published: boolean;
}

export interface AgentBinding {
	phone_number: string;
	direction: 'inbound' | 'outbound';
	agent_version?: number | string | null;
}

function bindingList(number: PhoneNumberResponse, channel: AgentChannel, direction: 'inbound' | 'outbound') {
	if (channel === 'chat') return direction === 'inbound' ? number.inbound_sms_agents : number.outbound_sms_agents;
	return direction === 'inbound' ? number.inbound_agents : number.outbound_agents;
}

/** Every binding of `agentId` on the account's numbers, inbound and outbound: call agents, or SMS agents for a chat agent. */
export function bindingsOf(agentId: string, numbers: PhoneNumberResponse[], channel: AgentChannel = 'voice'): AgentBinding[] {
	return numbers.flatMap((number) =>
		(['inbound', 'outbound'] as const).flatMap((direction) =>
			(bindingList(number, channel, direction) ?? [])
				.filter((binding) => binding.agent_id === agentId)
				.map((binding) => ({ phone_number: number.phone_number, direction, agent_version: binding.agent_version })),
		),
	);
}

/** The version the URL is written to: the latest version when it is a draft, else a new draft made from it. */
export type RegistrationTarget = { kind: 'draft'; version: number } | { kind: 'newDraft'; baseVersion: number };

export interface UnreachedBinding extends AgentBinding {
	/** What the binding runs instead, e.g. "version 2 (published)". */
	runs: string;
}

export interface RegistrationPlan {
	target: RegistrationTarget;
	/** Numbers whose calls would run another version than the one holding this node's URL. */
	unreached: UnreachedBinding[];
}

export function planAgentRegistration(versions: AgentVersionState[], bindings: AgentBinding[], publish: boolean): RegistrationPlan {
	const latest = versions.reduce<AgentVersionState | undefined>((max, v) => (max === undefined || v.version > max.version ? v : max), undefined);
	const target: RegistrationTarget =
		latest === undefined || !latest.is_published ? { kind: 'draft', version: latest?.version ?? 0 } : { kind: 'newDraft', baseVersion: latest.version };
	const published = versions.filter((v) => v.is_published).map((v) => v.version);
	const latestPublished = published.length > 0 ? Math.max(...published) : undefined;

	const unreached: UnreachedBinding[] = [];
	for (const binding of bindings) {
		const reference = binding.agent_version;
		// The target becomes the largest version: a draft reserves the next version number.
		if (reference === undefined || reference === null || reference === 'latest') continue;
		if (reference === 'latest_published') {
			if (!publish) unreached.push({ ...binding, runs: latestPublished === undefined ? 'no published version yet' : `version ${latestPublished} (published)` });
			continue;
		}
		const number = toAgentVersion(String(reference));
		if (typeof number !== 'number') {
			unreached.push({ ...binding, runs: `the version tagged "${reference}"` });
			continue;
		}
		if (target.kind === 'draft' && number === target.version) continue;
		unreached.push({ ...binding, runs: `version ${number}${published.includes(number) ? ' (published)' : ''}` });
	}
	return { target, unreached };
}
