import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { mapWithConcurrency } from '../../shared/concurrency';
import { getSupabaseClient, postgrestCode, type RetellSupabaseClient } from '../transport';
import { operations } from './index';
import type {
	AnyOperation,
	BatchOperation,
	ItemOperation,
	RetellSupabaseOperations,
	SummaryOperation,
} from './node.type';

/** Per-item operations (Get, Save, Create From Call) run this many requests at once. */
const ITEM_CONCURRENCY = 5;

function isResource(value: unknown): value is keyof RetellSupabaseOperations {
	return typeof value === 'string' && Object.hasOwn(operations, value);
}

function findOperation(resource: unknown, operation: unknown): AnyOperation | undefined {
	if (!isResource(resource) || typeof operation !== 'string') return undefined;
	const byOperation: Record<string, AnyOperation> = operations[resource];
	return Object.hasOwn(byOperation, operation) ? byOperation[operation] : undefined;
}

/** Continue On Fail: the error as an output item's JSON. */
export function failureJson(error: unknown): IDataObject {
	const json: IDataObject = { error: error instanceof Error ? error.message : String(error) };
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.description) json.errorDescription = error.description;
	}
	if (error instanceof NodeApiError) {
		if (error.httpCode) json.httpCode = error.httpCode;
		const code = postgrestCode(error);
		if (code) json.errorCode = code;
	}
	return json;
}

/** Node errors keep their own item index; anything else becomes a NodeOperationError for this item. */
function asNodeError(this: IExecuteFunctions, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (itemIndex !== undefined) error.context.itemIndex ??= itemIndex;
		return error;
	}
	const cause = error instanceof Error ? error : new Error(String(error));
	return new NodeOperationError(this.getNode(), cause, itemIndex === undefined ? {} : { itemIndex });
}

async function runPerItem(
	this: IExecuteFunctions,
	operation: ItemOperation,
	itemCount: number,
	client: RetellSupabaseClient,
): Promise<INodeExecutionData[]> {
	const results = await mapWithConcurrency(itemCount, ITEM_CONCURRENCY, async (itemIndex) => {
		try {
			const result = await operation.execute.call(this, itemIndex, client);
			return [result].flat().map((json) => ({ json, pairedItem: { item: itemIndex } }));
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError.call(this, error, itemIndex);
			return [{ json: failureJson(error), pairedItem: { item: itemIndex } }];
		}
	});
	return results.flat();
}

async function runBatch(
	this: IExecuteFunctions,
	operation: BatchOperation,
	itemCount: number,
	client: RetellSupabaseClient,
): Promise<INodeExecutionData[]> {
	let outcomes;
	try {
		outcomes = await operation.executeBatch.call(this, itemCount, client);
	} catch (error) {
		throw asNodeError.call(this, error);
	}
	return outcomes.map((outcome, itemIndex) => {
		if ('json' in outcome) return { json: outcome.json, pairedItem: { item: itemIndex } };
		if (!this.continueOnFail()) throw asNodeError.call(this, outcome.error, itemIndex);
		return { json: failureJson(outcome.error), pairedItem: { item: itemIndex } };
	});
}

async function runOnce(
	this: IExecuteFunctions,
	operation: SummaryOperation,
	itemCount: number,
	client: RetellSupabaseClient,
): Promise<INodeExecutionData[]> {
	const pairedItem = Array.from({ length: itemCount }, (_, item) => ({ item }));
	try {
		return [{ json: await operation.executeOnce.call(this, itemCount, client), pairedItem }];
	} catch (error) {
		if (!this.continueOnFail()) throw asNodeError.call(this, error);
		return [{ json: failureJson(error), pairedItem }];
	}
}

/**
 * The one place that knows about items: pairing, Continue On Fail and item indexes on errors, so
 * operations only map rows and make requests.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const itemCount = this.getInputData().length;
	const resource: unknown = this.getNodeParameter('resource', 0);
	const operation: unknown = this.getNodeParameter('operation', 0);
	const selected = findOperation(resource, operation);
	if (!selected) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${String(operation)}" of "${String(resource)}" is not supported`,
		);
	}
	const client = await getSupabaseClient(this);
	if ('executeBatch' in selected) return [await runBatch.call(this, selected, itemCount, client)];
	if ('executeOnce' in selected) return [await runOnce.call(this, selected, itemCount, client)];
	return [await runPerItem.call(this, selected, itemCount, client)];
}
