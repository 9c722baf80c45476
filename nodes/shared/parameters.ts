import type {
	IDataObject,
	IExecuteFunctions,
	IGetNodeParameterOptions,
	IHookFunctions,
	ILoadOptionsFunctions,
	INode,
	INodePropertyOptions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isDataObject } from './dataObject';
import { assertPresent, parseJsonArray, parseJsonObject } from './validation';

/**
 * Typed reads of node parameters: top-level parameters, collections ("Options", "Update Fields"),
 * fixed-collection rows and dates. A value of the wrong kind (from an expression) is a validation
 * error that names the field and the item.
 */

/** Every context a node reads its parameters in: executing, a trigger's webhook or hook, a list search. */
export type ParameterContext = IExecuteFunctions | IWebhookFunctions | IHookFunctions | ILoadOptionsFunctions;

/** One parameter: per item while executing; elsewhere the node has one value (`itemIndex` is then 0). */
function parameter(
	context: ParameterContext,
	name: string,
	itemIndex: number,
	fallback: unknown,
	options?: IGetNodeParameterOptions,
): unknown {
	if ('getInputData' in context) return context.getNodeParameter(name, itemIndex, fallback, options);
	return context.getNodeParameter(name, fallback, options);
}

function invalidValue(node: INode, itemIndex: number, field: string, expected: string, value: unknown) {
	return new NodeOperationError(node, `${field} must be ${expected}`, {
		itemIndex,
		description: `Got ${JSON.stringify(value) ?? String(value)}.`,
	});
}

function wrongType(context: ParameterContext, name: string, itemIndex: number, expected: string, value: unknown) {
	return invalidValue(context.getNode(), itemIndex, `The parameter "${name}"`, expected, value);
}

function isOneOf<T extends string>(allowed: readonly T[], value: unknown): value is T {
	return allowed.some((entry) => entry === value);
}

/** The values of a `value → display name` table; a `Record` over an SDK union keeps it complete. */
export function keysOf<T extends string>(names: Record<T, string>): T[] {
	return Object.keys(names).filter((key): key is T => Object.hasOwn(names, key));
}

