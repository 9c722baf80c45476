import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { type FieldReader, getBoolean } from './parameters';

const DEFAULT_LIMIT = 50;

/** Return All + Limit, the pair every Get Many operation of every node in this package shows. */
export const returnAllProperty: INodeProperties = {
	displayName: 'Return All',
	name: 'returnAll',
	type: 'boolean',
	default: false,
	description: 'Whether to return all results or only up to a given limit',
};

export const limitProperty: INodeProperties = {
	displayName: 'Limit',
	name: 'limit',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 50,
	description: 'Max number of results to return',
	displayOptions: { show: { returnAll: [false] } },
};

/** How many items a Get Many returns: the Limit (a whole number, at least 1), or undefined for Return All. */
export function readLimit(context: IExecuteFunctions, itemIndex: number): number | undefined {
	if (getBoolean(context, 'returnAll', itemIndex)) return undefined;
	const limit: unknown = context.getNodeParameter('limit', itemIndex, DEFAULT_LIMIT);
	return typeof limit === 'number' && Number.isFinite(limit) ? Math.max(1, Math.floor(limit)) : DEFAULT_LIMIT;
}

const SORT_ORDERS = ['ascending', 'descending'] as const;

/** An option of Get Many's Options collection: Retell's `sort_order` and the session log's order alike. */
export const sortOrderOption: INodeProperties = {
	displayName: 'Sort Order',
	name: 'sortOrder',
	type: 'options',
	options: [
		{ name: 'Newest First', value: 'descending' },
		{ name: 'Oldest First', value: 'ascending' },
	],
	default: 'descending',
};

/** The Sort Order the user added to Get Many's Options; undefined when not added. */
export function readSortOrder(options: FieldReader): (typeof SORT_ORDERS)[number] | undefined {
	return options.option('sortOrder', SORT_ORDERS, 'Sort Order');
}
