import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { RETELL_SUPABASE_TYPE, RETELL_TYPE, retellTrigger, type NodeSpec } from '../../bench/lib/workflows';
import { isRecord } from '../../scripts/n8n/json';
import { n8nCli } from '../../scripts/n8n/n8n';
import { run } from '../../scripts/n8n/process';
import { signRetellBody } from '../support/retell-emulator';
import { distinctive } from '../support/secrets/hunt';
import { eventually, type E2eStack } from './helpers';

/** The keys n8n is given. The service-role JWT behind the gateway is added once the Supabase stack mints it. */
export const SECRETS: Record<string, string> = {
	retellKey: distinctive('key_SECRETHUNT'),
	wrongRetellKey: distinctive('key_SECRETHUNT_WRONG'),
	supabaseKey: distinctive('sb_secret_SECRETHUNT'),
	wrongSupabaseKey: distinctive('sb_secret_SECRETHUNT_WRONG'),
};

/** Harmless, planted in outputs, an answer and an error message: the hunt must find it. */
export const CANARY = distinctive('canary_SECRETHUNT');

// --- the hunt ------------------------------------------------------------------------------------------------

export interface Corpus {
	name: string;
	text: string;
	records: number;
}

/** Every string inside a JSON text (flatted execution data included: its strings are array entries). */
export function jsonStrings(text: string): string[] {
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		return [];
	}
	const strings: string[] = [];
	const walk = (value: unknown): void => {
		if (typeof value === 'string') strings.push(value);
		else if (Array.isArray(value)) value.forEach(walk);
		else if (isRecord(value)) {
			for (const [key, item] of Object.entries(value)) {
				strings.push(key);
				walk(item);
			}
		}
	};
	walk(parsed);
	return strings;
}

export function filesBelow(dir: string, skip: (file: string) => boolean = () => false): string[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir, { recursive: true, encoding: 'utf8' })
		.map((file) => path.join(dir, file))
		.filter((file) => !skip(file) && statSync(file).isFile());
}

/** The files as one text; latin1 keeps every byte as one character, so a key in any ASCII-compatible encoding shows. */
export function fileCorpus(name: string, files: string[]): Corpus {
	return { name, text: files.map((file) => readFileSync(file).toString('latin1')).join('\n'), records: files.length };
}

/** Every table of n8n's SQLite database as rows, read with node:sqlite of the Node 24 that runs n8n. */
export async function dumpDatabase(stack: E2eStack, file: string): Promise<Record<string, Array<Record<string, unknown>>>> {
	const script = `
		const { DatabaseSync } = require('node:sqlite');
		const db = new DatabaseSync(process.argv[1], { readOnly: true });
		const tables = db.prepare("select name from sqlite_master where type = 'table'").all().map((row) => row.name);
		const dump = Object.fromEntries(tables.map((table) => [table, db.prepare('select * from "' + table + '"').all()]));
		process.stdout.write(JSON.stringify(dump, (_key, value) =>
			value instanceof Uint8Array ? Buffer.from(value).toString('latin1') : typeof value === 'bigint' ? String(value) : value));
	`;
	const { stdout } = await run(path.join(stack.install.nodeBinDir, 'node'), ['-e', script, file], { timeoutMs: 60_000 });
	const parsed: unknown = JSON.parse(stdout);
	if (!isRecord(parsed)) throw new Error('the database dump is not an object');
	return Object.fromEntries(
		Object.entries(parsed).map(([table, rows]) => [table, Array.isArray(rows) ? rows.filter(isRecord) : []]),
	);
}

