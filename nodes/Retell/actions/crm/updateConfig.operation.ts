import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { getRows, rowString } from '../../../shared/parameters';
import { apiReference } from '../../../shared/retell/docs';
import { appLocator, optionalLocator } from '../../../shared/retell/fields';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { omitBlank } from '../../../shared/validation';
import { readAdditionalJson, withJsonOption } from '../common.descriptions';
import { retellOperation } from '../node.type';
import { type ClearableField, clearFieldsOption, readUpdate } from '../updateFields';
import type { CrmAnalysisDataMapping, CrmCustomField, CrmUpdateConfigParams } from './types';

const DOCS_URL = apiReference('update-crm-config');

const FIELD_TYPES: Record<CrmCustomField['type'], string> = {
	boolean: 'Boolean',
	date: 'Date',
	datetime: 'Date and Time',
	enum: 'Enum',
	number: 'Number',
	string: 'String',
};
const UPDATE_MODES: Record<CrmAnalysisDataMapping['update_mode'], string> = {
	fill_if_empty: 'Fill If Empty',
	merge: 'Merge',
	overwrite: 'Overwrite',
};

/** `app_id: null` unlinks the CRM and stops syncing (SDK 5.66.1 `CRMUpdateConfigParams.app_id`). */
const CLEARABLE: ClearableField[] = [{ name: 'Linked CRM App (Stops Syncing)', value: 'app_id' }];

const settingFields: INodeProperties[] = [
	{
		displayName: 'Analysis Data Mappings',
		name: 'analysisDataMappings',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Mapping',
		default: {},
		description:
			"Which post-call analysis value is written to which contact field after each conversation. Replaces every stored mapping: list all of them.",
		options: [
			{
				displayName: 'Mapping',
				name: 'mapping',
				values: [
					{
						displayName: 'Analysis Data Name',
						name: 'analysisDataName',
						type: 'string',
						default: '',
						placeholder: 'appointment_date',
						description: "The name of a post-call analysis field of the agent; a value of the wrong type is skipped",
					},
					{
						displayName: 'Contact Field',
						name: 'fieldName',
						type: 'string',
						default: '',
						placeholder: 'next_appointment',
						description: 'A built-in or custom contact field to write to; not phone_number, which identifies the contact',
					},
					{
						displayName: 'Update Mode',
						name: 'updateMode',
						type: 'options',
						options: [
							{ name: UPDATE_MODES.fill_if_empty, value: 'fill_if_empty', description: 'Write only when the field is empty' },
							{ name: UPDATE_MODES.merge, value: 'merge', description: 'Combine with the existing text (text fields only)' },
							{ name: UPDATE_MODES.overwrite, value: 'overwrite', description: 'Always replace the value' },
						],
						default: 'overwrite',
					},
				],
			},
		],
	},
	{
		...optionalLocator(appLocator),
		displayName: 'CRM App',
		description:
			'The CRM app (App → Create or Get Many, type CRM) to sync contacts with. Changing it makes the next sync re-read every contact from the new CRM.',
	},
	{
		displayName: 'Contact Columns Order',
		name: 'contactColumnsOrder',
		type: 'string',
		default: '',
		placeholder: 'first_name, last_name, phone_number',
		description: "Comma-separated contact fields in the order tables show them (Retell's dashboard); the API ignores it",
	},
	{
		displayName: 'Custom Fields',
		name: 'customFields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Custom Field',
		default: {},
		description:
			"The contact fields the account adds to the built-in ones. Replaces every stored custom field: list all of them (CRM → Get Config shows the current ones).",
		options: [
			{
				displayName: 'Custom Field',
				name: 'field',
				values: [
					{
						displayName: 'Description',
						name: 'description',
						type: 'string',
						default: '',
					},
					{
						displayName: 'Label',
						name: 'label',
						type: 'string',
						default: '',
						description: 'The display label',
					},
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: 'next_appointment',
						description: 'In snake_case; not a built-in field name, and not starting with contact or external',
					},
					{
						displayName: 'Options',
						name: 'options',
						type: 'string',
						default: '',
						placeholder: 'new, qualified, customer',
						description: 'Comma-separated allowed values; required for the Enum type, ignored for the others',
					},
					{
						displayName: 'Type',
						name: 'type',
						type: 'options',
						options: Object.entries(FIELD_TYPES)
							.map(([value, name]) => ({ name, value }))
							.sort((a, b) => a.name.localeCompare(b.name)),
						default: 'string',
					},
				],
			},
		],
	},
];

