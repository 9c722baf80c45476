import type { AgentResponse } from 'retell-sdk/resources/agent';

import { agentFixtures } from './agentHelpers';
import { byId, runError, useEmulator } from './helpers';

const env = useEmulator({ resource: 'agent' });
const { createLlm } = agentFixtures(env);

async function knowledgeBase(name: string): Promise<string> {
	const kb = await env.sdk.knowledgeBase.create({ knowledge_base_name: name, knowledge_base_texts: [{ title: name, text: `About ${name}.` }] });
	return kb.knowledge_base_id;
}

/** An agent on a Retell LLM that uses two knowledge bases, with a voice and two fallback voices. */
async function agentWithReferences(): Promise<{ agent: AgentResponse; llmId: string; keptKb: string; deletedKb: string }> {
	const [keptKb, deletedKb] = [await knowledgeBase('Opening hours'), await knowledgeBase('Old prices')];
	const llm = await env.sdk.llm.create({ general_prompt: 'You are a receptionist.', knowledge_base_ids: [keptKb, deletedKb] });
	const agent = await env.sdk.agent.create({
		response_engine: { type: 'retell-llm', llm_id: llm.llm_id },
		voice_id: '11labs-Adrian',
		fallback_voice_ids: ['11labs-Myra', 'openai-Alloy'],
	});
	return { agent, llmId: llm.llm_id, keptKb, deletedKb };
}

