import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { mapWithConcurrency } from './concurrency';
import { isFileResult, type ItemOutcome, type ItemResult, type Operation } from './operation';

export interface RouterConfig<Client> {
	operations: Record<string, Record<string, Operation<string, Client>>>;
	/** Called once per execution, and only for an operation that calls the service. */
	getClient(context: IExecuteFunctions): Promise<Client>;
	/** How many items of a per-item operation run at once. */
	concurrency(context: IExecuteFunctions): number;
	/** Fields a Continue On Fail item adds for a NodeApiError of this service (e.g. PostgREST's error code). */
	failureDetails?(error: NodeApiError): IDataObject;
}

type Failure = NodeApiError | NodeOperationError;

/** Node errors keep their own item index; anything else becomes a NodeOperationError for this item. */
function asNodeError(context: IExecuteFunctions, error: unknown, itemIndex?: number): Failure {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (itemIndex !== undefined) error.context.itemIndex ??= itemIndex;
		return error;
	}
	const cause = error instanceof Error ? error : new Error(String(error));
	return new NodeOperationError(context.getNode(), cause, itemIndex === undefined ? {} : { itemIndex });
}

function failureJson<Client>(config: RouterConfig<Client>, error: unknown): IDataObject {
	const json: IDataObject = { error: error instanceof Error ? error.message : String(error) };
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.description) json.errorDescription = error.description;
	}
	if (error instanceof NodeApiError) {
		if (error.httpCode) json.httpCode = error.httpCode;
		Object.assign(json, config.failureDetails?.(error));
	}
	return json;
}

function findOperation<Client>(
	config: RouterConfig<Client>,
	resource: unknown,
	operation: unknown,
): Operation<string, Client> | undefined {
	if (typeof resource !== 'string' || typeof operation !== 'string') return undefined;
	if (!Object.hasOwn(config.operations, resource)) return undefined;
	const byOperation = config.operations[resource];
	return Object.hasOwn(byOperation, operation) ? byOperation[operation] : undefined;
}

/**
 * The one place that knows about items, for every action node of the package: bounded concurrency, pairedItem,
 * Continue On Fail and the item index on every error live here, so operations only build requests and shape
 * results.
 */
export async function route<Client>(this: IExecuteFunctions, config: RouterConfig<Client>): Promise<INodeExecutionData[][]> {
	const itemCount = this.getInputData().length;
	const resource: unknown = this.getNodeParameter('resource', 0);
	const operation: unknown = this.getNodeParameter('operation', 0);
	const selected = findOperation(config, resource, operation);
	if (!selected) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${String(operation)}" of "${String(resource)}" is not supported`,
		);
	}
	const allItems = Array.from({ length: itemCount }, (_, item) => ({ item }));
	const failed = (error: unknown, itemIndex?: number): IDataObject => {
		if (!this.continueOnFail()) throw asNodeError(this, error, itemIndex);
		return failureJson(config, error);
	};

	if ('needsClient' in selected) {
		return [await perItem(this, itemCount, config.concurrency(this), selected.execute, failed)];
	}
	const client = await config.getClient(this);
	if ('executeOnce' in selected) {
		let json: IDataObject;
		try {
			json = await selected.executeOnce.call(this, itemCount, client);
		} catch (error) {
			json = failed(error);
		}
		return [[{ json, pairedItem: allItems }]];
	}
	if ('executeBatch' in selected) {
		let outcomes: ItemOutcome[];
		try {
			outcomes = await selected.executeBatch.call(this, itemCount, client);
		} catch (error) {
			throw asNodeError(this, error);
		}
		return [
			outcomes.map((outcome, item) => ({
				json: 'json' in outcome ? outcome.json : failed(outcome.error, item),
				pairedItem: { item },
			})),
		];
	}
	const execute = selected.execute;
	return [
		await perItem(this, itemCount, config.concurrency(this), async function (this: IExecuteFunctions, itemIndex) {
			return await execute.call(this, itemIndex, client);
		}, failed),
	];
}

async function perItem(
	context: IExecuteFunctions,
	itemCount: number,
	concurrency: number,
	execute: (this: IExecuteFunctions, itemIndex: number) => Promise<ItemResult>,
	failed: (error: unknown, itemIndex: number) => IDataObject,
): Promise<INodeExecutionData[]> {
	const results = await mapWithConcurrency(itemCount, concurrency, async (item) => {
		let result: ItemResult;
		try {
			result = await execute.call(context, item);
		} catch (error) {
			result = failed(error, item);
		}
		return [result].flat().map((output): INodeExecutionData =>
			isFileResult(output)
				? { json: output.json, binary: output.binary, pairedItem: { item } }
				: { json: output, pairedItem: { item } },
		);
	});
	return results.flat();
}
