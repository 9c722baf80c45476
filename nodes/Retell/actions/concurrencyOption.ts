import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

export const DEFAULT_CONCURRENCY = 10;

/** How many items run against Retell at once: an option of every operation that calls Retell item by item. */
const concurrencyOption: INodeProperties = {
	displayName: 'Concurrency',
	name: 'concurrency',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 100 },
	default: DEFAULT_CONCURRENCY,
	description:
		'How many items are sent to Retell at the same time. Keep it at or below the account\'s concurrent-call limit when placing calls; rate-limited requests are retried.',
};

/** The one collection of optional settings an operation has, by n8n's convention. */
const OPTIONAL_COLLECTIONS = ['additionalFields', 'options'];

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
 * Adds Concurrency to the operation's optional collection, in alphabetical order, or gives the operation an
 * Options collection holding only it; readConcurrency reads it from either.
 */
export function withConcurrencyOption(properties: INodeProperties[]): INodeProperties[] {
	const index = properties.findIndex(
		(property) => OPTIONAL_COLLECTIONS.includes(property.name) && property.type === 'collection',
	);
	if (index === -1) {
		const options: INodeProperties = {
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [concurrencyOption],
		};
		return [...properties, options];
	}
	const collection = properties[index];
	const options = [...(collection.options ?? []), concurrencyOption] as INodeProperties[];
	const sorted = { ...collection, options: options.sort((a, b) => a.displayName.localeCompare(b.displayName)) };
	return properties.map((property, position) => (position === index ? sorted : property));
}
