import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { mapWithConcurrency } from '../../shared/concurrency';
import { getRetellClient, type RetellClient } from '../transport';
import { readConcurrency } from './concurrencyOption';
import { operations } from './index';
import type { RetellAllItemsOperation, RetellLocalOperation, RetellOperation, RetellType } from './node.type';

type AnyOperation = RetellOperation | RetellAllItemsOperation | RetellLocalOperation;
type ItemResult = IDataObject | IDataObject[];

function findOperation(resource: string, operation: string): AnyOperation | undefined {
	const byResource: Record<string, Record<string, AnyOperation> | undefined> = operations;
	return byResource[resource]?.[operation];
}

/** Continue On Fail: the error as an output item's JSON. */
function failureJson(error: unknown): IDataObject {
	const failure = error as NodeApiError | NodeOperationError | Error;
	const json: IDataObject = { error: failure.message };
	if ('description' in failure && failure.description) json.errorDescription = failure.description;
	if ('httpCode' in failure && failure.httpCode) json.httpCode = failure.httpCode;
	return json;
}

/** One request from all items: its result, or its error under Continue On Fail, is paired with every item. */
async function runForAllItems(
	this: IExecuteFunctions,
	operation: RetellAllItemsOperation,
	itemCount: number,
	client: RetellClient,
): Promise<INodeExecutionData[]> {
	const pairedItem = Array.from({ length: itemCount }, (_, item) => ({ item }));
	try {
		return [{ json: await operation.executeForAllItems.call(this, itemCount, client), pairedItem }];
	} catch (error) {
		if (!this.continueOnFail()) {
			if (error instanceof NodeApiError || error instanceof NodeOperationError) throw error;
			throw new NodeOperationError(this.getNode(), error as Error);
		}
		return [{ json: failureJson(error), pairedItem }];
	}
}

/**
 * Runs one item of a per-item operation. The client (and with it the credential) is fetched only for
 * operations that call Retell, so Webhook Response works in workflows without a Retell credential.
 */
async function itemRunner(
	this: IExecuteFunctions,
	operation: RetellOperation | RetellLocalOperation,
): Promise<(itemIndex: number) => Promise<ItemResult>> {
	if ('needsClient' in operation) return async (itemIndex) => await operation.execute.call(this, itemIndex);
	const client = await getRetellClient(this);
	return async (itemIndex) => await operation.execute.call(this, itemIndex, client);
}

function toItems(result: ItemResult, itemIndex: number): INodeExecutionData[] {
	return [result].flat().map((json) => ({ json, pairedItem: { item: itemIndex } }));
}

/**
 * The one per-item loop of the Retell node: bounded concurrency, pairedItem, Continue On Fail and
 * the item index on every error live here, so operations only build a request and shape a result.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter<RetellType>('resource', 0);
	const operation = this.getNodeParameter('operation', 0);
	const selected = findOperation(resource, operation);
	if (!selected) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	const concurrency = readConcurrency(this);
	if ('executeForAllItems' in selected) {
		return [await runForAllItems.call(this, selected, items.length, await getRetellClient(this))];
	}
	const runItem = await itemRunner.call(this, selected);

	const results = await mapWithConcurrency(items.length, concurrency, async (itemIndex) => {
		try {
			return toItems(await runItem(itemIndex), itemIndex);
		} catch (error) {
			if (!this.continueOnFail()) {
				if (error instanceof NodeApiError || error instanceof NodeOperationError) {
					error.context.itemIndex ??= itemIndex;
					throw error;
				}
				throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
			}
			return [{ json: failureJson(error), pairedItem: { item: itemIndex } }];
		}
	});
	return [results.flat()];
}
