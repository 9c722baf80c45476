import type { IDataObject, INodeParameters } from 'n8n-workflow';
import Retell from 'retell-sdk';

import { runNode, type WorkflowRun } from '../harness';
import type { RecordedRequest, RetellEmulator } from '../retell-emulator';

/** What the call, phone-number and batch-call tests need in the emulated account. */
export interface Account {
	agentId: string;
	otherAgentId: string;
	/** A bought number whose outbound agent is `agentId`. */
	fromNumber: string;
}

/** Creates the account through the SDK, as a user would have done in the dashboard. */
export async function provisionAccount(emulator: RetellEmulator): Promise<Account> {
	const retell = new Retell({ apiKey: emulator.apiKey, baseURL: emulator.url, maxRetries: 0 });
	const llm = await retell.llm.create({ general_prompt: 'You are a friendly receptionist.' });
	const agent = async (agent_name: string) =>
		await retell.agent.create({
			agent_name,
			response_engine: { type: 'retell-llm', llm_id: llm.llm_id },
			voice_id: '11labs-Jenny',
		});
	const [main, other] = [await agent('Receptionist'), await agent('Collections')];
	const number = await retell.phoneNumber.create({
		area_code: 415,
		outbound_agents: [{ agent_id: main.agent_id, weight: 1 }],
	});
	return { agentId: main.agent_id, otherAgentId: other.agent_id, fromNumber: number.phone_number };
}

export function credentialsFor(emulator: RetellEmulator) {
	return { retellApi: { apiKey: emulator.apiKey, baseUrl: emulator.url } };
}

/** Runs Start → Retell with these parameters against the emulator. */
export async function runRetell(
	emulator: RetellEmulator,
	parameters: INodeParameters,
	options: { input?: IDataObject[]; continueOnFail?: boolean } = {},
): Promise<WorkflowRun> {
	return await runNode('retell', parameters, { credentials: credentialsFor(emulator), ...options });
}

/** The requests the emulator receives from now on (the log is append-only). */
export function recordRequests(emulator: RetellEmulator): () => RecordedRequest[] {
	const start = emulator.requests.length;
	return () => emulator.requests.slice(start);
}

export function fromList(value: string) {
	return { __rl: true, mode: 'list', value };
}

export function byId(value: string) {
	return { __rl: true, mode: 'id', value };
}

/** The node error that stopped a run, with the fields n8n shows the user. */
export function runError(run: WorkflowRun) {
	const error = run.error;
	return {
		message: error?.message,
		description: error?.description,
		itemIndex: error?.context.itemIndex,
		httpCode: error && 'httpCode' in error ? error.httpCode : undefined,
	};
}