describe('Agent → Repair', () => {
	it("removes the draft's references to deleted knowledge bases and remaps voices that are gone", async () => {
		const { agent, llmId, keptKb, deletedKb } = await agentWithReferences();
		await env.sdk.knowledgeBase.delete(deletedKb);
		// Voices a workspace can no longer use (a removed clone, a withdrawn provider voice).
		env.emulator.state.voices.delete('11labs-Adrian');
		env.emulator.state.voices.delete('11labs-Myra');
		const mark = env.emulator.requests.length;

		const run = await env.run({ operation: 'repair', agentId: byId(agent.agent_id) });

		expect(env.requestsSince(mark)).toEqual([{ method: 'POST', path: `/repair-agent/${agent.agent_id}`, query: {}, body: undefined }]);
		expect(run.json()).toEqual([
			expect.objectContaining({ agent_id: agent.agent_id, version: 0, voice_id: '11labs-Jenny', fallback_voice_ids: ['openai-Alloy'] }),
		]);
		expect(env.emulator.state.getLlm(llmId)?.knowledge_base_ids).toEqual([keptKb]);
	});

	it('repairs the version named in Options, and leaves a published engine untouched', async () => {
		const { agent, llmId, deletedKb } = await agentWithReferences();
		await env.sdk.agent.publish(agent.agent_id, { version: 0 });
		const draft = await env.sdk.agent.createVersion(agent.agent_id, { base_version: 0 });
		await env.sdk.knowledgeBase.delete(deletedKb);
		env.emulator.state.voices.delete('11labs-Adrian');
		const mark = env.emulator.requests.length;

		const run = await env.run({ operation: 'repair', agentId: byId(agent.agent_id), options: { version: draft.version } });

		expect(env.requestsSince(mark)).toEqual([
			{ method: 'POST', path: `/repair-agent/${agent.agent_id}`, query: { version: String(draft.version) }, body: undefined },
		]);
		expect(run.json()).toEqual([expect.objectContaining({ version: draft.version, voice_id: '11labs-Jenny' })]);
		// Publishing version 0 published LLM version 0, which the draft still runs on: its knowledge bases stay.
		expect(env.emulator.state.getLlm(llmId, 0)?.knowledge_base_ids).toContain(deletedKb);
		expect(env.emulator.state.getAgent(agent.agent_id, 0)?.voice_id).toBe('11labs-Adrian');
	});

	it('removes component nodes of deleted shared components and deleted knowledge bases from a conversation flow', async () => {
		const [keptKb, deletedKb] = [await knowledgeBase('Menu'), await knowledgeBase('Retired menu')];
		const component = await env.sdk.conversationFlowComponent.create({
			name: 'Verify identity',
			nodes: [{ id: 'ask_birthday', type: 'conversation', instruction: { type: 'prompt', text: 'Ask for the date of birth.' } }],
		});
		const greet = { id: 'greet', type: 'conversation' as const, instruction: { type: 'prompt' as const, text: 'Greet the caller.' }, knowledge_base_ids: [keptKb, deletedKb] };
		const verify = {
			id: 'verify',
			type: 'component' as const,
			component_id: component.conversation_flow_component_id,
			component_type: 'shared' as const,
			else_edge: { id: 'verify_else', destination_node_id: 'greet', transition_condition: { type: 'prompt' as const, prompt: 'Else' } },
		};
		const flow = await env.sdk.conversationFlow.create({
			model_choice: { type: 'cascading', model: 'gpt-4.1' },
			start_speaker: 'agent',
			start_node_id: 'greet',
			knowledge_base_ids: [keptKb, deletedKb],
			nodes: [greet, verify],
		});
		const agent = await env.sdk.agent.create({ response_engine: { type: 'conversation-flow', conversation_flow_id: flow.conversation_flow_id }, voice_id: '11labs-Jenny' });
		await env.sdk.knowledgeBase.delete(deletedKb);
		// Gone from the workspace without the API's delete, which would have left local copies in the flow.
		env.emulator.state.conversationFlowComponents.delete(component.conversation_flow_component_id);

		const run = await env.run({ operation: 'repair', agentId: byId(agent.agent_id) });

		expect(run.json()).toEqual([expect.objectContaining({ agent_id: agent.agent_id, voice_id: '11labs-Jenny' })]);
		const repaired = env.emulator.state.conversationFlows.get(flow.conversation_flow_id);
		expect(repaired?.knowledge_base_ids).toEqual([keptKb]);
		expect(repaired?.nodes).toEqual([{ ...greet, knowledge_base_ids: [keptKb] }]);
	});

	it('changes nothing on an agent with nothing to fix', async () => {
		const { agent } = await agentWithReferences();

		const run = await env.run({ operation: 'repair', agentId: byId(agent.agent_id) });

		expect(run.json()).toEqual([{ ...agent }]);
		expect(env.emulator.state.getAgent(agent.agent_id)?.last_modification_timestamp).toBe(agent.last_modification_timestamp);
	});

	it("passes on Retell's refusal to repair a published version, with the item index", async () => {
		const llmId = await createLlm();
		const agent = await env.sdk.agent.create({ response_engine: { type: 'retell-llm', llm_id: llmId }, voice_id: '11labs-Jenny' });
		await env.sdk.agent.publish(agent.agent_id, { version: 0 });

		const run = await env.run({ operation: 'repair', agentId: byId(agent.agent_id), options: { version: 0 } });

		expect(runError(run)).toMatchObject({ message: expect.stringContaining('cannot be repaired'), httpCode: '400', itemIndex: 0 });
	});

	it('reports an unknown agent as not found', async () => {
		const run = await env.run({ operation: 'repair', agentId: byId('agent_missing') });

		expect(runError(run)).toMatchObject({ message: 'Agent not found', httpCode: '422', itemIndex: 0 });
	});

	it.each([
		['a blank agent ID', { agentId: byId('={{ "  " }}') }, 'Agent ID is required'],
		['a version that is no number', { agentId: byId('agent_x'), options: { version: '={{ "latest draft" }}' } }, 'Version'],
	])('refuses %s before sending anything', async (_case, parameters, message) => {
		const mark = env.emulator.requests.length;

		const run = await env.run({ operation: 'repair', ...parameters });

		expect(runError(run)).toMatchObject({ message: expect.stringContaining(message), itemIndex: 0 });
		expect(env.requestsSince(mark)).toEqual([]);
	});
});
