import type { IDataObject, IExecuteFunctions, INode, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { assertPresent, parseJsonArray, parseJsonObject } from './validation';

/** A resource locator's ID (From List or By ID), required and trimmed. */
export function getResourceId(context: IExecuteFunctions, name: string, itemIndex: number, label: string): string {
	const value = context.getNodeParameter(name, itemIndex, undefined, { extractValue: true });
	const id = typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
	return assertPresent(context.getNode(), id, label, itemIndex);
}

/** A top-level string parameter; an expression may hand over a number. */
export function getString(context: IExecuteFunctions, name: string, itemIndex: number): string {
	const value = context.getNodeParameter(name, itemIndex, '');
	return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

export function getNumber(context: IExecuteFunctions, name: string, itemIndex: number): number | undefined {
	const value = context.getNodeParameter(name, itemIndex, undefined);
	if (typeof value === 'number') return value;
	if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
	return undefined;
}

/** A top-level JSON parameter as an object; blank means none. */
export function getJsonObject(
	context: IExecuteFunctions,
	name: string,
	itemIndex: number,
	label: string,
): IDataObject | undefined {
	return parseJsonObject(context.getNode(), context.getNodeParameter(name, itemIndex, ''), label, itemIndex);
}

export function isOneOf<T extends string>(allowed: readonly T[], value: unknown): value is T {
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

/**
 * Typed reads of a collection parameter ("Additional Fields", "Update Fields"). Fields the user did
 * not add are absent from the collection, so every reader answers `undefined` for them; a value of
 * the wrong kind (from an expression) is a validation error with the item index.
 */
export function fieldReader(node: INode, itemIndex: number, fields: IDataObject) {
	const invalid = (label: string, expected: string, value: unknown) =>
		new NodeOperationError(node, `${label} must be ${expected}`, {
			itemIndex,
			description: `Got ${JSON.stringify(value)}.`,
		});

	/** A list given as an array (multi-options) or as comma-separated text; empty means unset. */
	const list = (key: string): string[] | undefined => {
		const value = fields[key];
		if (value === undefined || value === null) return undefined;
		const entries = Array.isArray(value) ? value : String(value).split(',');
		const values = entries.map((entry) => String(entry).trim()).filter((entry) => entry !== '');
		return values.length > 0 ? values : undefined;
	};

	return {
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

export function isDataObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
