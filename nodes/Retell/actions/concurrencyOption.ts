import type { INodeProperties } from 'n8n-workflow';

import { concurrencyOption } from './common.descriptions';
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

/**
 * Adds Concurrency to the optional collection of every operation that calls Retell item by item, or gives the
 * operation an Options collection holding only it; the router reads it from either (router.ts).
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
