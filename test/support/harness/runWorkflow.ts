import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	ExecutionStatus,
	IConnections,
	IDataObject,
	IExecuteResponsePromiseData,
	INode,
	INodeCredentials,
	INodeExecutionData,
	INodeParameters,
	IRun,
	IRunData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { createRunExecutionData, NodeConnectionTypes, Workflow } from 'n8n-workflow';

import { type CredentialFixtures, FixtureCredentialsHelper } from './credentialsHelper';
import { HarnessNodeTypes, nodeTypeName } from './nodeTypes';

export interface TestNode {
	/** Defaults to the node type's display name (as n8n names a freshly dropped node). */
	name?: string;
	/** `retell` means this package's node; anything with a dot is taken as is (`test.setJson`). */
	type: string;
	parameters?: INodeParameters;
	typeVersion?: number;
	/** n8n's "On Error → Continue (using error output)": items that fail become `{ error }` items. */
	continueOnFail?: boolean;
	webhookId?: string;
	/**
	 * Which saved credential the node refers to, per type (default: one named after the type). The data still comes
	 * from the fixture of that type; a new id is what n8n shows a node after the user picks another credential.
	 */
	credentialIds?: Record<string, string>;
}

export interface RunWorkflowOptions {
	/** Run in this order, each connected to the next, after a manual trigger named "Start". */
	nodes: TestNode[];
	/** Items the trigger emits (plain objects become `{ json }`). Default: one empty item. */
	input?: Array<IDataObject | INodeExecutionData>;
	/** Credential data by credential type name, e.g. `{ retellApi: { apiKey, baseUrl } }`. */
	credentials?: CredentialFixtures;
	/** Static data as n8n would load it from the database (e.g. a trigger's saved registration). */
	staticData?: IDataObject;
	/**
	 * Start from this trigger node instead of the manual "Start", in mode `webhook`, with `input` as its
	 * items: what n8n does after a webhook trigger's `webhook()` returned `workflowData` (the engine
	 * passes a webhook node's input straight through; `webhook()` itself is not called).
	 */
	trigger?: TestNode;
	/** n8n's `sendResponse` hook: a node answering the webhook mid-run (the `responseNode` response mode). */
	onResponse?: (response: IExecuteResponsePromiseData) => void;
}

export interface WorkflowRun {
	status: ExecutionStatus;
	/** The error that stopped the workflow, if any (a node error carries its own `node`). */
	error: IRun['data']['resultData']['error'];
	runData: IRunData;
	/** Order in which nodes finished. */
	executed: string[];
	/** Every answer a node sent through n8n's `sendResponse` hook, in order. */
	responses: IExecuteResponsePromiseData[];
	/** Items of a node's first main output (default: the last node of the chain). */
	items(nodeName?: string, outputIndex?: number): INodeExecutionData[];
	/** Just the `json` of those items. */
	json(nodeName?: string, outputIndex?: number): IDataObject[];
}

const START = 'Start';
const BASE_URL = 'http://127.0.0.1:5678';

function toItems(input: RunWorkflowOptions['input']): INodeExecutionData[] {
	return (input ?? [{}]).map((entry) =>
		'json' in entry && typeof entry.json === 'object' ? (entry as INodeExecutionData) : { json: entry as IDataObject },
	);
}

