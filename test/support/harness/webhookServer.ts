import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HookContext, WebhookContext } from 'n8n-core';
import type {
	IDataObject,
	IN8nHttpFullResponse,
	INode,
	INodeExecutionData,
	INodeType,
	IWebhookData,
	IWebhookDescription,
	IWebhookResponseData,
	Workflow,
	WorkflowActivateMode,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeHelpers, resolveWebhookDescriptionField } from 'n8n-workflow';

import type { CredentialFixtures } from './credentialsHelper';
import { buildTestWorkflow, createAdditionalData, runWorkflow, type RunWorkflowOptions, type TestNode, type WorkflowRun } from './runWorkflow';
import { HttpError, prepareRequest, readBody } from './webhookRequest';
import { asResponse, firstEntryJson, LATE_WRITE_MESSAGE, sendNodeResponse, type N8nResponse } from './webhookResponse';

/**
 * A real HTTP server that stands in for n8n's webhook server (n8n 2.41: packages/cli/src/webhooks/
 * webhook-request-handler.ts and webhook-helpers.ts `executeWebhook`) for one trigger node:
 *
 * 1. reads the body and keeps its bytes as `rawBody`, parsing JSON, text and forms as n8n does
 *    (middlewares/body-parser.ts); unparsable JSON is answered 422 before the node runs;
 * 2. finds the trigger's webhook by method and path (`/webhook/<webhookId>/<path>`), else 404;
 * 3. calls the node's `webhook()` with n8n-core's real `WebhookContext`;
 * 4. answers like n8n: nothing when the node answered itself (`noWebhookResponse`); the node's
 *    `webhookResponse` when it returned no `workflowData` (no execution); in `onReceived` at once,
 *    then runs the workflow; in `lastNode` after running it, with the last node's first item, or
 *    500 {"message":"Error in workflow"} when the run failed; in `responseNode` as soon as a node sends
 *    its answer (n8n's `sendResponse` hook), else like `lastNode` on failure and empty on success.
 *
 * The workflow runs through `runWorkflow` (n8n-core's WorkflowExecute), starting at the trigger.
 */

export interface WebhookServerOptions {
	/** The trigger under test, e.g. `{ type: 'retellTrigger', parameters: {...} }`. */
	trigger: TestNode;
	/** The nodes after it, each connected to the next. */
	nodes?: TestNode[];
	credentials?: CredentialFixtures;
	/** Static data as n8n would load it from the database; shared by webhook(), hooks and runs. */
	staticData?: IDataObject;
}

export interface WebhookExchange {
	method: string;
	path: string;
	status: number;
	/** The response body as text. */
	body: string;
	/** The workflow run this request started, once it finished. */
	execution?: WorkflowRun;
	/**
	 * n8n answering a request that was already answered: Express throws, n8n logs "Error in handling webhook
	 * request" and destroys the socket (n8n 2.41 webhook-request-handler.ts, Express's finalhandler).
	 */
	lateWriteError?: string;
}

export interface WebhookServer {
	/** e.g. http://127.0.0.1:40123 */
	readonly baseUrl: string;
	readonly workflow: Workflow;
	readonly trigger: INode;
	/** Every request, in the order they were answered. */
	readonly exchanges: WebhookExchange[];
	/** Every workflow run the webhook started, in the order they finished. */
	readonly executions: WorkflowRun[];
	/** The production URL of one of the trigger's webhooks, built by n8n-core as for the node itself. */
	webhookUrl(name?: string): string;
	/** Runs `webhookMethods[name][method]` with n8n-core's real HookContext, as n8n does on (de)activation. */
	runHook(method: 'checkExists' | 'create' | 'delete', options?: { name?: string; activation?: WorkflowActivateMode }): Promise<boolean>;
	/** Resolves once every request and every workflow run it started has finished. */
	idle(): Promise<void>;
	close(): Promise<void>;
}

