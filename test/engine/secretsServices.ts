import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject, INodeParameterResourceLocator, INodeParameters } from 'n8n-workflow';

import { getSupabaseTestConnection } from '../support/supabase-stack/connection';
import { closePg } from '../support/supabase-stack/db';
import { startGateway, type Gateway } from '../support/supabase-stack/gateway';
import { freePort } from '../support/supabase-stack/proc';
import { runNode, type CredentialFixtures, type WorkflowRun } from '../support/harness';
import { startRetellEmulator, type RetellEmulator } from '../support/retell-emulator';
import { captureLogs, SECRETS } from './secretsCorpora';

/*
 * What the secrets tests run against: the Retell emulator and a Supabase gateway that know the secret keys, a wrong
 * Base URL and an unreachable one; and the runs of the two nodes with those credentials.
 */

// Set by startServices, once per test file.
export let emulator: RetellEmulator;
export let gateway: Gateway;
/** Some web server at a wrong Base URL: answers every path with its own 404 page. */
let notRetell: Server;
export let notRetellUrl: string;
export let unreachableUrl: string;

async function startServices(): Promise<void> {
	emulator = await startRetellEmulator({ apiKey: SECRETS.retellKey, autoSimulateCalls: false });
	const connection = getSupabaseTestConnection();
	gateway = await startGateway({
		upstream: connection.postgrestUrl,
		apiKeys: {
			[SECRETS.supabaseKey]: connection.serviceRoleKey,
			[SECRETS.lowPrivilegeKey]: connection.anonKey,
			[SECRETS.unswappedKey]: null,
		},
	});
	notRetell = createHttpServer((_req, res) => {
		res.writeHead(404, { 'content-type': 'text/html' });
		res.end('<html><body><h1>Cannot find this page</h1></body></html>');
	});
	await new Promise<void>((resolve) => notRetell.listen(0, '127.0.0.1', resolve));
	notRetellUrl = `http://127.0.0.1:${(notRetell.address() as AddressInfo).port}/retell`;
	unreachableUrl = `http://127.0.0.1:${await freePort()}`;
}

async function stopServices(): Promise<void> {
	await emulator?.close();
	await gateway?.stop();
	await new Promise((resolve) => notRetell?.close(resolve));
}

/** The file's services and log capture, started before its tests and stopped after them. */
export function useSecretServices(): void {
	beforeAll(async () => {
		captureLogs();
		await startServices();
	});
	afterAll(async () => {
		await stopServices();
		await closePg();
		jest.restoreAllMocks();
	});
}

export function retellCredentials(apiKey = SECRETS.retellKey, baseUrl = emulator.url): CredentialFixtures {
	return { retellApi: { apiKey, baseUrl } };
}

export function supabaseCredentials(serviceRole = SECRETS.supabaseKey, host = gateway.url): CredentialFixtures {
	// requestTimeout keeps the unreachable-host retries short where the credential has that field.
	return { retellSupabaseApi: { host, serviceRole, requestTimeout: 1 } };
}

export function byId(value: string): INodeParameterResourceLocator {
	return { __rl: true, mode: 'id', value };
}

export const GET_AGENT: INodeParameters = { resource: 'agent', operation: 'get', agentId: byId('agent_0123456789abcdef') };
export const LOG: INodeParameters = { resource: 'session', operation: 'log' };
export const getSession = (callId: string): INodeParameters => ({ resource: 'session', operation: 'get', callId });

export function callEnded(callId: string, extra: IDataObject = {}): IDataObject {
	return {
		event: 'call_ended',
		call: {
			call_id: callId,
			call_type: 'phone_call',
			agent_id: 'agent_0123456789abcdef',
			call_status: 'ended',
			start_timestamp: Date.now() - 60_000,
			end_timestamp: Date.now(),
			...extra,
		},
	};
}

export async function runRetell(parameters: INodeParameters, credentials: CredentialFixtures, continueOnFail: boolean): Promise<WorkflowRun> {
	return await runNode('retell', parameters, { credentials, continueOnFail });
}

export async function runSupabase(
	parameters: INodeParameters,
	credentials: CredentialFixtures,
	continueOnFail: boolean,
	input: IDataObject[] = [{}],
): Promise<WorkflowRun> {
	return await runNode('retellSupabase', parameters, { credentials, continueOnFail, input });
}
