import { request as httpRequest, type Agent } from 'node:http';
import type { INodeParameters } from 'n8n-workflow';
import type Retell from 'retell-sdk';

import { startWebhookServer, type TestNode, type WebhookServer } from '../support/harness';
import { signRetellBody, startRetellEmulator, type RetellEmulator } from '../support/retell-emulator';
import { provisionAgent, retellCredentials, sdkClient } from '../support/retell-emulator/account';
import { sendCustomFunctionCall, sendInboundCallWebhook } from '../support/retell-emulator/functionCalls';

export interface RetellAccount {
	emulator: RetellEmulator;
	client: Retell;
	credentials: { retellApi: { apiKey: string; baseUrl: string } };
}

async function startRetell(): Promise<RetellAccount> {
	const emulator = await startRetellEmulator({ timeScale: 1000, autoSimulateCalls: false });
	return { emulator, client: sdkClient(emulator), credentials: retellCredentials(emulator) };
}

/**
 * An emulated Retell account for the file's tests, started before them and closed after them; its fields can be
 * read from `beforeAll` on (the same hook style as `useEmulator` in test/retell/helpers.ts).
 */
export function useRetell(): RetellAccount {
	let account: RetellAccount | undefined;
	beforeAll(async () => {
		account = await startRetell();
	});
	afterAll(async () => {
		await account?.emulator.close();
	});
	const started = (): RetellAccount => {
		if (!account) throw new Error('The Retell account is started in beforeAll: use it inside hooks and tests');
		return account;
	};
	return {
		get emulator() {
			return started().emulator;
		},
		get client() {
			return started().client;
		},
		get credentials() {
			return started().credentials;
		},
	};
}

/** An agent on a Retell LLM, and a number whose outbound agent it is. */
export async function provision(
	client: Retell,
	agentFields: Partial<Retell.AgentCreateParams> = {},
): Promise<{ agentId: string; phoneNumber: string }> {
	const { agent, number } = await provisionAgent(client, { agent: { agent_name: 'Orders', ...agentFields } });
	return { agentId: agent.agent_id, phoneNumber: number.phone_number };
}

/** Places a call and lets the emulator run it to the end, every webhook delivered (retries included). */
export async function runCall(account: RetellAccount, fromNumber: string): Promise<string> {
	const call = await account.client.call.createPhoneCall({ from_number: fromNumber, to_number: '+14155550123' });
	await account.emulator.simulateCall(call.call_id);
	await account.emulator.idle();
	return call.call_id;
}

export async function startTrigger(
	account: RetellAccount,
	parameters: INodeParameters,
	nodes: TestNode[] = [],
): Promise<WebhookServer> {
	return await startWebhookServer({
		trigger: { type: 'retellTrigger', parameters },
		nodes,
		credentials: account.credentials,
	});
}

export interface PostOptions {
	method?: string;
	headers?: Record<string, string>;
	/** The signature header; default: a valid one for `apiKey` at `nowMs`. `null` sends none. */
	signature?: string | null;
	apiKey?: string;
	nowMs?: number;
	/** Sign at `Date.now() + clockSkewMs`, taken when the request is sent (not when the test is declared). */
	clockSkewMs?: number;
}

/** One raw HTTP request, so tests control every byte and header Retell would send. */
export async function post(url: string, body: string | Buffer, options: PostOptions = {}): Promise<Reply> {
	const payload = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
	const signature =
		options.signature === undefined
			? signRetellBody(payload.toString('utf8'), options.apiKey ?? '', options.nowMs ?? Date.now() + (options.clockSkewMs ?? 0))
			: options.signature;
	const headers: Record<string, string> = {
		'content-type': 'application/json',
		'content-length': String(payload.length),
		...(signature === null ? {} : { 'x-retell-signature': signature }),
		...options.headers,
	};
	return await sendRaw(url, payload, headers, { method: options.method });
}

export interface Reply {
	status: number;
	text: string;
}

/** Exactly these bytes and headers (repeated headers as arrays), on a connection of its own unless given an agent. */
export async function sendRaw(
	url: string,
	body: Buffer,
	headers: Record<string, string | string[]>,
	options: { method?: string; agent?: Agent } = {},
): Promise<Reply> {
	return await new Promise((resolve, reject) => {
		const req = httpRequest(url, { method: options.method ?? 'POST', headers, agent: options.agent ?? false }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
			res.on('error', reject);
		});
		req.on('error', reject);
		req.end(body);
	});
}

export const SAMPLE_CALL = {
	call_id: 'call_0a1b2c3d4e5f',
	agent_id: 'agent_0a1b2c3d4e5f',
	call_status: 'ongoing',
	direction: 'inbound',
	from_number: '+14155550123',
	to_number: '+14155550100',
};

/** Retell calling the trigger's custom function (check_order for order A-17 in SAMPLE_CALL), as the emulator does. */
export function callFunction(
	account: RetellAccount,
	server: WebhookServer,
	options: Partial<Parameters<typeof sendCustomFunctionCall>[0]> = {},
) {
	return sendCustomFunctionCall({
		url: server.webhookUrl(),
		apiKey: account.emulator.apiKey,
		name: 'check_order',
		call: SAMPLE_CALL,
		args: { order_id: 'A-17' },
		...options,
	});
}

/** Retell asking the trigger who answers an inbound call, as the emulator does (10 s per attempt, retries). */
export function ringInbound(
	account: RetellAccount,
	server: WebhookServer,
	options: Partial<Parameters<typeof sendInboundCallWebhook>[0]> = {},
) {
	return sendInboundCallWebhook({
		url: server.webhookUrl(),
		apiKey: account.emulator.apiKey,
		fromNumber: '+14155550123',
		toNumber: '+14155550100',
		agentId: 'agent_default0000',
		agentVersion: 3,
		callId: 'call_inbound0001',
		...options,
	});
}
