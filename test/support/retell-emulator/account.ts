import Retell from 'retell-sdk';
import type { AgentCreateParams } from 'retell-sdk/resources/agent';
import type { LlmCreateParams } from 'retell-sdk/resources/llm';

import type { RetellEmulator } from './index';

/** An SDK client on the emulator, as a user's code makes one; no retries, so a test sees every answer. */
export function sdkClient(emulator: RetellEmulator): Retell {
	return new Retell({ apiKey: emulator.apiKey, baseURL: emulator.url, maxRetries: 0, timeout: 10_000 });
}

/** The Retell API credential of the nodes, pointed at the emulator. */
export function retellCredentials(emulator: RetellEmulator): { retellApi: { apiKey: string; baseUrl: string } } {
	return { retellApi: { apiKey: emulator.apiKey, baseUrl: emulator.url } };
}

export interface AgentSetup {
	llm?: Partial<LlmCreateParams>;
	agent?: Partial<AgentCreateParams>;
}

/**
 * An LLM, an agent on it and a bought number whose outbound agent it is, created through the SDK as a user would in
 * the dashboard: what most call tests start from.
 */
export async function provisionAgent(client: Retell, setup: AgentSetup = {}) {
	const llm = await client.llm.create({ general_prompt: 'You take orders.', ...setup.llm });
	const agent = await client.agent.create({
		response_engine: { type: 'retell-llm', llm_id: llm.llm_id },
		voice_id: '11labs-Jenny',
		...setup.agent,
	});
	const number = await client.phoneNumber.create({ area_code: 415, outbound_agents: [{ agent_id: agent.agent_id, weight: 1 }] });
	return { llm, agent, number };
}