const MANUAL_START: INode = {
	id: 'start',
	name: START,
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

function buildNodes(testNodes: TestNode[], nodeTypes: HarnessNodeTypes, trigger?: TestNode): INode[] {
	const seen = new Set<string>();
	const nodes = (trigger ? [trigger, ...testNodes] : testNodes).map((testNode, index): INode => {
		const type = testNode.type.includes('.') ? testNode.type : nodeTypeName(testNode.type);
		const description = nodeTypes.getByNameAndVersion(type, testNode.typeVersion).description;
		const name = testNode.name ?? description.defaults.name ?? description.displayName;
		if (seen.has(name)) throw new Error(`Two test nodes are named "${name}": give them names`);
		seen.add(name);
		const credentials: INodeCredentials = Object.fromEntries(
			(description.credentials ?? []).map(({ name: credentialType }) => [
				credentialType,
				{ id: testNode.credentialIds?.[credentialType] ?? credentialType, name: credentialType },
			]),
		);
		return {
			id: `node-${index}`,
			name,
			type,
			typeVersion: testNode.typeVersion ?? Math.max(...[description.version].flat()),
			position: [(index + 1) * 200, 0],
			parameters: testNode.parameters ?? {},
			credentials,
			webhookId: testNode.webhookId,
			...(testNode.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		};
	});
	if (trigger) return nodes;
	if (seen.has(START)) throw new Error(`"${START}" is the manual trigger's name: give the test node another one`);
	return [MANUAL_START, ...nodes];
}

function chain(nodes: INode[]): IConnections {
	return Object.fromEntries(
		nodes.slice(0, -1).map((node, index) => [
			node.name,
			{ [NodeConnectionTypes.Main]: [[{ node: nodes[index + 1].name, type: NodeConnectionTypes.Main, index: 0 }]] },
		]),
	);
}

export interface TestWorkflow {
	workflow: Workflow;
	workflowData: IWorkflowBase;
	/** The node the execution starts from: the manual "Start" or the given trigger. */
	startNode: INode;
	lastNode: INode;
}

/** The workflow `runWorkflow` executes: the nodes chained in order after the start node. */
export function buildTestWorkflow(options: Pick<RunWorkflowOptions, 'nodes' | 'trigger' | 'staticData'>): TestWorkflow {
	const nodeTypes = new HarnessNodeTypes();
	const nodes = buildNodes(options.nodes, nodeTypes, options.trigger);
	const connections = chain(nodes);
	const workflow = new Workflow({
		id: 'test-workflow',
		name: 'Test workflow',
		nodes,
		connections,
		nodeTypes,
		active: false,
		staticData: options.staticData,
		settings: { executionOrder: 'v1' },
	});
	const workflowData: IWorkflowBase = {
		id: workflow.id,
		name: 'Test workflow',
		active: false,
		isArchived: false,
		nodes,
		connections,
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
	};
	return { workflow, workflowData, startNode: nodes[0], lastNode: nodes[nodes.length - 1] };
}

let executionCount = 0;

/**
 * What n8n hands node contexts besides the workflow: credentials, lifecycle hooks and the instance's
 * URLs (`getNodeWebhookUrl` builds on `webhookBaseUrl`).
 */
export function createAdditionalData(
	options: { credentials?: CredentialFixtures; hooks?: ExecutionLifecycleHooks; baseUrl?: string } = {},
): IWorkflowExecuteAdditionalData {
	const baseUrl = options.baseUrl ?? BASE_URL;
	return {
		// Unique per run, as n8n's own: nodes may key state on it (the Supabase transport's shared deadline does).
		executionId: String(++executionCount),
		hooks: options.hooks,
		credentialsHelper: new FixtureCredentialsHelper(options.credentials ?? {}),
		currentNodeExecutionIndex: 0,
		variables: {},
		restApiUrl: `${baseUrl}/rest`,
		instanceBaseUrl: baseUrl,
		webhookBaseUrl: `${baseUrl}/webhook`,
		webhookWaitingBaseUrl: `${baseUrl}/webhook-waiting`,
		webhookTestBaseUrl: `${baseUrl}/webhook-test`,
		formBaseUrl: `${baseUrl}/form`,
		formWaitingBaseUrl: `${baseUrl}/form-waiting`,
		formTestBaseUrl: `${baseUrl}/form-test`,
		mcpBaseUrl: `${baseUrl}/mcp`,
		mcpTestBaseUrl: `${baseUrl}/mcp-test`,
		executeWorkflow: async () => {
			throw new Error('Sub-workflows are not supported by the test harness');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
	} as unknown as IWorkflowExecuteAdditionalData;
}

/**
 * Runs a workflow through n8n-core's real WorkflowExecute — the engine n8n itself uses — with this
 * package's node and credential types loaded. Only persistence and the HTTP server are absent.
 */
export async function runWorkflow(options: RunWorkflowOptions): Promise<WorkflowRun> {
	const { workflow, workflowData, startNode, lastNode } = buildTestWorkflow(options);
	const mode: WorkflowExecuteMode = options.trigger ? 'webhook' : 'trigger';

	const executed: string[] = [];
	const hooks = new ExecutionLifecycleHooks(mode, 'test-execution', workflowData);
	hooks.addHandler('nodeExecuteAfter', (nodeName) => {
		executed.push(nodeName);
	});
	const responses: IExecuteResponsePromiseData[] = [];
	hooks.addHandler('sendResponse', (response) => {
		responses.push(response);
		options.onResponse?.(response);
	});
	const finished = new Promise<IRun>((resolve) => hooks.addHandler('workflowExecuteAfter', resolve));
	const additionalData = createAdditionalData({ credentials: options.credentials, hooks });

	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: startNode, data: { main: [toItems(options.input)] }, source: null }],
		},
	});
	await new WorkflowExecute(additionalData, mode, runExecutionData).processRunExecutionData(workflow);
	const run = await finished;

	const runData = run.data.resultData.runData;
	const items = (nodeName = lastNode.name, outputIndex = 0) =>
		runData[nodeName]?.[0]?.data?.[NodeConnectionTypes.Main]?.[outputIndex] ?? [];
	return {
		status: run.status,
		error: run.data.resultData.error,
		runData,
		executed,
		responses,
		items,
		json: (nodeName, outputIndex) => items(nodeName, outputIndex).map((item) => item.json),
	};
}

/** Shorthand for the common case: Start → one node of this package. */
export async function runNode(
	type: string,
	parameters: INodeParameters,
	options: Omit<RunWorkflowOptions, 'nodes'> & { continueOnFail?: boolean } = {},
): Promise<WorkflowRun> {
	return await runWorkflow({ ...options, nodes: [{ type, parameters, continueOnFail: options.continueOnFail }] });
}
