import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { RETELL_OPENAPI_PATH, type ContractViolation } from './contract';
import { WebhookDispatcher } from './delivery';
import type { EmulatorCore } from './http';
import { createPrng } from './ids';
import { Scheduler } from './scheduler';
import { seedCalls } from './seed';
import { FaultScripts, createEmulatorServer, type RequestListener } from './server';
import { CallSimulator } from './simulator';
import { EmulatorState } from './state';
import type { EmulatedPhoneCall, FailNextMatch, FailNextReply, RecordedRequest, RecordedWebhook, ResolvedOptions, RetellEmulatorOptions } from './types';

export { signRetellBody } from './signature';
export { DIAL_OUTCOME_SUFFIXES } from './conversation';
export { EmulatorState } from './state';
export { takeContractViolations, type ContractViolation } from './contract';
export type { RequestListener } from './server';
export type { EmulatedCall, EmulatedPhoneCall, FailNextMatch, FailNextReply, PaginationKeyStyle, RecordedRequest, RecordedWebhook, RetellEmulatorOptions } from './types';

export const DEFAULT_API_KEY = 'key_test_emulator_0123456789';

const DEFAULTS: ResolvedOptions = {
	apiKey: DEFAULT_API_KEY,
	port: 0,
	host: '127.0.0.1',
	latencyMs: 0,
	concurrencyLimit: Infinity,
	callConcurrencyLimit: Infinity,
	rateLimitRetryAfterSeconds: null,
	errorRate: 0,
	seed: 1,
	timeScale: 1000,
	autoSimulateCalls: true,
	accountWebhookUrl: null,
	log: null,
	contractCheck: existsSync(RETELL_OPENAPI_PATH),
	paginationKeys: 'cursor',
};

export interface RetellEmulator {
	/** e.g. http://127.0.0.1:43123 — pass as the SDK's `baseURL`. */
	readonly url: string;
	readonly apiKey: string;
	/** Requests that broke Retell's API description (with `contractCheck`); each is also reported to `takeContractViolations`. */
	readonly contractViolations: ContractViolation[];
	/** Every API request received, in arrival order (`status` is 0 until answered). */
	readonly requests: RecordedRequest[];
	/** Every webhook delivery attempt, in the order the attempts finished. */
	readonly webhooks: RecordedWebhook[];
	/** Current knobs; change them with setOptions. */
	readonly options: ResolvedOptions;
	readonly state: EmulatorState;
	setOptions(patch: Partial<RetellEmulatorOptions>): void;
	/** The next `times` requests matching `match` get `reply` instead of being served. */
	failNext(match: FailNextMatch, reply: FailNextReply, times?: number): void;
	/**
	 * Calls `listener` with every API request once its body is read, before it is answered (the answer waits for the
	 * listener): e.g. to change the account between two page requests. Returns a function that removes it; reset too.
	 */
	onRequest(listener: RequestListener): () => void;
	/**
	 * Stores `count` ended, analyzed calls at once (no webhooks). Start times are one second apart and, unless the
	 * template sets `start_timestamp` (the first call's), later than every earlier seeded call.
	 */
	seedCalls(count: number, template?: Partial<Omit<EmulatedPhoneCall, 'call_id'>>): EmulatedPhoneCall[];
	/** Runs a registered call's lifecycle (or joins the running one); resolves once analyzed and delivered. */
	simulateCall(callId: string): Promise<void>;
	/** Resolves when no simulation, webhook delivery, batch or KB processing is pending. */
	idle(): Promise<void>;
	/** Clears state, logs and scripted faults, and cancels pending simulations. */
	reset(): void;
	/** Stops the server and every timer; nothing is left running. */
	close(): Promise<void>;
}

function definedOnly(patch: Partial<RetellEmulatorOptions>): Partial<ResolvedOptions> {
	return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<ResolvedOptions>;
}

