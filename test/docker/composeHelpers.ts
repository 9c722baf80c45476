import { readFileSync } from 'node:fs';
import path from 'node:path';

import { callEventStream, checkSessions, type EventStream, type TableCheck } from '../../bench/lib/events';
import type { BenchSupabase } from '../../bench/lib/supabase';
import { loginCookie, type PublicApi } from '../../scripts/n8n/api';
import { credentialsForImport, loadExamples, type Example } from '../../scripts/n8n/examples';
import { isRecord } from '../../scripts/n8n/json';
import { packageLoadFailure } from '../../scripts/n8n/n8n';
import { REPO_ROOT } from '../../scripts/n8n/paths';
import { eventually, retellPost } from '../../scripts/n8n/requests';
import { settledExecutions } from '../e2e/helpers';
import { docker, DOCKER_OWNER, type Deployment } from './deployment';

export const RETELL_API_KEY = 'key_docker_test_0123456789abcdef';
export const EVENTS_EXAMPLE = 'RetellExample003';
export const FUNCTION_EXAMPLE = 'RetellExample004';
// The three nodes, and the AI-agent tool variants n8n derives from the two that are usableAsTool.
export const RETELL_NODE_TYPES = ['retell', 'retellSupabase', 'retellSupabaseTool', 'retellTool', 'retellTrigger'].map((name) => `n8n-nodes-retell.${name}`);
const manifest: unknown = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
export const PACKAGE_VERSION = isRecord(manifest) ? String(manifest.version) : '';

export const measured: Record<string, string> = {};
export const note = (key: string, value: string): void => {
	measured[key] = value;
	process.stdout.write(`[docker] ${key}: ${value}\n`);
};
export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
export const megabytes = (bytes: number): string => `${(bytes / 1e6).toFixed(0)} MB`;

const examples = loadExamples();

function example(id: string): Example {
	const found = examples.find((candidate) => candidate.workflow.id === id);
	if (!found) throw new Error(`no example ${id}`);
	return found;
}

/**
 * The examples' two credentials and the given examples through the public API (as a user would, with IDs n8n
 * assigns), published; returns the workflow IDs by example. Retell is never called: only its key is used, to sign.
 */
export async function deployExamples(api: PublicApi, supabase: BenchSupabase, ids: string[]): Promise<Record<string, string>> {
	const credentialIds: Record<string, string> = {};
	const credentials = credentialsForImport({
		retell: { apiKey: RETELL_API_KEY, baseUrl: 'http://127.0.0.1:9' },
		supabase: { host: supabase.connection.url, serviceRole: supabase.connection.serviceRoleKey },
	});
	for (const { name, type, data } of credentials) {
		const values = Object.fromEntries(Object.entries(isRecord(data) ? data : {}).map(([key, value]) => [key, String(value)]));
		credentialIds[String(type)] = await api.createCredential({ name: String(name), type: String(type), data: values });
	}
	const workflowIds: Record<string, string> = {};
	for (const id of ids) {
		const { workflow } = example(id);
		const nodes = workflow.nodes.map((node) => ({
			...node,
			credentials: node.credentials
				? Object.fromEntries(
						Object.entries(node.credentials).map(([type, reference]) => [type, { ...reference, id: credentialIds[type] }]),
					)
				: undefined,
		}));
		workflowIds[id] = await api.createWorkflow({ name: workflow.name, nodes, connections: workflow.connections, settings: workflow.settings ?? {} });
		await api.publish(workflowIds[id]);
	}
	return workflowIds;
}

export function webhookUrl(deployment: Deployment, id: string): string {
	const [webhook] = example(id).webhooks;
	return `${deployment.webhookOrigin}/webhook/${webhook.webhookId}/${webhook.path}`;
}

/** One call's three events, signed as Retell signs them, each acknowledged with 200. */
export async function sendCall(deployment: Deployment, prefix: string): Promise<EventStream> {
	const stream = callEventStream({ total: 3, duplicateShare: 0, seed: 15, prefix });
	for (const event of stream.events) {
		const reply = await retellPost(webhookUrl(deployment, EVENTS_EXAMPLE), JSON.stringify(event), RETELL_API_KEY);
		expect({ event: event.event, status: reply.status }).toEqual({ event: event.event, status: 200 });
	}
	return stream;
}

/** The table once it holds every call of the stream in its final state; fails with the last difference if it never does. */
export async function sessionsMatch(supabase: BenchSupabase, stream: EventStream, prefix: string, timeoutMs = 30_000): Promise<TableCheck> {
	return await eventually(() => checkSessions(supabase, stream, prefix), (check) => check.equal, timeoutMs, `sessions ${prefix}* as sent`);
}

/** n8n logs a community package it cannot load and carries on; that must not happen in any container. */
export async function expectCleanStart(deployment: Deployment, services: string[]): Promise<void> {
	for (const service of services) {
		const log = await deployment.logs(service);
		expect({ service, loadFailure: packageLoadFailure(log), missingModules: log.split('\n').filter((line) => /cannot find module/i.test(line)) }).toEqual({
			service,
			loadFailure: undefined,
			missingModules: [],
		});
		// restart: unless-stopped would hide a crash; a container that restarted is a failure.
		const restarts = await docker(['inspect', '--format', '{{.RestartCount}}', await deployment.containerId(service)]);
		expect({ service, restarts }).toEqual({ service, restarts: '0' });
	}
}

/** The package's node types the main instance serves to its (logged-in) editor. */
export async function loadedRetellNodes(deployment: Deployment): Promise<string[]> {
	const cookie = await loginCookie(deployment.mainUrl, DOCKER_OWNER);
	const response = await fetch(`${deployment.mainUrl}/types/nodes.json`, { headers: { Cookie: cookie } });
	if (!response.ok) throw new Error(`GET /types/nodes.json: HTTP ${response.status}`);
	const types: unknown = await response.json();
	if (!Array.isArray(types)) throw new Error('GET /types/nodes.json: not a list');
	const names = types.map((type: unknown) => (isRecord(type) ? String(type.name) : '')).filter((name) => name.startsWith('n8n-nodes-retell.'));
	return [...new Set(names)].sort();
}

export async function packageVersionIn(deployment: Deployment): Promise<string> {
	const manifest: unknown = JSON.parse(await deployment.exec('n8n', ['cat', '/home/node/.n8n/nodes/node_modules/n8n-nodes-retell/package.json']));
	return isRecord(manifest) ? String(manifest.version) : '(no manifest)';
}

export async function unsignedIsRefused(deployment: Deployment, api: PublicApi, supabase: BenchSupabase, workflowId: string): Promise<void> {
	const before = (await settledExecutions({ api })).filter((execution) => execution.workflowId === workflowId).length;
	const body = JSON.stringify(callEventStream({ total: 3, duplicateShare: 0, seed: 16, prefix: 'unsigned' }).events[0]);
	const unsigned = await retellPost(webhookUrl(deployment, EVENTS_EXAMPLE), body, RETELL_API_KEY, { unsigned: true });
	const forged = await retellPost(webhookUrl(deployment, EVENTS_EXAMPLE), body, RETELL_API_KEY, { apiKey: 'key_someone_else' });
	expect([unsigned.status, forged.status]).toEqual([401, 401]);
	// A signed request sent after them is executed; once it is, any execution the refused ones started would show.
	const stream = await sendCall(deployment, 'after401');
	expect((await sessionsMatch(supabase, stream, 'after401')).equal).toBe(true);
	const after = await api.waitForExecutions(workflowId, (list) => list.length >= before + 3 && list.every((e) => e.finished || e.status !== 'running'));
	expect(after.length).toBe(before + 3);
}
