import type { IDataObject } from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import {
	isTransientStatus,
	MAX_ERROR_RETRIES,
	retellRequest,
	retryDelayMs,
	type RetellClient,
	type RetellContext,
	type RetellRequestOptions,
} from './index';
import type { AgentPublishParams } from './types';

/**
 * How a checked write ended: `done` by one of its attempts, or `foundDone`: an attempt's answer was lost, and
 * Retell showed the write had been carried out.
 */
export type CheckedWriteOutcome = 'done' | 'foundDone';

/** What an operation adds to its output item when its answer was lost but the write is confirmed. */
export function lostAnswerFields(outcome: CheckedWriteOutcome): IDataObject {
	return outcome === 'foundDone' ? { answer_lost: true } : {};
}

function isTransientNodeError(error: unknown): boolean {
	return error instanceof NodeApiError && isTransientStatus(error.httpCode ? Number(error.httpCode) : undefined);
}

/**
 * A delete or publish. When its answer is lost (5xx, timeout, dropped connection) Retell may still have carried it
 * out, and sent again it would fail with "not found" or "already published". So before each repeat Retell is asked
 * whether the first attempt took effect (`tookEffect`, a read), and the outcome says which of these happened.
 */
export async function retellCheckedWrite(
	context: RetellContext,
	client: RetellClient,
	write: (client: RetellClient) => Promise<unknown>,
	tookEffect: (client: RetellClient) => Promise<boolean>,
	options: Omit<RetellRequestOptions, 'kind'>,
): Promise<CheckedWriteOutcome> {
	for (let failed = 0; ; failed++) {
		try {
			await retellRequest(context, client, write, { ...options, kind: 'checkedWrite' });
			return 'done';
		} catch (error) {
			if (!isTransientNodeError(error) || failed >= MAX_ERROR_RETRIES) throw error;
			await sleep(retryDelayMs(failed, undefined));
			if (await retellRequest(context, client, tookEffect, { ...options, kind: 'read' })) return 'foundDone';
		}
	}
}

/** Voice agents (`client.agent`) or chat agents (`client.chatAgent`): they share publish-agent-version. */
export type AgentChannel = 'voice' | 'chat';

/** Publishes a version of an agent; a lost answer is settled by reading whether that version is published. */
export async function publishAgentVersion(
	context: RetellContext,
	client: RetellClient,
	agentId: string,
	body: AgentPublishParams,
	options: Omit<RetellRequestOptions, 'kind'>,
	channel: AgentChannel = 'voice',
): Promise<CheckedWriteOutcome> {
	const query = { version: body.version };
	return await retellCheckedWrite(
		context,
		client,
		async (retell) => await (channel === 'chat' ? retell.chatAgent.publish(agentId, body) : retell.agent.publish(agentId, body)),
		async (retell) =>
			(channel === 'chat' ? await retell.chatAgent.retrieve(agentId, query) : await retell.agent.retrieve(agentId, query)).is_published === true,
		options,
	);
}