function checkOptions(options: ResolvedOptions): void {
	if (!options.apiKey) throw new Error('apiKey must not be empty');
	if (!(options.errorRate >= 0 && options.errorRate <= 1)) throw new Error('errorRate must be between 0 and 1');
	if (!(options.timeScale > 0)) throw new Error('timeScale must be positive');
	if (!(options.latencyMs >= 0)) throw new Error('latencyMs must not be negative');
	if (!(options.concurrencyLimit >= 1) || !(options.callConcurrencyLimit >= 1)) throw new Error('concurrency limits must be at least 1');
	if (options.paginationKeys !== 'cursor' && options.paginationKeys !== 'lastId') throw new Error('paginationKeys must be cursor or lastId');
}

function checkFailNext(reply: FailNextReply, times: number): void {
	if (!(times >= 1)) throw new Error('times must be at least 1');
	if (reply.status === undefined && !reply.dropConnection && reply.stallMs === undefined) throw new Error('failNext needs a status, dropConnection or stallMs');
	if (reply.status !== undefined && reply.dropConnection) throw new Error('failNext takes a status or dropConnection, not both');
	if (reply.stallMs !== undefined && !(reply.stallMs >= 0)) throw new Error('stallMs must not be negative');
}

export async function startRetellEmulator(input: RetellEmulatorOptions = {}): Promise<RetellEmulator> {
	const options: ResolvedOptions = { ...DEFAULTS, ...definedOnly(input) };
	checkOptions(options);
	const state = new EmulatorState();
	const scheduler = new Scheduler();
	const requests: RecordedRequest[] = [];
	const webhooks: RecordedWebhook[] = [];
	const contractViolations: ContractViolation[] = [];
	const faults = new FaultScripts();
	const requestListeners = new Set<RequestListener>();
	let simulationRandom: () => number;
	let errorRandom: () => number;
	const reseed = (): void => {
		simulationRandom = createPrng(options.seed);
		errorRandom = createPrng(options.seed ^ 0x5bd1e995);
	};
	reseed();
	let url = '';
	const log = (line: string): void => options.log?.(line);

	const dispatcher = new WebhookDispatcher(options, scheduler, (webhook) => webhooks.push(webhook), log);
	const base = { state, options, scheduler, dispatcher, baseUrl: () => url, random: () => simulationRandom(), log };
	const simulator = new CallSimulator(base, dispatcher);
	const core: EmulatorCore = { ...base, simulator };

	const server = createEmulatorServer({ core, requests, faults, requestListeners, errorRandom: () => errorRandom(), contractViolations });
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port, options.host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const { port } = server.address() as AddressInfo;
	const reachableHost = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host.includes(':') ? `[${options.host}]` : options.host;
	url = `http://${reachableHost}:${port}`;
	options.port = port;

	let closing: Promise<void> | undefined;

	const emulator: RetellEmulator = {
		url,
		get apiKey() {
			return options.apiKey;
		},
		requests,
		webhooks,
		contractViolations,
		options,
		state,
		setOptions(patch) {
			const changes = definedOnly(patch);
			if ((changes.port !== undefined && changes.port !== options.port) || (changes.host !== undefined && changes.host !== options.host)) {
				throw new Error('port and host cannot change while the emulator runs');
			}
			const next = { ...options, ...changes };
			checkOptions(next);
			Object.assign(options, next);
			if (changes.seed !== undefined) reseed();
		},
		failNext(match, reply, times = 1) {
			checkFailNext(reply, times);
			faults.add(match, reply, times);
		},
		onRequest(listener) {
			const own = (request: RecordedRequest) => listener(request);
			requestListeners.add(own);
			return () => requestListeners.delete(own);
		},
		seedCalls: (count, template) => seedCalls(state, url, count, template),
		simulateCall: (callId) => simulator.simulate(callId),
		idle: () => scheduler.idle(),
		reset() {
			scheduler.cancelAll();
			simulator.reset();
			state.clear();
			requests.length = 0;
			webhooks.length = 0;
			faults.clear();
			requestListeners.clear();
			reseed();
		},
		close() {
			closing ??= (async () => {
				scheduler.close();
				await new Promise<void>((resolve) => {
					server.close(() => resolve());
					server.closeAllConnections();
				});
				await scheduler.idle();
			})();
			return closing;
		},
	};
	return emulator;
}
