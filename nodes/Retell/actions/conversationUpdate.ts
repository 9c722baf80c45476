import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { getRows, rowString } from '../../shared/parameters';
import { omitBlank } from '../../shared/validation';
import { readUpdate } from './updateFields';

/**
 * Update Call and Update Chat change the same three things of a conversation that happened (retell-sdk 5.66.1
 * `CallUpdateParams`, `ChatUpdateParams`): metadata, custom attributes and the data storage setting.
 */
interface Conversation<Setting extends string> {
	/** "call" or "chat". */
	noun: string;
	/** Where the dashboard defines custom attributes. */
	attributesPlace: string;
	storageSettings: readonly Setting[];
	storageOptions: INodePropertyOptions[];
}

export const CALL_UPDATE: Conversation<'everything' | 'everything_except_pii' | 'basic_attributes_only'> = {
	noun: 'call',
	attributesPlace: 'Call History → Custom attributes',
	storageSettings: ['everything', 'everything_except_pii', 'basic_attributes_only'],
	storageOptions: [
		{ name: 'Basic Attributes Only', value: 'basic_attributes_only', description: 'Keep only metadata; drop transcript and recording' },
		{ name: 'Everything', value: 'everything' },
		{ name: 'Everything Except PII', value: 'everything_except_pii', description: 'Remove personal data where possible' },
	],
};

export const CHAT_UPDATE: Conversation<'everything' | 'basic_attributes_only'> = {
	noun: 'chat',
	attributesPlace: 'Chat History → Actions → Custom attributes',
	storageSettings: ['everything', 'basic_attributes_only'],
	storageOptions: [
		{ name: 'Basic Attributes Only', value: 'basic_attributes_only', description: 'Keep only metadata; drop the messages and transcript' },
		{ name: 'Everything', value: 'everything' },
	],
};

export function conversationUpdateFields<Setting extends string>(conversation: Conversation<Setting>): INodeProperties {
	return {
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
				description: `Values of custom attributes defined in the Retell dashboard (${conversation.attributesPlace}); unknown keys are ignored by Retell`,
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
				options: conversation.storageOptions,
				default: 'everything',
				description: `What Retell keeps of this ${conversation.noun}. It can only become more restrictive, never less.`,
			},
			{
				displayName: 'Metadata (JSON)',
				name: 'metadata',
				type: 'json',
				default: '{}',
				description: `Replaces the ${conversation.noun}'s metadata, e.g. {"crm_id": "42", "outcome": "booked"}. At most 50 kB.`,
			},
		],
	};
}

export function readConversationUpdate<Setting extends string>(
	context: IExecuteFunctions,
	itemIndex: number,
	conversation: Conversation<Setting>,
): { metadata?: IDataObject; data_storage_setting?: Setting; custom_attributes?: Record<string, string> } {
	return readUpdate(context, itemIndex, {
		read: (fields) => {
			const customAttributes = Object.fromEntries(
				getRows(context, 'updateFields.customAttributes.attribute', itemIndex)
					.map((row) => [rowString(row, 'key'), rowString(row, 'value')])
					.filter(([key]) => key !== ''),
			);
			return omitBlank({
				metadata: fields.jsonObject('metadata', 'Metadata (JSON)'),
				data_storage_setting: fields.option('dataStorageSetting', conversation.storageSettings, 'Data Storage Setting'),
				custom_attributes: Object.keys(customAttributes).length > 0 ? customAttributes : undefined,
			});
		},
		nothing: { message: 'Nothing to update: add at least one field under Update Fields' },
	});
}
