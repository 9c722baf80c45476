import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { type FieldReader, rowString } from '../../../shared/parameters';
import { LEAD_DETAIL_KEYS, LEAD_DETAILS, type LeadDetail } from '../../../shared/leadFields';
import type { AgentCreateParams } from '../../../shared/retell/transport/types';

export type AnalysisField = NonNullable<AgentCreateParams['post_call_analysis_data']>[number];

type CustomFieldType = 'string' | 'number' | 'boolean' | 'enum';

const CUSTOM_FIELD_TYPES: Record<CustomFieldType, string> = {
	string: 'Text',
	number: 'Number',
	boolean: 'Yes or No',
	enum: 'Choice',
};

/** Custom Lead Fields and Lead Details (in n8n's alphabetical order), offered by Provision and by Create/Update's agent settings. */
export const leadAnalysisFields: INodeProperties[] = [
	{
		displayName: 'Custom Lead Fields',
		name: 'customLeadFields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Lead Field',
		default: {},
		description: "More details to extract from every call; a lead keeps them in its custom_data column",
		options: [
			{
				displayName: 'Field',
				name: 'field',
				values: [
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: 'budget',
						description: 'The key the value gets in the analysis (custom_analysis_data) and in custom_data',
					},
					{
						displayName: 'Type',
						name: 'type',
						type: 'options',
						options: Object.entries(CUSTOM_FIELD_TYPES).map(([value, name]) => ({ name, value })),
						default: 'string',
					},
					{
						displayName: 'Description',
						name: 'description',
						type: 'string',
						default: '',
						placeholder: 'The monthly budget the caller mentioned, in US dollars',
						description: "What to extract, as you would tell a person; say the format you want",
					},
					{
						displayName: 'Choices',
						name: 'choices',
						type: 'string',
						default: '',
						placeholder: 'hot, warm, cold',
						description: 'For the Choice type: the allowed values, comma-separated',
					},
				],
			},
		],
	},
	{
		displayName: 'Lead Details',
		name: 'leadDetails',
		type: 'multiOptions',
		options: LEAD_DETAIL_KEYS.map((key) => ({
			name: LEAD_DETAILS[key].label,
			value: key,
			description: `Extracted as "${LEAD_DETAILS[key].analysisName}"`,
		})),
		default: [],
		description:
			"What Retell extracts from every call for a lead (post-call analysis fields). The Retell Supabase node's Lead → Create From Call stores each in the leads column of the same meaning.",
	},
];

function isCustomFieldType(value: string): value is CustomFieldType {
	return Object.hasOwn(CUSTOM_FIELD_TYPES, value);
}

function customField(read: FieldReader, row: IDataObject): AnalysisField {
	const name = rowString(row, 'name');
	const type = rowString(row, 'type') || 'string';
	if (name === '') throw read.invalid('Custom Lead Fields → Name', 'set for every field', row);
	if (!isCustomFieldType(type)) throw read.invalid(`Custom Lead Fields → Type of "${name}"`, 'Text, Number, Yes or No or Choice', type);
	const description = rowString(row, 'description') || name.replace(/_/g, ' ');
	if (type !== 'enum') return { type, name, description };
	const choices = rowString(row, 'choices')
		.split(',')
		.map((choice) => choice.trim())
		.filter((choice) => choice !== '');
	if (choices.length === 0) {
		throw read.invalid(`Custom Lead Fields → Choices of "${name}"`, 'at least one value, comma-separated', row.choices ?? '');
	}
	return { type, name, description, choices };
}

/** The post-call analysis fields for the chosen lead details and custom lead fields, in that order. */
export function readLeadAnalysis(read: FieldReader): AnalysisField[] {
	const details = read.options('leadDetails', LEAD_DETAIL_KEYS, 'Lead Details') ?? [];
	const standard = details.map((key: LeadDetail): AnalysisField => ({
		type: 'string',
		name: LEAD_DETAILS[key].analysisName,
		description: LEAD_DETAILS[key].analysisDescription,
	}));
	const custom = read.rows('customLeadFields', 'field', 'Custom Lead Fields').map((row) => customField(read, row));
	return [...standard, ...custom];
}

/**
 * One post_call_analysis_data list from the lead fields and the JSON ones. Retell keys the analysis by name, so a
 * name given twice would silently lose one of them: it is an error instead.
 */
export function analysisFields(read: FieldReader, json: IDataObject[] | undefined): Array<AnalysisField | IDataObject> | undefined {
	const fields: Array<AnalysisField | IDataObject> = [...readLeadAnalysis(read), ...(json ?? [])];
	if (fields.length === 0) return undefined;
	const names = fields.map((field) => field.name);
	const repeated = [...new Set(names.filter((name, index) => names.indexOf(name) !== index))];
	if (repeated.length > 0) {
		throw read.invalid('Post-call analysis field names', 'unique across Lead Details, Custom Lead Fields and Post-Call Analysis Data (JSON)', repeated);
	}
	return fields;
}