const properties: INodeProperties[] = [
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Only the settings added here change; a setting that is added replaces its stored value in full',
		options: withJsonOption([...settingFields, clearFieldsOption(CLEARABLE, 'CRM configuration')], DOCS_URL),
	},
];

function commaList(text: string): string[] {
	return text
		.split(',')
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '');
}

/** Names "must be snake_case and cannot collide with a built-in contact field or start with contact/external" (SDK). */
const CUSTOM_FIELD_NAME = /^(?!contact|external)[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;

function readCustomFields(context: IExecuteFunctions, itemIndex: number): CrmCustomField[] | undefined {
	const invalid = (message: string, description: string) => new NodeOperationError(context.getNode(), message, { itemIndex, description });
	const fields = getRows(context, 'updateFields.customFields.field', itemIndex).map((row): CrmCustomField => {
		const name = rowString(row, 'name');
		const type = rowString(row, 'type');
		if (!CUSTOM_FIELD_NAME.test(name)) {
			throw invalid(`Custom field name "${name}" is not allowed`, 'Use snake_case, like next_appointment, not starting with contact or external.');
		}
		if (!Object.hasOwn(FIELD_TYPES, type)) throw invalid(`Custom field ${name} has no valid type`, `Got "${type}".`);
		const options = commaList(rowString(row, 'options'));
		if (type === 'enum' && options.length === 0) {
			throw invalid(`Custom field ${name} is an Enum without options`, 'List its allowed values under Options, comma-separated.');
		}
		return {
			name,
			type: type as CrmCustomField['type'],
			...omitBlank({ label: rowString(row, 'label'), description: rowString(row, 'description') }),
			...(type === 'enum' ? { options } : {}),
		};
	});
	return fields.length > 0 ? fields : undefined;
}

function readAnalysisDataMappings(context: IExecuteFunctions, itemIndex: number): CrmAnalysisDataMapping[] | undefined {
	const mappings = getRows(context, 'updateFields.analysisDataMappings.mapping', itemIndex).map((row): CrmAnalysisDataMapping => {
		const analysisDataName = rowString(row, 'analysisDataName');
		const fieldName = rowString(row, 'fieldName');
		const updateMode = rowString(row, 'updateMode');
		if (analysisDataName === '' || fieldName === '') {
			throw new NodeOperationError(context.getNode(), 'Every analysis data mapping needs an Analysis Data Name and a Contact Field', {
				itemIndex,
			});
		}
		if (fieldName === 'phone_number') {
			throw new NodeOperationError(context.getNode(), 'An analysis data mapping cannot write phone_number', {
				itemIndex,
				description: 'The phone number identifies the contact; map the value to another field.',
			});
		}
		if (!Object.hasOwn(UPDATE_MODES, updateMode)) {
			throw new NodeOperationError(context.getNode(), `The mapping of ${analysisDataName} has no valid update mode`, {
				itemIndex,
				description: `Got "${updateMode}".`,
			});
		}
		return { analysis_data_name: analysisDataName, field_name: fieldName, update_mode: updateMode as CrmAnalysisDataMapping['update_mode'] };
	});
	return mappings.length > 0 ? mappings : undefined;
}

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const body: CrmUpdateConfigParams = readUpdate(this, itemIndex, {
		read: (fields) => ({
			...omitBlank({
				app_id: fields.resourceId('appId'),
				custom_fields: readCustomFields(this, itemIndex),
				crm_analysis_data_mappings: readAnalysisDataMappings(this, itemIndex),
				contact_columns_order: fields.list('contactColumnsOrder'),
			}),
			...readAdditionalJson(fields),
		}),
		clearable: CLEARABLE,
		nothing: {
			message: 'Nothing to update',
			description: 'Add at least one setting under Update Fields (or Clear Fields, or Additional Fields (JSON)).',
		},
	});
	const config = await retellRequest(this, client, async (retell) => await retell.crm.updateConfig(body), { kind: 'write', itemIndex });
	return toDataObject(config);
}

export const operation = retellOperation({
	resource: 'crm',
	operation: 'updateConfig',
	option: {
		name: 'Update Config',
		description:
			"Change the account's CRM configuration: the linked CRM app, custom contact fields, or which post-call analysis values are written to contacts",
		action: 'Update the CRM configuration',
	},
	docsUrl: DOCS_URL,
	properties,
	execute,
});
