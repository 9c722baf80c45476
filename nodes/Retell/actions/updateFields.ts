import type { IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { type FieldReader, fieldReader, getCollection } from '../../shared/parameters';
import { omitBlank } from '../../shared/validation';
import { versionOption } from './common.descriptions';

/** A setting Retell removes when it is sent as null (the SDK types it `| null`). */
export interface ClearableField {
	/** As the field is labelled in the panel. */
	name: string;
	/** Retell's field. */
	value: string;
}

/**
 * "Clear Fields" of an Update: empty fields are never sent (they mean "leave as it is"), so removing a setting,
 * such as an agent's webhook URL, needs saying explicitly.
 */
export function clearFieldsOption(fields: ClearableField[], what: string): INodeProperties {
	return {
		displayName: 'Clear Fields',
		name: 'clearFields',
		type: 'multiOptions',
		options: [...fields].sort((a, b) => a.name.localeCompare(b.name)),
		default: [],
		description: `Settings to remove from the ${what}: Retell receives null for each and falls back to its default`,
	};
}

/** The changes plus `null` for every cleared field; a field that is both set and cleared is an error. */
function withClearedFields<T extends object>(
	node: INode,
	itemIndex: number,
	changes: T,
	fields: FieldReader,
	clearable: ClearableField[],
): T {
	const cleared = fields.options('clearFields', clearable.map((field) => field.value), 'Clear Fields') ?? [];
	const setAndCleared = clearable.filter(
		(field) => cleared.includes(field.value) && (changes as Record<string, unknown>)[field.value] !== undefined,
	);
	if (setAndCleared.length > 0) {
		throw new NodeOperationError(node, `${setAndCleared.map((field) => field.name).join(', ')}: both set and cleared`, {
			itemIndex,
			description: 'Remove the field from Update Fields, or from Clear Fields.',
		});
	}
	return { ...changes, ...Object.fromEntries(cleared.map((field) => [field, null])) };
}

export interface UpdateSpec<T> {
	/** The changes, read from the Update Fields collection. */
	read(fields: FieldReader): T;
	/** The fields Clear Fields offers, when the Update has it. */
	clearable?: ClearableField[];
	/** The error for an Update that changes nothing; by default "Nothing to update" and where to add a field. */
	nothing?: { message: string; description?: string };
}

const NOTHING_TO_UPDATE = {
	message: 'Nothing to update',
	description: 'Add at least one field under Update Fields (or Clear Fields, or Additional Fields (JSON)).',
};

/** The Options of an Update of a versioned object (agent, chat agent, LLM, flow): which draft version it changes. */
export const versionUpdateOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [{ ...versionOption, description: 'The draft version to change. By default Retell changes the latest draft.' }],
};

/** The body of an Update, null for each cleared field; one that changes nothing is refused before any request. */
export function readUpdate<T extends object>(context: IExecuteFunctions, itemIndex: number, spec: UpdateSpec<T>): T {
	const node = context.getNode();
	const fields = fieldReader(node, itemIndex, getCollection(context, 'updateFields', itemIndex));
	const changes = spec.read(fields);
	const body = spec.clearable ? withClearedFields(node, itemIndex, changes, fields, spec.clearable) : changes;
	if (Object.keys(body).length === 0) {
		const { message, description } = spec.nothing ?? NOTHING_TO_UPDATE;
		throw new NodeOperationError(node, message, description ? { itemIndex, description } : { itemIndex });
	}
	return body;
}

/** The Version option of an Update of an agent or LLM; without it Retell changes the latest draft. */
export function readVersion(context: IExecuteFunctions, itemIndex: number): { version?: number } {
	const options = fieldReader(context.getNode(), itemIndex, getCollection(context, 'options', itemIndex));
	return omitBlank({ version: options.number('version', 'Version') });
}
