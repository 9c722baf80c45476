import type { INodeParameters } from 'n8n-workflow';
import type Retell from 'retell-sdk';

import { runNode, type RunWorkflowOptions, type WorkflowRun } from '../support/harness';
import {
	type RecordedRequest,
	type RetellEmulator,
	type RetellEmulatorOptions,
	startRetellEmulator,
} from '../support/retell-emulator';
import { retellCredentials, sdkClient } from '../support/retell-emulator/account';

/** What the call, phone-number and batch-call tests need in the emulated account. */
export interface Account {
	agentId: string;
	otherAgentId: string;
	/** A bought number whose outbound agent is `agentId`. */
	fromNumber: string;
}

export type RunOptions = Omit<RunWorkflowOptions, 'nodes'> & { continueOnFail?: boolean };

/** Creates the account through the SDK, as a user would have done in the dashboard. */
async function provisionAccount(emulator: RetellEmulator): Promise<Account> {
	const retell = sdkClient(emulator);
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

/** Runs Start → Retell with these parameters against the emulator. */
export async function runRetell(
	emulator: RetellEmulator,
	parameters: INodeParameters,
	options: RunOptions = {},
): Promise<WorkflowRun> {
	return await runNode('retell', parameters, { credentials: retellCredentials(emulator), ...options });
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

export interface EmulatorSetup {
	/** The resource every `run` uses unless its parameters name another. */
	resource?: string;
	emulator?: RetellEmulatorOptions;
	/** Clear the emulator's state and request log before each test. Default: true. */
	resetEachTest?: boolean;
	/** Provision an `Account` once, after the emulator starts. */
	account?: boolean;
}

/** One emulator for a test file. Its fields exist from `beforeAll` on, so read them in hooks and tests. */
export interface RetellTestEnv {
	readonly emulator: RetellEmulator;
	/** An SDK client on the emulator, for setting up state the way a user would. */
	readonly sdk: Retell;
	/** Only with `account: true`. */
	readonly account: Account;
	/** Runs Start → Retell against the emulator, with the setup's resource. */
	run(parameters: INodeParameters, options?: RunOptions): Promise<WorkflowRun>;
	/** The API requests since `mark` (a length of `emulator.requests`), without the ones made before. */
	requestsSince(mark: number): Array<Pick<RecordedRequest, 'method' | 'path' | 'query' | 'body'>>;
}

function ready<T>(value: T | undefined, what: string): T {
	if (value === undefined) throw new Error(`${what} is set up in beforeAll: use it inside hooks and tests`);
	return value;
}

/** Starts an emulator before the file's tests, closes it after them, and runs the Retell node against it. */
export function useEmulator(setup: EmulatorSetup = {}): RetellTestEnv {
	let emulator: RetellEmulator | undefined;
	let sdk: Retell | undefined;
	let account: Account | undefined;

	beforeAll(async () => {
		emulator = await startRetellEmulator(setup.emulator);
		if (setup.account) account = await provisionAccount(emulator);
	});
	afterAll(async () => {
		await emulator?.close();
	});
	if (setup.resetEachTest ?? true) {
		beforeEach(() => {
			ready(emulator, 'The emulator').reset();
		});
	}

	return {
		get emulator() {
			return ready(emulator, 'The emulator');
		},
		get sdk() {
			const started = ready(emulator, 'The emulator');
			sdk ??= sdkClient(started);
			return sdk;
		},
		get account() {
			return ready(account, 'The account (useEmulator({ account: true }))');
		},
		async run(parameters, options = {}) {
			const withResource = setup.resource ? { resource: setup.resource, ...parameters } : parameters;
			return await runRetell(ready(emulator, 'The emulator'), withResource, options);
		},
		requestsSince(mark) {
			return ready(emulator, 'The emulator')
				.requests.slice(mark)
				.map(({ method, path, query, body }) => ({ method, path, query, body }));
		},
	};
}

/** The call, phone-number and batch-call tests: no automatic call simulation, one `Account` for the whole file. */
export function useAccount(): RetellTestEnv {
	return useEmulator({ emulator: { autoSimulateCalls: false }, resetEachTest: false, account: true });
}
