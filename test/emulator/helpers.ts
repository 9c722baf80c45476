import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Retell from 'retell-sdk';
import { startRetellEmulator, type RetellEmulator, type RetellEmulatorOptions } from '../support/retell-emulator';
import { provisionAgent, sdkClient } from '../support/retell-emulator/account';

/**
 * The emulator's own tests send what Retell must refuse, on purpose: no contract check here (it covers what the
 * nodes send; test/emulator/contract.test.ts tests the check itself).
 */
async function startEmulatorWithClient(options: RetellEmulatorOptions = {}): Promise<{ emu: RetellEmulator; client: Retell }> {
	const emu = await startRetellEmulator({ timeScale: 1000, contractCheck: false, ...options });
	return { emu, client: sdkClient(emu) };
}

/** The emulator and an SDK client on it for the file's tests, the hook style of the other suites. */
export function useEmulatorWithClient(options: RetellEmulatorOptions = {}): { readonly emu: RetellEmulator; readonly client: Retell } {
	let started: { emu: RetellEmulator; client: Retell } | undefined;
	beforeAll(async () => {
		started = await startEmulatorWithClient(options);
	});
	afterAll(async () => {
		await started?.emu.close();
	});
	const ready = () => {
		if (!started) throw new Error('The emulator is started in beforeAll: use it inside hooks and tests');
		return started;
	};
	return {
		get emu() {
			return ready().emu;
		},
		get client() {
			return ready().client;
		},
	};
}

/** Creates an LLM, an agent on it and a number bound to the agent: what most call tests need. */
export async function provision(client: Retell, agentFields: Partial<Retell.AgentCreateParams> = {}) {
	return await provisionAgent(client, {
		llm: { general_prompt: 'You book appointments.', begin_message: 'Hi {{customer_name}}, this is Ada.' },
		agent: { agent_name: 'Ada', ...agentFields },
	});
}

export interface ReceivedHook {
	headers: IncomingHttpHeaders;
	rawBody: string;
	event: string;
}

/** A local endpoint standing in for the n8n webhook; `respond` chooses the status of each delivery (and may wait). */
export async function startReceiver(respond: (hook: ReceivedHook, index: number) => number | Promise<number> = () => 204): Promise<{ url: string; received: ReceivedHook[]; close: () => Promise<void> }> {
	const received: ReceivedHook[] = [];
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const rawBody = Buffer.concat(chunks).toString('utf8');
			const hook: ReceivedHook = { headers: req.headers, rawBody, event: (JSON.parse(rawBody) as { event: string }).event };
			received.push(hook);
			void Promise.resolve(respond(hook, received.length - 1)).then((status) => {
				res.writeHead(status);
				res.end();
			});
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/webhook`,
		received,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
