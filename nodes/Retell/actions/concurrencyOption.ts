import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { concurrencyOption, DEFAULT_CONCURRENCY } from './common.descriptions';
import type { RetellAllItemsOperation, RetellLocalOperation, RetellOperation } from './node.type';

type AnyOperation = RetellOperation | RetellAllItemsOperation | RetellLocalOperation;

/** The one collection of optional settings an operation has, by n8n's convention. */
const OPTIONAL_COLLECTIONS = ['additionalFields', 'options'];

function shownFor(property: INodeProperties, resource: string, operation: string): boolean {
	const show = property.displayOptions?.show;
	return Boolean(show?.resource?.includes(resource) && show?.operation?.includes(operation));
}

/** Whether the router runs the operation item by item against Retell, so Concurrency means something. */
function callsRetellPerItem(operation: AnyOperation): boolean {
	return !('executeForAllItems' in operation) && !('needsClient' in operation);
}

/** The Concurrency the operation's optional collection holds; an expression that gives no number means the default. */
export function readConcurrency(context: IExecuteFunctions): number {
	for (const collection of OPTIONAL_COLLECTIONS) {
		// null, not undefined: n8n throws for a missing parameter whose fallback is undefined.
		const value = context.getNodeParameter(`${collection}.${concurrencyOption.name}`, 0, null);
		if (value === null) continue;
		// An expression may hand over text or nothing usable; NaN would start no worker and drop every item.
		const requested = Number(value);
		return Number.isFinite(requested) ? requested : DEFAULT_CONCURRENCY;
	}
	return DEFAULT_CONCURRENCY;
}

/**
 * Adds Concurrency to the optional collection of every operation that calls Retell item by item, or gives the
 * operation an Options collection holding only it; readConcurrency reads it from either.
 */
export function withConcurrencyOption(
	resource: string,
	operations: Record<string, AnyOperation>,
	properties: INodeProperties[],
): INodeProperties[] {
	const result = [...properties];
	for (const [operation, module] of Object.entries(operations)) {
		if (!callsRetellPerItem(module)) continue;
		const index = result.findIndex(
			(property) =>
				OPTIONAL_COLLECTIONS.includes(property.name) &&
				property.type === 'collection' &&
				shownFor(property, resource, operation),
		);
		if (index === -1) {
			result.push({
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				displayOptions: { show: { resource: [resource], operation: [operation] } },
				options: [concurrencyOption],
			});
			continue;
		}
		const collection = result[index];
		if (collection.options?.some((option) => option.name === concurrencyOption.name)) continue;
		const options = [...(collection.options ?? []), concurrencyOption] as INodeProperties[];
		result[index] = { ...collection, options: options.sort((a, b) => a.displayName.localeCompare(b.displayName)) };
	}
	return result;
}
