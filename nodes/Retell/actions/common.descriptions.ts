import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { type FieldReader, fieldReader, getBoolean, getCollection } from '../../shared/parameters';
import { docsLink, docsUrlOf } from './apiReference';
import type { RetellMap } from './node.type';

export { limitProperty, returnAllProperty } from '../../shared/getManyProperties';

export const DEFAULT_CONCURRENCY = 10;

/**
 * One resource locator per Retell object kind: pick from a searchable list or paste an ID. The ID
 * pattern only refuses what cannot be an ID (spaces, slashes of a pasted URL): Retell's API reference
 * shows IDs both with and without prefixes like `agent_`, so a stricter check would block real IDs.
 */
const ID_PATTERN = '^[A-Za-z0-9_-]+$';

function idValidation(kind: string, regex: string) {
	return [{ type: 'regex' as const, properties: { regex, errorMessage: `Not a valid ${kind} ID` } }];
}

function locator(
	kind: string,
	name: string,
	searchListMethod: string,
	idPattern: string,
	placeholder: string,
): INodeProperties {
	return {
		displayName: kind,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod, searchable: true },
			},
			{
				displayName: 'ID',
				name: 'id',
				type: 'string',
				placeholder,
				validation: idValidation(kind, idPattern),
			},
		],
	};
}

/**
 * The same locator for a field that may stay empty. n8n checks the ID pattern against an empty value
 * too, so the pattern has to accept "".
 */
export function optionalLocator(property: INodeProperties): INodeProperties {
	return {
		...property,
		required: false,
		modes: property.modes?.map((mode) => {
			const rule = mode.validation?.find((validation) => typeof validation === 'object' && validation.type === 'regex');
			const properties = typeof rule === 'object' && 'properties' in rule ? rule.properties : {};
			const pattern = 'regex' in properties ? String(properties.regex) : '';
			if (mode.name !== 'id' || !pattern) return mode;
			return { ...mode, validation: idValidation(property.displayName, `^(?:${pattern.replace(/^\^|\$$/g, '')})?$`) };
		}),
	};
}

export const agentLocator = locator('Agent', 'agentId', 'searchAgents', ID_PATTERN, 'agent_a1b2c3…');
export const llmLocator = locator('LLM', 'llmId', 'searchLlms', ID_PATTERN, 'llm_a1b2c3…');
export const voiceLocator = locator('Voice', 'voiceId', 'searchVoices', '^\\S+$', '11labs-Jenny');
export const knowledgeBaseLocator = locator(
	'Knowledge Base',
	'knowledgeBaseId',
	'searchKnowledgeBases',
	ID_PATTERN,
	'knowledge_base_a1b2c3…',
);
/** E.164 for numbers bought from Retell; imported SIP numbers may be pseudo numbers (Import skips E.164 by default). */
export const phoneNumberLocator = locator('Phone Number', 'phoneNumber', 'searchPhoneNumbers', '^[^\\s/]+$', '+14155550100');


/** How many items a Get Many returns: the Limit, or undefined for Return All. */
export function readLimit(context: IExecuteFunctions, itemIndex: number): number | undefined {
	return getBoolean(context, 'returnAll', itemIndex) ? undefined : context.getNodeParameter('limit', itemIndex, 50);
}

const SORT_ORDERS = ['ascending', 'descending'] as const;

/** An option of Get Many's Options collection, for the list endpoints that take `sort_order`. */
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

/** `sort_order` for the list request; nothing when the option is not added, so Retell's default applies. */
export function readSortOrder(context: IExecuteFunctions, itemIndex: number) {
	const options = fieldReader(context.getNode(), itemIndex, getCollection(context, 'options', itemIndex));
	const sortOrder = options.option('sortOrder', SORT_ORDERS, 'Sort Order');
	return sortOrder ? { sort_order: sortOrder } : {};
}

/**
 * The escape hatch for Retell fields the node has no input for, an option of the operation's Options (or
 * Additional Fields). It is merged last, so it also overrides any field set above; `null` values go through
 * (Retell uses them to clear a setting).
 */
export function additionalJsonOption<R extends keyof RetellMap>(resource: R, operation: RetellMap[R]): INodeProperties {
	return {
		displayName: 'Additional Fields (JSON)',
		name: 'additionalFieldsJson',
		type: 'json',
		default: '{}',
		description: `Any other fields as a JSON object, named in snake_case as in ${docsLink(docsUrlOf(resource, operation), "Retell's API reference")}. Merged last, so it overrides the fields above.`,
	};
}

/** A collection's options with Additional Fields (JSON) among them, in alphabetical order as n8n lists them. */
export function withJsonOption<R extends keyof RetellMap>(
	options: INodeProperties[],
	resource: R,
	operation: RetellMap[R],
): INodeProperties[] {
	return [...options, additionalJsonOption(resource, operation)].sort((a, b) =>
		a.displayName.localeCompare(b.displayName),
	);
}

/** The Additional Fields (JSON) option, read from the collection the operation already reads. */
export function readAdditionalJson(fields: FieldReader): IDataObject | undefined {
	return fields.jsonObject('additionalFieldsJson', 'Additional Fields (JSON)');
}

/**
 * How many items run against Retell at once: an option of every operation that calls Retell item by item
 * (actions/index.ts adds it to the operation's Options or Additional Fields).
 */
export const concurrencyOption: INodeProperties = {
	displayName: 'Concurrency',
	name: 'concurrency',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 100 },
	default: DEFAULT_CONCURRENCY,
	description:
		'How many items are sent to Retell at the same time. Keep it at or below the account\'s concurrent-call limit when placing calls; rate-limited requests are retried.',
};
