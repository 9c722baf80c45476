import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { fieldReader, getCollection, getRows, getString, rowString } from '../../../shared/parameters';
import { apiReference } from '../../../shared/retell/docs';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { binaryUpload } from '../../../shared/retell/uploads';
import { assertPresent, omitBlank } from '../../../shared/validation';
import { retellOperation } from '../node.type';
import type { ContactCreateImportParams } from './contactFields';

type ColumnMapping = ContactCreateImportParams['column_mapping'][number];

const properties: INodeProperties[] = [
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		hint: 'The name of the input binary field holding the CSV file',
		description: 'A CSV file with a header row, e.g. from Read/Write Files from Disk, an HTTP Request or Convert to File',
	},
	{
		displayName: 'Phone Number Column',
		name: 'phoneNumberColumn',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Phone',
		description:
			'The CSV header of the column holding the phone numbers. Rows whose number matches a contact update it; the others create contacts.',
	},
	{
		displayName: 'Other Columns',
		name: 'columns',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Column',
		default: {},
		description: 'Further CSV columns to import; their values overwrite the matched contact\'s. Columns not listed are ignored.',
		options: [
			{
				displayName: 'Column',
				name: 'column',
				values: [
					{ displayName: 'CSV Column', name: 'csvColumn', type: 'string', default: '', placeholder: 'First Name' },
					{
						displayName: 'Contact Field',
						name: 'contactField',
						type: 'string',
						default: '',
						placeholder: 'first_name',
						description: 'A field of the contact: first_name, last_name, do_not_call, or the name of a custom contact field (CRM → Get Config)',
					},
				],
			},
		],
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Default Country',
				name: 'defaultCountry',
				type: 'string',
				default: '',
				placeholder: 'US',
				description:
					'Two-letter country code (ISO 3166-1) for numbers written without a country code. Retell assumes US when it is empty.',
			},
			{
				displayName: 'Tags',
				name: 'tags',
				type: 'string',
				default: '',
				placeholder: 'imported, spring-campaign',
				description: 'Comma-separated tags added to every imported contact; their other tags stay',
			},
		],
	},
];

/** "Exactly one mapping must target phone_number" (SDK 5.66.1 ContactCreateImportParams.column_mapping). */
function readColumnMapping(context: IExecuteFunctions, itemIndex: number): ColumnMapping[] {
	const node = context.getNode();
	const phoneColumn = assertPresent(node, getString(context, 'phoneNumberColumn', itemIndex), 'Phone Number Column', itemIndex);
	const others = getRows(context, 'columns.column', itemIndex)
		.map((row) => ({ external_field_name: rowString(row, 'csvColumn'), field_name: rowString(row, 'contactField') }))
		.filter((mapping) => mapping.external_field_name !== '' || mapping.field_name !== '');
	for (const mapping of others) {
		if (mapping.external_field_name === '' || mapping.field_name === '') {
			throw new NodeOperationError(node, 'Each of Other Columns needs both a CSV Column and a Contact Field', {
				itemIndex,
				description: `Got CSV Column "${mapping.external_field_name}" and Contact Field "${mapping.field_name}".`,
			});
		}
		if (mapping.field_name === 'phone_number') {
			throw new NodeOperationError(node, 'The phone number column goes in Phone Number Column, not in Other Columns', {
				itemIndex,
				description: `Remove the row for CSV column "${mapping.external_field_name}".`,
			});
		}
	}
	return [{ external_field_name: phoneColumn, field_name: 'phone_number' }, ...others];
}

function readDefaultCountry(context: IExecuteFunctions, additional: IDataObject, itemIndex: number): string | undefined {
	const country = fieldReader(context.getNode(), itemIndex, additional).string('defaultCountry', 'Default Country')?.trim();
	if (country === undefined || /^[A-Za-z]{2}$/.test(country)) return country?.toUpperCase();
	throw new NodeOperationError(context.getNode(), 'Default Country must be a two-letter country code, like US or GB', {
		itemIndex,
		description: `Got "${country}".`,
	});
}

/**
 * Upload the CSV, then start the import that reads it (SDK 5.66.1 contact.uploadImportFile, contact.createImport).
 * The import runs on at Retell: Get Import Status follows it.
 */
async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const node = this.getNode();
	const additional = getCollection(this, 'additionalFields', itemIndex);
	const columnMapping = readColumnMapping(this, itemIndex);
	const defaultCountry = readDefaultCountry(this, additional, itemIndex);
	const tags = fieldReader(node, itemIndex, additional).list('tags');
	const propertyName = assertPresent(node, getString(this, 'binaryPropertyName', itemIndex), 'Input Binary Field', itemIndex);
	const file = await binaryUpload(this, itemIndex, propertyName);

	// A repeated upload only stores another private copy, so it may be sent again like any write.
	const upload = await retellRequest(this, client, async (retell) => await retell.contact.uploadImportFile({ file }), {
		kind: 'write',
		itemIndex,
	});
	if (!upload.upload_id) {
		throw new NodeOperationError(node, 'Retell accepted the CSV file but returned no upload_id', { itemIndex });
	}
	const body: ContactCreateImportParams = omitBlank({
		upload_id: upload.upload_id,
		column_mapping: columnMapping,
		default_country: defaultCountry,
		tags,
	});
	const job = await retellRequest(this, client, async (retell) => await retell.contact.createImport(body), {
		kind: 'create',
		itemIndex,
	});
	return { ...toDataObject(job), ...toDataObject(upload) };
}

export const operation = retellOperation({
	resource: 'contact',
	operation: 'import',
	option: {
		name: 'Import',
		description:
			'Create and update contacts from a CSV file in the input item, matched by phone number; runs on at Retell, follow it with Get Import Status',
		action: 'Import contacts from a CSV file',
	},
	docsUrl: apiReference('create-contact-import'),
	properties,
	execute,
});
