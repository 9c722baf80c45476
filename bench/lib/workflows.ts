import { CREDENTIALS, RETELL_TRIGGER_TYPE, type WorkflowJson, type WorkflowNode } from '../../scripts/n8n/examples';

/**
 * Workflow JSON for the benchmarks, in the shape `n8n import:workflow` takes. Node types are those of an
 * installed community package (`n8n-nodes-retell.*`) and of n8n's own nodes at their current default versions.
 */

export const RETELL_TYPE = 'n8n-nodes-retell.retell';
export const RETELL_SUPABASE_TYPE = 'n8n-nodes-retell.retellSupabase';

/** A node before it is placed in a workflow (no id, no position). */
export type NodeSpec = Omit<WorkflowNode, 'id' | 'position' | 'name' | 'type' | 'typeVersion' | 'parameters'> & {
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
};

/** Workflow ids are 16 characters (n8n keeps them on import). */
export function workflowId(tag: string): string {
	const id = `Bench${tag}`.replace(/[^A-Za-z0-9]/g, '');
	if (id.length > 16) throw new Error(`workflow id too long: ${id}`);
	return id.padEnd(16, '0');
}

/** A fixed webhookId (uuid shape) per benchmark workflow, so URLs are known before n8n starts. */
export function webhookUuid(n: number): string {
	return `b3a1c0de-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

function position(index: number): [number, number] {
	return [index * 220, 0];
}

/** A chain of nodes, each feeding the next one. */
export function chain(
	tag: string,
	name: string,
	nodes: Array<NodeSpec>,
	settings: Record<string, unknown> = {},
): WorkflowJson {
	const id = workflowId(tag);
	const placed: WorkflowNode[] = nodes.map((node, index): WorkflowNode => ({ ...node, id: `${id}-node-${index}`, position: position(index) }));
	const connections: Record<string, unknown> = {};
	for (let index = 0; index + 1 < placed.length; index++) {
		connections[placed[index].name] = { main: [[{ node: placed[index + 1].name, type: 'main', index: 0 }]] };
	}
	return {
		id,
		name,
		nodes: placed,
		connections,
		active: false,
		settings: { executionOrder: 'v1', ...settings },
		pinData: {},
	};
}

/** Workflow settings that keep no execution data (big benchmark executions would measure SQLite, not the nodes). */
export const NO_EXECUTION_DATA = { saveDataSuccessExecution: 'none', saveDataErrorExecution: 'none', saveManualExecutions: false };

export function retellTrigger(webhookId: string, parameters: Record<string, unknown>): NodeSpec {
	return {
		name: 'Retell Trigger',
		type: RETELL_TRIGGER_TYPE,
		typeVersion: 1.1,
		webhookId,
		parameters,
		credentials: { retellApi: { ...CREDENTIALS.retellApi } },
	};
}

/** n8n's Webhook node; its path is the whole URL path (`/webhook/<path>`). */
export function webhookNode(
	webhookId: string,
	urlPath: string,
	responseMode: 'lastNode' | 'responseNode',
): NodeSpec {
	return {
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2.1,
		webhookId,
		parameters: {
			httpMethod: 'POST',
			path: urlPath,
			responseMode,
			...(responseMode === 'lastNode' ? { responseData: 'firstEntryJson' } : {}),
			options: {},
		},
	};
}

/** n8n's Edit Fields (Set) node with string assignments (only the assigned fields are kept). */
export function setNode(fields: Record<string, string>): NodeSpec {
	return {
		name: 'Set',
		type: 'n8n-nodes-base.set',
		// 3.4: the newest Edit Fields version n8n 1.123 has too (the e2e suite runs there as well).
		typeVersion: 3.4,
		parameters: {
			mode: 'manual',
			assignments: {
				assignments: Object.entries(fields).map(([name, value], index) => ({
					id: `5e7a0000-0000-4000-8000-${String(index).padStart(12, '0')}`,
					name,
					value,
					type: 'string',
				})),
			},
			options: {},
		},
	};
}

/** Retell → Webhook Response → Build Function Result: the custom function's answer, {"result": …}. */
export function functionResultNode(result: string): NodeSpec {
	return {
		name: 'Answer Retell',
		type: RETELL_TYPE,
		typeVersion: 1,
		parameters: { resource: 'webhookResponse', operation: 'buildFunctionResult', result },
	};
}

export function respondToWebhookNode(): NodeSpec {
	return {
		name: 'Respond to Webhook',
		type: 'n8n-nodes-base.respondToWebhook',
		typeVersion: 1.5,
		parameters: { respondWith: 'firstIncomingItem', options: {} },
	};
}

/** Split Out: one item per element of an array field of the incoming item (dot notation allowed). */
export function splitOutNode(field: string): NodeSpec {
	return {
		name: 'Split Out',
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		parameters: { fieldToSplitOut: field, options: {} },
	};
}

/** HTTP Request (current default version) sending a JSON body built by an expression, with fixed headers. */
export function httpRequestNode(options: {
	url: string;
	headers: Record<string, string>;
	jsonBodyExpression: string;
	requestOptions?: Record<string, unknown>;
	nodeSettings?: Record<string, unknown>;
}): NodeSpec {
	return {
		name: 'HTTP Request',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.5,
		parameters: {
			method: 'POST',
			url: options.url,
			sendHeaders: true,
			headerParameters: {
				parameters: Object.entries(options.headers).map(([name, value]) => ({ name, value })),
			},
			sendBody: true,
			specifyBody: 'json',
			jsonBody: options.jsonBodyExpression,
			options: options.requestOptions ?? {},
		},
		...options.nodeSettings,
	};
}