export async function startWebhookServer(options: WebhookServerOptions): Promise<WebhookServer> {
	const triggerNode: TestNode = { ...options.trigger, webhookId: options.trigger.webhookId ?? randomUUID() };
	const { workflow, startNode: trigger } = buildTestWorkflow({
		nodes: options.nodes ?? [],
		trigger: triggerNode,
		staticData: options.staticData ?? {},
	});
	const nodeType: INodeType = workflow.nodeTypes.getByNameAndVersion(trigger.type, trigger.typeVersion);
	const descriptions: IWebhookDescription[] = nodeType.description.webhooks ?? [];
	const exchanges: WebhookExchange[] = [];
	const executions: WorkflowRun[] = [];
	const pending = new Set<Promise<unknown>>();
	let baseUrl = '';

	/**
	 * A webhook description field, resolved like n8n 2.41 does: natively when the description declares a
	 * resolver and the parameters hold no expression, else a constant or an expression over the parameters.
	 */
	const evaluate = <T>(description: IWebhookDescription, field: string, fallback: T): T => {
		const native = resolveWebhookDescriptionField(trigger, description, field);
		const value = description[field];
		if (!native.resolved && value === undefined) return fallback;
		const result: unknown = native.resolved
			? native.value
			: workflow.expression.getSimpleParameterValue(trigger, value as string | boolean, 'webhook', {});
		return (result ?? fallback) as T;
	};
	const pathOf = (description: IWebhookDescription): string =>
		NodeHelpers.getNodeWebhookPath(workflow.id, trigger, String(evaluate(description, 'path', '')), evaluate(description, 'isFullPath', false));
	const additionalData = () => createAdditionalData({ credentials: options.credentials, baseUrl });
	const webhookData = (description: IWebhookDescription): IWebhookData => {
		const data = additionalData();
		return {
			httpMethod: evaluate(description, 'httpMethod', 'GET'),
			node: trigger.name,
			path: pathOf(description),
			webhookDescription: description,
			workflowId: workflow.id ?? 'test-workflow',
			webhookId: trigger.webhookId,
			workflowExecuteAdditionalData: data,
		};
	};

	const run = async (items: INodeExecutionData[], onResponse?: RunWorkflowOptions['onResponse']): Promise<WorkflowRun> => {
		const execution = await runWorkflow({
			trigger: triggerNode,
			nodes: options.nodes ?? [],
			input: items,
			credentials: options.credentials,
			staticData: workflow.staticData,
			onResponse,
		});
		executions.push(execution);
		return execution;
	};

	const handle = async (req: IncomingMessage, res: N8nResponse): Promise<WorkflowRun | undefined> => {
		const url = new URL(req.url ?? '/', baseUrl);
		const rawBody = await readBody(req);
		const method = (req.method ?? 'GET').toUpperCase();
		const path = decodeURIComponent(url.pathname.replace(/^\/webhook\//, ''));
		const description = descriptions.find(
			(entry) => url.pathname.startsWith('/webhook/') && pathOf(entry) === path && evaluate(entry, 'httpMethod', 'GET').toUpperCase() === method,
		);
		if (!description) throw new HttpError(404, `The requested webhook "${method} ${path}" is not registered.`);
		const request = prepareRequest(req, rawBody, url);

		const responseMode = evaluate<string>(description, 'responseMode', 'onReceived');
		const responseData = evaluate<string>(description, 'responseData', 'firstEntryJson');
		const responseCode = Number(evaluate<string | number>(description, 'responseCode', 200));
		const responsePropertyName = evaluate<string | undefined>(description, 'responsePropertyName', undefined);

		const data = additionalData();
		data.httpRequest = request as unknown as typeof data.httpRequest;
		data.httpResponse = res as unknown as typeof data.httpResponse;
		const context = new WebhookContext(workflow, trigger, data, 'webhook', webhookData(description), [], null);
		let result: IWebhookResponseData;
		try {
			result = await nodeType.webhook!.call(context);
		} catch {
			throw new HttpError(500, 'Workflow Webhook Error: Workflow could not be started!');
		}

		if (result.noWebhookResponse === true) {
			if (!res.writableEnded) res.end();
			return undefined;
		}
		if (result.workflowData === undefined) {
			res.status(responseCode).json(result.webhookResponse ?? { message: 'Webhook call received' });
			return undefined;
		}
		const items = result.workflowData[0] ?? [];

		if (responseMode === 'onReceived') {
			if (responseData === 'noData') res.status(responseCode).json(undefined);
			else if (responseData) res.status(responseCode).send(String(responseData));
			else res.status(responseCode).json(result.webhookResponse ?? { message: 'Workflow was started' });
			const background = run(items);
			pending.add(background);
			void background.finally(() => pending.delete(background));
			return await background;
		}
		if (responseMode !== 'lastNode' && responseMode !== 'responseNode') {
			throw new HttpError(500, `The harness does not implement response mode "${responseMode}"`);
		}

		let answered = false;
		const execution = await run(
			items,
			responseMode === 'responseNode'
				? (response) => {
						if (answered) return;
						answered = true;
						sendNodeResponse(res, response as IN8nHttpFullResponse);
					}
				: undefined,
		);
		const lastNodeName = execution.executed.at(-1);
		const lastTask = lastNodeName === undefined ? undefined : execution.runData[lastNodeName]?.at(-1);
		if (answered) {
			// The answer went out mid-run; what happened after it changes nothing for the caller.
		} else if (execution.error !== undefined || lastTask?.error !== undefined) {
			res.status(500).json({ message: 'Error in workflow' });
		} else if (responseMode === 'responseNode') {
			res.status(responseCode).json(undefined);
		} else if (lastTask === undefined) {
			res.status(responseCode).json({ message: 'Workflow executed successfully but the last node did not return any data' });
		} else if (responseData === 'noData') {
			res.status(responseCode).json(undefined);
		} else {
			const lastItems = lastTask.data?.[NodeConnectionTypes.Main]?.[0] ?? [];
			if (responseData === 'firstEntryJson') {
				if (lastItems.length === 0) throw new HttpError(500, 'No item to return was found');
				const body = firstEntryJson(lastItems, responsePropertyName);
				if (typeof body === 'string') res.status(responseCode).send(body);
				else res.status(responseCode).json(body);
			} else {
				res.status(responseCode).json(lastItems.map((item) => item.json));
			}
		}
		return execution;
	};

	const server = createServer((req, rawRes) => {
		const { response: res, sentBody } = asResponse(rawRes);
		const exchange: WebhookExchange = { method: req.method ?? 'GET', path: req.url ?? '/', status: 0, body: '' };
		const done = handle(req, res)
			.catch((error: unknown) => {
				const status = error instanceof HttpError ? error.status : 500;
				if (!res.headersSent) res.status(status).json({ code: status, message: (error as Error).message });
				else {
					if ((error as Error).message === LATE_WRITE_MESSAGE) exchange.lateWriteError = LATE_WRITE_MESSAGE;
					req.socket.destroy();
				}
				return undefined;
			})
			.then((execution) => {
				exchange.status = res.statusCode;
				exchange.body = sentBody();
				exchange.execution = execution;
				exchanges.push(exchange);
			});
		pending.add(done);
		void done.finally(() => pending.delete(done));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

	const idle = async (): Promise<void> => {
		while (pending.size > 0) await Promise.allSettled([...pending]);
	};

	return {
		baseUrl,
		workflow,
		trigger,
		exchanges,
		executions,
		webhookUrl(name = 'default'): string {
			const description = descriptions.find((entry) => entry.name === name);
			if (!description) throw new Error(`The trigger has no webhook named "${name}"`);
			return `${baseUrl}/webhook/${pathOf(description)}`;
		},
		async runHook(method, { name = 'default', activation = 'activate' } = {}) {
			const methods = name === 'default' || name === 'setup' ? nodeType.webhookMethods?.[name] : undefined;
			const description = descriptions.find((entry) => entry.name === name);
			if (!methods || !description) throw new Error(`The trigger has no webhook methods for "${name}"`);
			const context = new HookContext(workflow, trigger, additionalData(), 'webhook', activation, webhookData(description));
			return await methods[method].call(context);
		},
		idle,
		async close() {
			await idle();
			await new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
		},
	};
}