/** What `n8n export:credentials --decrypted` gives back, written outside the user folder and deleted at once. */
export async function exportDecryptedCredentials(stack: E2eStack): Promise<string> {
	const dir = mkdtempSync(path.join(tmpdir(), 'retell-secrets-export-'));
	try {
		const file = path.join(dir, 'credentials.json');
		await n8nCli(stack.config, ['export:credentials', '--all', '--decrypted', `--output=${file}`]);
		return readFileSync(file, 'utf8');
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

// --- requests, and what n8n answered -------------------------------------------------------------------------

/** Every answer n8n gave the test: status, headers and body. */
export const answers: string[] = [];

export async function send(url: string, init: RequestInit = {}): Promise<{ status: number; text: string }> {
	const response = await fetch(url, init);
	const text = await response.text();
	answers.push(`${init.method ?? 'GET'} ${url} → ${response.status}\n${[...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n')}\n\n${text}`);
	return { status: response.status, text };
}

/** POSTs to a Webhook node's path, again while n8n is still registering it (404). */
export async function postOnceLive(stack: E2eStack, webhookPath: string): Promise<{ status: number; text: string }> {
	const url = `${stack.webhookOrigin}/webhook/${webhookPath}`;
	return await eventually(() => send(url, { method: 'POST' }), (answer) => answer.status !== 404, 20_000, `${url} live`);
}

/** A webhook request as Retell sends it, or forged: unsigned, signed with another key, or a body other than the signed one. */
export async function postAsRetell(
	url: string,
	body: string,
	forgery: { signWith?: string; unsigned?: boolean; signedBody?: string } = {},
): Promise<{ status: number; text: string }> {
	const signature = signRetellBody(forgery.signedBody ?? body, forgery.signWith ?? SECRETS.retellKey, Date.now());
	return await send(url, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', ...(forgery.unsigned ? {} : { 'X-Retell-Signature': signature }) },
		body,
	});
}

// --- credentials and workflows -------------------------------------------------------------------------------

export type CredentialRef = { id: string; name: string };

/** Credentials made through the public API for the failure paths, named by what is wrong with them. */
export type BrokenCredentials = Record<
	'wrongRetellKey' | 'retellNothingThere' | 'retellOtherServer' | 'retellWrongPath' | 'wrongSupabaseKey' | 'supabaseNothingThere',
	CredentialRef
>;

async function createCredential(stack: E2eStack, name: string, type: string, data: Record<string, string>): Promise<CredentialRef> {
	return { id: await stack.api.createCredential({ name, type, data }), name };
}

/** `unreachable` is a loopback origin nothing listens on; `gatewayUrl` is a server that is not Retell. */
export async function createBrokenCredentials(stack: E2eStack, gatewayUrl: string, unreachable: string): Promise<BrokenCredentials> {
	const emulatorUrl = stack.retellEmulator().url;
	return {
		wrongRetellKey: await createCredential(stack, 'Retell, wrong key', 'retellApi', { apiKey: SECRETS.wrongRetellKey, baseUrl: emulatorUrl }),
		retellNothingThere: await createCredential(stack, 'Retell, nothing there', 'retellApi', { apiKey: SECRETS.retellKey, baseUrl: unreachable }),
		retellOtherServer: await createCredential(stack, 'Retell, another server', 'retellApi', { apiKey: SECRETS.retellKey, baseUrl: `${gatewayUrl}/retell` }),
		retellWrongPath: await createCredential(stack, 'Retell, wrong path', 'retellApi', { apiKey: SECRETS.retellKey, baseUrl: `${emulatorUrl}/v0` }),
		wrongSupabaseKey: await createCredential(stack, 'Supabase, wrong key', 'retellSupabaseApi', { host: gatewayUrl, serviceRole: SECRETS.wrongSupabaseKey }),
		supabaseNothingThere: await createCredential(stack, 'Supabase, nothing there', 'retellSupabaseApi', { host: unreachable, serviceRole: SECRETS.supabaseKey }),
	};
}

const tolerate = { onError: 'continueRegularOutput' } as const;

export function retellNode(name: string, parameters: Record<string, unknown>, credential: CredentialRef, options: { tolerate?: boolean } = {}): NodeSpec {
	return { name, type: RETELL_TYPE, typeVersion: 1, parameters, credentials: { retellApi: credential }, ...(options.tolerate === false ? {} : tolerate) };
}

export function supabaseNode(
	name: string,
	parameters: Record<string, unknown>,
	credentials: { retellSupabaseApi: CredentialRef; retellApi?: CredentialRef },
	options: { tolerate?: boolean } = {},
): NodeSpec {
	return { name, type: RETELL_SUPABASE_TYPE, typeVersion: 1, parameters, credentials, ...(options.tolerate === false ? {} : tolerate) };
}

/** A trigger feeding every branch with the same items; n8n runs the branches one after another, top to bottom. */
export async function deployFanOut(stack: E2eStack, name: string, trigger: NodeSpec, branches: NodeSpec[]): Promise<string> {
	const nodes = [trigger, ...branches].map((node, index) => ({
		...node,
		id: randomUUID(),
		position: index === 0 ? [0, 0] : [300, index * 160],
	}));
	const connections = { [trigger.name]: { main: [branches.map((branch) => ({ node: branch.name, type: 'main', index: 0 }))] } };
	const workflowId = await stack.api.createWorkflow({ name, nodes, connections, settings: { executionOrder: 'v1' } });
	await stack.api.publish(workflowId);
	return workflowId;
}

export function byId(value: string): Record<string, unknown> {
	return { __rl: true, mode: 'id', value };
}

export const callEventsTrigger = (webhookId: string): NodeSpec =>
	retellTrigger(webhookId, { mode: 'callEvents', events: ['call_ended'], acknowledge: 'afterWorkflow', registration: 'none' });

export function callEnded(stack: E2eStack, callId: string, extra: Record<string, unknown> = {}): string {
	return JSON.stringify({
		event: 'call_ended',
		call: { call_id: callId, call_type: 'phone_call', agent_id: stack.demo?.agentId, call_status: 'ended', start_timestamp: Date.now() - 60_000, end_timestamp: Date.now(), ...extra },
	});
}
