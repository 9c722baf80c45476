import type { AgentResponse } from 'retell-sdk/resources/agent';

import type { RetellTestEnv } from './helpers';

/** LLMs and agents created through the SDK on the file's emulator, as a user would have made them. */
export function agentFixtures(env: RetellTestEnv) {
	async function createLlm(): Promise<string> {
		const llm = await env.sdk.llm.create({ general_prompt: 'You are a test agent.' });
		return llm.llm_id;
	}

	async function createAgent(name = 'Existing', voiceSpeed = 1.3): Promise<AgentResponse> {
		const llmId = await createLlm();
		return await env.sdk.agent.create({
			response_engine: { type: 'retell-llm', llm_id: llmId },
			voice_id: '11labs-Jenny',
			agent_name: name,
			voice_speed: voiceSpeed,
		});
	}

	return { createLlm, createAgent };
}
