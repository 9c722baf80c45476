import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isDataObject, isOneOf } from './collectionFields';

/**
 * Typed reads of parameter shapes collectionFields.ts does not cover: optional resource locators,
 * collections, fixed-collection rows, booleans and dates. A value of the wrong kind (from an
 * expression) is a validation error that names the parameter and the item.
 */

function wrongType(context: IExecuteFunctions, name: string, itemIndex: number, expected: string, value: unknown) {
	return new NodeOperationError(context.getNode(), `The parameter "${name}" must be ${expected}`, {
		itemIndex,
		description: `Got ${JSON.stringify(value) ?? String(value)}.`,
	});
}

/** A resource locator's value (From List or ID mode alike), trimmed; '' when left empty. */
export function getOptionalResourceId(context: IExecuteFunctions, name: string, itemIndex: number): string {
	const value: unknown = context.getNodeParameter(name, itemIndex, '', { extractValue: true });
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number') return String(value);
	throw wrongType(context, name, itemIndex, 'an ID', value);
}

export function getBoolean(context: IExecuteFunctions, name: string, itemIndex: number): boolean {
	const value: unknown = context.getNodeParameter(name, itemIndex, false);
	if (value === undefined || value === null) return false;
	if (typeof value === 'boolean') return value;
	throw wrongType(context, name, itemIndex, 'true or false', value);
}

/** An options parameter whose values are Retell's own (e.g. a country code). */
export function getOption<T extends string>(
	context: IExecuteFunctions,
	name: string,
	allowed: readonly T[],
	itemIndex: number,
): T {
	const value: unknown = context.getNodeParameter(name, itemIndex);
	if (isOneOf(allowed, value)) return value;
	throw wrongType(context, name, itemIndex, `one of ${allowed.join(', ')}`, value);
}

/** A collection parameter ("Options", "Filters"): only the fields the user added are present. */
export function getCollection(context: IExecuteFunctions, name: string, itemIndex: number): IDataObject {
	const value: unknown = context.getNodeParameter(name, itemIndex, {});
	if (value === undefined || value === null) return {};
	if (isDataObject(value)) return value;
	throw wrongType(context, name, itemIndex, 'a set of fields', value);
}

/** The rows of a fixed collection with multiple values, e.g. `dynamicVariables.variable`. */
export function getRows(context: IExecuteFunctions, name: string, itemIndex: number): IDataObject[] {
	const value: unknown = context.getNodeParameter(name, itemIndex, []);
	return rowsOf(value, () => wrongType(context, name, itemIndex, 'a list of entries', value));
}

/** The rows of a fixed collection nested in a collection, e.g. `filters.agents.agent`. */
export function rowsOf(value: unknown, invalid: () => Error): IDataObject[] {
	if (value === undefined || value === null) return [];
	const rows: unknown[] = Array.isArray(value) ? value : [value];
	if (rows.every(isDataObject)) return rows;
	throw invalid();
}

/** A field of one fixed-collection row as trimmed text ('' when absent). */
export function rowString(row: IDataObject, key: string): string {
	const value = row[key];
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return '';
}

/** `{{ $now }}` and friends are Luxon DateTimes when an expression returns them unformatted. */
function luxonMillis(value: unknown): number {
	if (typeof value === 'object' && value !== null && 'toMillis' in value && typeof value.toMillis === 'function') {
		const ms: unknown = value.toMillis();
		if (typeof ms === 'number') return ms;
	}
	return NaN;
}

/**
 * A date and time (ISO text, epoch milliseconds, Date or Luxon DateTime) as epoch milliseconds,
 * Retell's unit for every timestamp; undefined when empty.
 */
export function toTimestamp(value: unknown, invalid: () => Error): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	const ms =
		value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : luxonMillis(value);
	if (Number.isFinite(ms)) return ms;
	throw invalid();
}
