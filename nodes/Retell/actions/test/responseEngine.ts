import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getOption, getResourceId } from '../../../shared/parameters';
import { omitBlank } from '../../../shared/validation';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { agentLocator, conversationFlowLocator, llmLocator } from '../../../shared/retell/fields';
import { versionOption } from '../common.descriptions';
import type { TestCaseListParams, TestResponseEngine } from './types';

const SOURCES = ['agent', 'retellLlm', 'conversationFlow'] as const;

/**
 * What a test case belongs to and a batch test runs against. Retell keeps simulation tests per response engine
 * (SDK 5.66.1 `TestCreateBatchTestParams.response_engine`: "Custom LLM is not supported"), so an agent stands for
 * the Retell LLM or conversation flow it runs on.
 */
export function responseEngineProperties(agentDescription: string): INodeProperties[] {
	return [
		{
			displayName: 'Response Engine',
			name: 'engineSource',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: "Agent's Response Engine",
					value: 'agent',
					description: 'The Retell LLM or conversation flow the agent runs on',
				},
				{ name: 'Conversation Flow', value: 'conversationFlow' },
				{ name: 'Retell LLM', value: 'retellLlm' },
			],
			default: 'agent',
			description:
				'Retell keeps simulation tests per Retell LLM or conversation flow. Agents on a custom LLM cannot be tested.',
		},
		{ ...agentLocator, description: agentDescription, displayOptions: { show: { engineSource: ['agent'] } } },
		{ ...llmLocator, displayOptions: { show: { engineSource: ['retellLlm'] } } },
		{ ...conversationFlowLocator, displayOptions: { show: { engineSource: ['conversationFlow'] } } },
	];
}

/** The Version option of an operation that takes a response engine. */
export const engineVersionOption: INodeProperties = {
	...versionOption,
	description:
		"For Agent's Response Engine, the agent version whose engine to use; otherwise the version of the Retell LLM or conversation flow. By default the latest.",
};

/**
 * The response engine the user picked; for an agent, the engine of its (given or latest) version, read from Retell.
 * Read it after every other field, so that invalid input fails before any request.
 */
export async function readResponseEngine(
	context: IExecuteFunctions,
	client: RetellClient,
	itemIndex: number,
	version?: number,
): Promise<TestResponseEngine> {
	const source = getOption(context, 'engineSource', SOURCES, itemIndex);
	if (source === 'retellLlm') {
		return omitBlank({ type: 'retell-llm', llm_id: getResourceId(context, 'llmId', itemIndex, 'LLM ID'), version });
	}
	if (source === 'conversationFlow') {
		const flowId = getResourceId(context, 'conversationFlowId', itemIndex, 'Conversation Flow ID');
		return omitBlank({ type: 'conversation-flow', conversation_flow_id: flowId, version });
	}
	const agentId = getResourceId(context, 'agentId', itemIndex, 'Agent ID');
	const agent = await retellRequest(
		context,
		client,
		async (retell) => await retell.agent.retrieve(agentId, version === undefined ? undefined : { version }),
		{ kind: 'read', itemIndex, resourceLabel: 'Agent' },
	);
	const engine = agent.response_engine;
	if (engine.type === 'custom-llm') {
		throw new NodeOperationError(context.getNode(), 'The agent runs on a custom LLM, which simulation tests do not support', {
			itemIndex,
			description: `Agent ${agentId} answers through ${engine.llm_websocket_url}. Retell runs simulation tests only on Retell LLMs and conversation flows.`,
		});
	}
	// A published agent version pins its engine's version; a draft follows the engine's latest.
	const engineVersion = engine.version ?? undefined;
	return engine.type === 'retell-llm'
		? omitBlank({ type: 'retell-llm', llm_id: engine.llm_id, version: engineVersion })
		: omitBlank({ type: 'conversation-flow', conversation_flow_id: engine.conversation_flow_id, version: engineVersion });
}

/** The query that names a response engine on the /v2/list-* endpoints: `type` and the engine's ID. */
export function engineQuery(engine: TestResponseEngine): Pick<TestCaseListParams, 'type' | 'llm_id' | 'conversation_flow_id'> {
	return engine.type === 'retell-llm'
		? { type: engine.type, llm_id: engine.llm_id }
		: { type: engine.type, conversation_flow_id: engine.conversation_flow_id };
}
