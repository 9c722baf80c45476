import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { getRows, rowString } from '../../../shared/parameters';
import { omitBlank } from '../../../shared/validation';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import type { CallUpdateParams } from '../../../shared/retell/transport/types';
import { callIdProperty, readCallId } from '../../../shared/retell/fields';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';
import { readUpdate } from '../updateFields';

const DATA_STORAGE_SETTINGS = ['everything', 'everything_except_pii', 'basic_attributes_only'] as const;

const properties: INodeProperties[] = [
	callIdProperty,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Custom Attributes',
				name: 'customAttributes',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				placeholder: 'Add Attribute',
				default: {},
				description:
					'Values of custom attributes defined in the Retell dashboard (Call History → Custom attributes); unknown keys are ignored by Retell',
				options: [
					{
						displayName: 'Attribute',
						name: 'attribute',
						values: [
							{ displayName: 'Attribute ID', name: 'key', type: 'string', default: '' },
							{ displayName: 'Value', name: 'value', type: 'string', default: '' },
						],
					},
				],
			},
			{
				displayName: 'Data Storage Setting',
				name: 'dataStorageSetting',
				type: 'options',
				options: [
					{
						name: 'Basic Attributes Only',
						value: 'basic_attributes_only',
						description: 'Keep only metadata; drop transcript and recording',
					},
					{ name: 'Everything', value: 'everything' },
					{
						name: 'Everything Except PII',
						value: 'everything_except_pii',
						description: 'Remove personal data where possible',
					},
				],
				default: 'everything',
				description: 'What Retell keeps of this call. It can only become more restrictive, never less.',
			},
			{
				displayName: 'Metadata (JSON)',
				name: 'metadata',
				type: 'json',
				default: '{}',
				description: 'Replaces the call\'s metadata, e.g. {"crm_id": "42", "outcome": "booked"}. At most 50 kB.',
			},
		],
	},
];

/**
 * Update Call only changes ended calls since 2026-08-31; a live call needs update-live-call
 * (https://docs.retellai.com/deprecation-notice).
 */
async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const callId = readCallId(this, itemIndex);
	const body: CallUpdateParams = readUpdate(this, itemIndex, {
		read: (fields) => {
			const customAttributes = Object.fromEntries(
				getRows(this, 'updateFields.customAttributes.attribute', itemIndex)
					.map((row) => [rowString(row, 'key'), rowString(row, 'value')])
					.filter(([key]) => key !== ''),
			);
			return omitBlank({
				metadata: fields.jsonObject('metadata', 'Metadata (JSON)'),
				data_storage_setting: fields.option('dataStorageSetting', DATA_STORAGE_SETTINGS, 'Data Storage Setting'),
				custom_attributes: Object.keys(customAttributes).length > 0 ? customAttributes : undefined,
			});
		},
		nothing: { message: 'Nothing to update: add at least one field under Update Fields' },
	});

	const call = await retellRequest(this, client, async (retell) => await retell.call.update(callId, body), {
		kind: 'write',
		itemIndex,
		resourceLabel: 'Call',
	});
	return toDataObject(call);
}

export const operation = retellOperation({
	resource: 'call',
	operation: 'update',
	option: {
		name: 'Update',
		description: 'Change the metadata, data storage setting or custom attributes of an ended call',
		action: 'Update a call',
	},
	docsUrl: apiReference('update-call'),
	properties,
	execute,
});
