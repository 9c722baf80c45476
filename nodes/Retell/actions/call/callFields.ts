import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { toRetellText } from '../../../shared/dataObject';
import { getRows, getString, rowString } from '../../../shared/parameters';
import { parseJsonObject } from '../../../shared/validation';
import { agentLocator, optionalLocator } from '../../../shared/retell/fields';

/** Fields every way of starting a call shares: Create Phone Call, Create Web Call, Batch Call tasks. */

export const overrideAgentLocator: INodeProperties = {
	...optionalLocator(agentLocator),
	displayName: 'Override Agent',
	name: 'overrideAgentId',
	description:
		'Agent that handles this call instead of the outbound agent bound to the From Number. Leave empty to use the bound agent.',
};

/** The version of the agent a web or registered call runs: a number or a tag; empty means the latest version. */
export const agentVersionOption: INodeProperties = {
	displayName: 'Agent Version',
	name: 'agentVersion',
	type: 'string',
	default: '',
	placeholder: '3',
	description: 'Version of the agent to use, or a tag such as latest_published; empty means its latest version',
};

/** The version of the Override Agent (or of the number's agent) for one call. */
export const overrideAgentVersionOption: INodeProperties = {
	displayName: 'Override Agent Version',
	name: 'overrideAgentVersion',
	type: 'string',
	default: '',
	placeholder: '3',
	description: 'Version of the agent for this call, or a tag such as latest_published; empty means the version bound to the From Number',
};

/** A list of name/value rows (dynamic variables, metadata, SIP headers): `<name>.<row>[]` of `{ name, value }`. */
function nameValueRows(options: {
	displayName: string;
	name: string;
	row: string;
	namePlaceholder: string;
	nameDescription?: string;
	description?: string;
}): INodeProperties {
	const row = options.row.charAt(0).toUpperCase() + options.row.slice(1);
	return {
		displayName: options.displayName,
		name: options.name,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: `Add ${row}`,
		default: {},
		...(options.description ? { description: options.description } : {}),
		options: [
			{
				displayName: row,
				name: options.row,
				values: [
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: options.namePlaceholder,
						...(options.nameDescription ? { description: options.nameDescription } : {}),
					},
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	};
}

export const dynamicVariablesProperties: INodeProperties[] = [
	{
		displayName: 'Dynamic Variables',
		name: 'dynamicVariablesInput',
		type: 'options',
		options: [
			{
				name: 'Key/Value Pairs',
				value: 'keyValue',
				description: 'One row per variable',
			},
			{
				name: 'JSON',
				value: 'json',
				description: 'One JSON object, e.g. from an expression',
			},
		],
		default: 'keyValue',
		description:
			'Values for the {{variables}} in the agent\'s prompt and tools. Retell only takes text, so numbers, booleans and objects are sent as text.',
	},
	{
		...nameValueRows({
			displayName: 'Variables',
			name: 'dynamicVariables',
			row: 'variable',
			namePlaceholder: 'customer_name',
			nameDescription: 'Name as written in the prompt, without the braces',
		}),
		displayOptions: { show: { dynamicVariablesInput: ['keyValue'] } },
	},
	{
		displayName: 'Variables (JSON)',
		name: 'dynamicVariablesJson',
		type: 'json',
		default: '{}',
		displayOptions: { show: { dynamicVariablesInput: ['json'] } },
		description: 'An object of variable names to values, e.g. {"customer_name": "Ada", "balance": 42}',
	},
];

/**
 * Metadata as options of a collection: key/value rows, or one JSON object (e.g. from an expression), or both
 * (the JSON wins on a shared key). Retell stores it with the call and never reads it.
 */
export const metadataOptions: INodeProperties[] = [
	nameValueRows({
		displayName: 'Metadata',
		name: 'metadata',
		row: 'field',
		namePlaceholder: 'crm_id',
		description:
			'Your own data stored with the call and returned in webhooks and Get Call, e.g. crm_id. Retell does not use it. At most 50 kB.',
	}),
	{
		displayName: 'Metadata (JSON)',
		name: 'metadataJson',
		type: 'json',
		default: '{}',
		description: 'The same as one JSON object, e.g. {"crm_id": "42", "tags": ["vip"]}. Wins over Metadata on a shared name.',
	},
];

function toStringMap(
	context: IExecuteFunctions,
	entries: Array<[string, unknown]>,
	field: string,
	itemIndex: number,
): Record<string, string> | undefined {
	const map: Record<string, string> = {};
	for (const [name, value] of entries) {
		if (name === '') {
			if (toRetellText(value) === '') continue;
			throw new NodeOperationError(context.getNode(), `${field}: a row has a value but no name`, { itemIndex });
		}
		map[name] = toRetellText(value);
	}
	return Object.keys(map).length > 0 ? map : undefined;
}

export function readDynamicVariables(
	context: IExecuteFunctions,
	itemIndex: number,
): Record<string, string> | undefined {
	const field = 'Dynamic Variables';
	if (getString(context, 'dynamicVariablesInput', itemIndex) === 'json') {
		const json = parseJsonObject(
			context.getNode(),
			context.getNodeParameter('dynamicVariablesJson', itemIndex, ''),
			`${field} (JSON)`,
			itemIndex,
		);
		return toStringMap(context, Object.entries(json ?? {}), field, itemIndex);
	}
	const rows = getRows(context, 'dynamicVariables.variable', itemIndex);
	return toStringMap(
		context,
		rows.map((row) => [rowString(row, 'name'), row.value]),
		field,
		itemIndex,
	);
}

/**
 * The Metadata and Metadata (JSON) options of `collection`. An empty result is "no metadata": sending `{}`
 * would overwrite nothing useful and clutter the call.
 */
export function readMetadata(context: IExecuteFunctions, collection: string, itemIndex: number): IDataObject | undefined {
	const metadata: IDataObject = {};
	for (const row of getRows(context, `${collection}.metadata.field`, itemIndex)) {
		const name = rowString(row, 'name');
		if (name !== '') metadata[name] = row.value;
		else if (rowString(row, 'value') !== '') {
			throw new NodeOperationError(context.getNode(), 'Metadata: a row has a value but no name', { itemIndex });
		}
	}
	const json = parseJsonObject(
		context.getNode(),
		context.getNodeParameter(`${collection}.metadataJson`, itemIndex, ''),
		'Metadata (JSON)',
		itemIndex,
	);
	Object.assign(metadata, json);
	return Object.keys(metadata).length > 0 ? metadata : undefined;
}

/** Dynamic Variables and the Metadata options of `collection`, as the body fields of every endpoint that starts a call. */
export function readCallData(context: IExecuteFunctions, itemIndex: number, collection: string) {
	return {
		retell_llm_dynamic_variables: readDynamicVariables(context, itemIndex),
		metadata: readMetadata(context, collection, itemIndex),
	};
}

export const customSipHeadersProperty = nameValueRows({
	displayName: 'Custom SIP Headers',
	name: 'customSipHeaders',
	row: 'header',
	namePlaceholder: 'X-Campaign-ID',
	description: 'SIP headers added to the outbound call, e.g. X-Campaign-ID',
});

export function readCustomSipHeaders(
	context: IExecuteFunctions,
	name: string,
	itemIndex: number,
): Record<string, string> | undefined {
	const rows = getRows(context, name, itemIndex);
	return toStringMap(
		context,
		rows.map((row) => [rowString(row, 'name'), row.value]),
		'Custom SIP Headers',
		itemIndex,
	);
}

