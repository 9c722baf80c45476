import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { INodeParameters } from 'n8n-workflow';

import { webhookMethod, webhookPath } from '../../nodes/shared/retell/webhook';
import { EXAMPLES_DIR } from './paths';
import { isRecord } from './json';

/**
 * Fixed ids the example workflows use to reference their credentials. `npm run dev` creates credentials with
 * exactly these ids (n8n CLI import:credentials keeps ids), so the examples work without re-selecting them.
 * In another n8n, the import shows the credential as missing until one is picked.
 */
export const CREDENTIALS = {
	retellApi: { id: 'RetellApiDev0001', name: 'Retell account' },
	retellSupabaseApi: { id: 'RetellSupaDev001', name: 'Retell Supabase account' },
} as const;

/** The n8n origin written in the examples (Set nodes holding webhook URLs); replaced by the real one on import. */
export const EXAMPLE_N8N_ORIGIN = 'http://localhost:5678';

/** Placeholder agent id in the examples; replaced by the seeded demo agent when the emulator is used. */
export const EXAMPLE_AGENT_PLACEHOLDER = 'agent_demo_receptionist';

/**
 * Where the examples keep files: n8n's default N8N_RESTRICT_FILE_ACCESS_TO (~/.n8n-files) in the n8n Docker image,
 * whose user is node. A local n8n gets its own folder on import (see writeExamplesForImport).
 */
export const EXAMPLE_FILES_DIR = '/home/node/.n8n-files';

/** The demo number the emulator is seeded with; the examples use it as the caller ID. */
export const DEMO_PHONE_NUMBER = '+14155550100';

export interface WorkflowNode {
	id?: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	webhookId?: string;
	credentials?: Record<string, { id: string; name: string }>;
	[key: string]: unknown;
}

export interface WorkflowJson {
	id: string;
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	active?: boolean;
	[key: string]: unknown;
}

export interface ExampleWebhook {
	node: string;
	webhookId: string;
	/** Path segment after the webhookId: events, function or inbound (from the trigger's Mode). */
	path: string;
	method: string;
}

export interface Example {
	file: string;
	workflow: WorkflowJson;
	/** sha256 of the file, to re-import only what changed (npm run dev keeps the user's edits otherwise). */
	hash: string;
	webhooks: ExampleWebhook[];
	/** Has a trigger that n8n activates (webhook, schedule): published after import. */
	hasActivatableTrigger: boolean;
}

export const RETELL_TRIGGER_TYPE = 'n8n-nodes-retell.retellTrigger';

function asWorkflow(value: unknown, file: string): WorkflowJson {
	if (!isRecord(value) || typeof value.id !== 'string' || typeof value.name !== 'string' || !Array.isArray(value.nodes)) {
		throw new Error(`${file}: not an n8n workflow export (needs id, name, nodes)`);
	}
	return value as WorkflowJson;
}

/** The trigger's webhook path and method per Mode, as the node itself decides them (nodes/shared/retell/webhook.ts). */
export function retellTriggerPath(parameters: Record<string, unknown>): { path: string; method: string } {
	const text = (value: unknown, fallback: string): string => (typeof value === 'string' ? value : fallback);
	const fields: INodeParameters = { mode: text(parameters.mode, 'callEvents'), httpMethod: text(parameters.httpMethod, 'POST') };
	return { path: String(webhookPath(fields)), method: String(webhookMethod(fields)) };
}

export function loadExamples(dir = EXAMPLES_DIR): Example[] {
	return readdirSync(dir)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => {
			const text = readFileSync(path.join(dir, file), 'utf8');
			const workflow = asWorkflow(JSON.parse(text), file);
			const webhooks: ExampleWebhook[] = [];
			let hasActivatableTrigger = false;
			for (const node of workflow.nodes) {
				if (node.disabled === true) continue;
				if (node.type === RETELL_TRIGGER_TYPE) {
					if (!node.webhookId) throw new Error(`${file}: node "${node.name}" needs a fixed webhookId`);
					webhooks.push({ node: node.name, webhookId: node.webhookId, ...retellTriggerPath(node.parameters) });
					hasActivatableTrigger = true;
				} else if (/\.(scheduleTrigger|cron|webhook)$/.test(node.type)) {
					hasActivatableTrigger = true;
				}
			}
			return { file, workflow, hash: createHash('sha256').update(text).digest('hex'), webhooks, hasActivatableTrigger };
		});
}

/**
 * Writes the examples for `n8n import:workflow --separate`, one file per workflow, with the example n8n origin
 * replaced by the instance's and, when given, the placeholder agent by a real one and the files folder by the
 * instance's.
 */
export function writeExamplesForImport(
	examples: Example[],
	targetDir: string,
	n8nOrigin: string,
	demoAgentId?: string,
	filesDir?: string,
): string[] {
	mkdirSync(targetDir, { recursive: true });
	return examples.map((example) => {
		let text = JSON.stringify(example.workflow, null, 2).split(EXAMPLE_N8N_ORIGIN).join(n8nOrigin.replace(/\/+$/, ''));
		if (demoAgentId) text = text.split(EXAMPLE_AGENT_PLACEHOLDER).join(demoAgentId);
		if (filesDir) text = text.split(EXAMPLE_FILES_DIR).join(filesDir);
		const target = path.join(targetDir, example.file);
		writeFileSync(target, text);
		return target;
	});
}

export interface CredentialValues {
	retell: { apiKey: string; baseUrl: string };
	supabase: { host: string; serviceRole: string };
}

/**
 * Credentials in the shape `n8n import:credentials` takes: `data` as a plain object is encrypted on import with
 * the instance's key (n8n 2.41.1 packages/cli/src/commands/import/credentials.ts, readCredentials), and rows are
 * upserted by id, so importing again only refreshes the values.
 */
export function credentialsForImport(values: CredentialValues): Array<Record<string, unknown>> {
	return [
		{
			id: CREDENTIALS.retellApi.id,
			name: CREDENTIALS.retellApi.name,
			type: 'retellApi',
			data: { apiKey: values.retell.apiKey, baseUrl: values.retell.baseUrl },
		},
		{
			id: CREDENTIALS.retellSupabaseApi.id,
			name: CREDENTIALS.retellSupabaseApi.name,
			type: 'retellSupabaseApi',
			data: { host: values.supabase.host, serviceRole: values.supabase.serviceRole },
		},
	];
}