/** n8n options from a `value → display name` table, sorted by name. */
export function optionsFrom<T extends string>(names: Record<T, string>): INodePropertyOptions[] {
	return keysOf(names)
		.map((value) => ({ name: names[value], value }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** A resource locator's ID (From List or By ID), required and trimmed. */
export function getResourceId(context: ParameterContext, name: string, itemIndex = 0, label = name): string {
	const value = parameter(context, name, itemIndex, undefined, { extractValue: true });
	const id = typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
	return assertPresent(context.getNode(), id, label, itemIndex);
}

/** A resource locator's value (From List or ID mode alike), trimmed; '' when left empty. */
export function getOptionalResourceId(context: ParameterContext, name: string, itemIndex = 0): string {
	const value: unknown = parameter(context, name, itemIndex, '', { extractValue: true });
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number') return String(value);
	throw wrongType(context, name, itemIndex, 'an ID', value);
}

/** A top-level string parameter; an expression may hand over a number. */
export function getString(context: ParameterContext, name: string, itemIndex = 0): string {
	const value = parameter(context, name, itemIndex, '');
	return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

export function getNumber(context: ParameterContext, name: string, itemIndex = 0): number | undefined {
	const value = parameter(context, name, itemIndex, undefined);
	if (typeof value === 'number') return value;
	if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
	return undefined;
}

export function getBoolean(context: ParameterContext, name: string, itemIndex = 0): boolean {
	const value: unknown = parameter(context, name, itemIndex, false);
	if (value === undefined || value === null) return false;
	if (typeof value === 'boolean') return value;
	throw wrongType(context, name, itemIndex, 'true or false', value);
}

/** An options parameter whose values are Retell's own (e.g. a country code). */
export function getOption<T extends string>(
	context: ParameterContext,
	name: string,
	allowed: readonly T[],
	itemIndex = 0,
): T {
	const value = parameter(context, name, itemIndex, undefined);
	if (isOneOf(allowed, value)) return value;
	throw wrongType(context, name, itemIndex, `one of ${allowed.join(', ')}`, value);
}

/** A multi-options parameter's values (e.g. the trigger's Events). */
export function getList(context: ParameterContext, name: string, itemIndex = 0): string[] {
	const value = parameter(context, name, itemIndex, []);
	if (value === undefined || value === null) return [];
	if (Array.isArray(value)) return value.filter((entry): entry is string => typeof entry === 'string');
	throw wrongType(context, name, itemIndex, 'a list', value);
}

/** A collection parameter ("Options", "Filters"): only the fields the user added are present. */
export function getCollection(context: ParameterContext, name: string, itemIndex = 0): IDataObject {
	const value: unknown = parameter(context, name, itemIndex, {});
	if (value === undefined || value === null) return {};
	if (isDataObject(value)) return value;
	throw wrongType(context, name, itemIndex, 'a set of fields', value);
}

/** The rows of a fixed collection with multiple values, e.g. `dynamicVariables.variable`. */
export function getRows(context: ParameterContext, name: string, itemIndex = 0): IDataObject[] {
	const value: unknown = parameter(context, name, itemIndex, []);
	if (value === undefined || value === null) return [];
	const rows: unknown[] = Array.isArray(value) ? value : [value];
	if (rows.every(isDataObject)) return rows;
	throw wrongType(context, name, itemIndex, 'a list of entries', value);
}

/**
 * An ID from a resource locator inside a collection or a fixed-collection row (`{ mode, value }`), or from a
 * plain text field or expression as workflows saved before the locator had; '' when empty.
 */
export function locatorValue(value: unknown): string {
	const id = isDataObject(value) ? value.value : value;
	if (typeof id === 'string') return id.trim();
	if (typeof id === 'number') return String(id);
	return '';
}

/** A field of one fixed-collection row as trimmed text ('' when absent). */
export function rowString(row: IDataObject, key: string): string {
	const value = row[key];
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return '';
}

/**
 * Typed reads of a collection parameter's fields. Fields the user did not add are absent from the
 * collection, so every reader answers `undefined` for them.
 */
export function fieldReader(node: INode, itemIndex: number, fields: IDataObject) {
	const invalid = (label: string, expected: string, value: unknown) =>
		invalidValue(node, itemIndex, label, expected, value);

	/** A list given as an array (multi-options) or as comma-separated text; empty means unset. */
	const list = (key: string): string[] | undefined => {
		const value = fields[key];
		if (value === undefined || value === null) return undefined;
		const entries = Array.isArray(value) ? value : String(value).split(',');
		const values = entries.map((entry) => String(entry).trim()).filter((entry) => entry !== '');
		return values.length > 0 ? values : undefined;
	};

	return {
		/** The error for a field whose value is not what it must be, with this item's index. */
		invalid,

		/** The rows of a fixed collection inside the collection, e.g. `customLeadFields.field`. */
		rows(key: string, group: string, label = key): IDataObject[] {
			const collection = fields[key];
			if (collection === undefined || collection === null) return [];
			const value = isDataObject(collection) ? collection[group] : undefined;
			if (value === undefined || value === null) return [];
			const rows: unknown[] = Array.isArray(value) ? value : [value];
			if (!rows.every(isDataObject)) throw invalid(label, 'a list of entries', collection);
			return rows;
		},

		/** A non-blank string, as typed (prompts keep their whitespace). */
		string(key: string, label = key): string | undefined {
			const value = fields[key];
			if (value === undefined || value === null) return undefined;
			if (typeof value === 'number') return String(value);
			if (typeof value !== 'string') throw invalid(label, 'text', value);
			return value.trim() === '' ? undefined : value;
		},

		number(key: string, label = key): number | undefined {
			const value = fields[key];
			if (value === undefined || value === null || value === '') return undefined;
			const number = typeof value === 'string' ? Number(value) : value;
			if (typeof number !== 'number' || !Number.isFinite(number)) throw invalid(label, 'a number', value);
			return number;
		},

		boolean(key: string, label = key): boolean | undefined {
			const value = fields[key];
			if (value === undefined || value === null) return undefined;
			if (typeof value !== 'boolean') throw invalid(label, 'true or false', value);
			return value;
		},

		list,

		/** A resource locator's ID (or a plain ID); undefined when empty. */
		resourceId(key: string): string | undefined {
			return locatorValue(fields[key]) || undefined;
		},

		option<T extends string>(key: string, allowed: readonly T[], label = key): T | undefined {
			const value = fields[key];
			if (value === undefined || value === null || value === '') return undefined;
			if (!isOneOf(allowed, value)) throw invalid(label, `one of ${allowed.join(', ')}`, value);
			return value;
		},

		/** Each entry must be one of `allowed`; empty means unset. */
		options<T extends string>(key: string, allowed: readonly T[], label = key): T[] | undefined {
			const values = list(key);
			if (!values) return undefined;
			const unknown = values.filter((entry) => !isOneOf(allowed, entry));
			if (unknown.length > 0) throw invalid(label, `a list of ${allowed.join(', ')}`, unknown);
			return values.filter((entry): entry is T => isOneOf(allowed, entry));
		},

		jsonObject(key: string, label: string): IDataObject | undefined {
			return parseJsonObject(node, fields[key], label, itemIndex);
		},

		/** A JSON array of objects (tools, states, analysis fields); `[]` means unset. */
		jsonObjects(key: string, label: string): IDataObject[] | undefined {
			const list = parseJsonArray(node, fields[key], label, itemIndex);
			if (list === undefined || list.length === 0) return undefined;
			if (!list.every(isDataObject)) throw invalid(label, 'a JSON array of objects', fields[key]);
			return list;
		},
	};
}

export type FieldReader = ReturnType<typeof fieldReader>;

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
