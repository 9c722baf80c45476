import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { getRows, rowString } from '../../../shared/parameters';
import { apiReference } from '../../../shared/retell/docs';
import { chatIdProperty, readChatId } from '../../../shared/retell/fields';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { omitBlank } from '../../../shared/validation';
import { retellOperation } from '../node.type';
import { readUpdate } from '../updateFields';
import type { ChatUpdateParams } from './chatFields';

const DATA_STORAGE_SETTINGS = ['everything', 'basic_attributes_only'] as const;

const properties: INodeProperties[] = [
	chatIdProperty,
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
					'Values of custom attributes defined in the Retell dashboard (Chat History → Actions → Custom attributes); unknown keys are ignored by Retell',
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
						description: 'Keep only metadata; drop the messages and transcript',
					},
					{ name: 'Everything', value: 'everything' },
				],
				default: 'everything',
				description: 'What Retell keeps of this chat. It can only become more restrictive, never less.',
			},
			{
				displayName: 'Metadata (JSON)',
				name: 'metadata',
				type: 'json',
				default: '{}',
				description: 'Replaces the chat\'s metadata, e.g. {"crm_id": "42", "outcome": "booked"}. At most 50 kB.',
			},
		],
	},
];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const chatId = readChatId(this, itemIndex);
	const body: ChatUpdateParams = readUpdate(this, itemIndex, {
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

	const chat = await retellRequest(this, client, async (retell) => await retell.chat.update(chatId, body), {
		kind: 'write',
		itemIndex,
		resourceLabel: 'Chat',
	});
	return toDataObject(chat);
}

export const operation = retellOperation({
	resource: 'chat',
	operation: 'update',
	option: {
		name: 'Update',
		description: 'Change the metadata, data storage setting or custom attributes of a chat',
		action: 'Update a chat',
	},
	docsUrl: apiReference('update-chat'),
	properties,
	execute,
});
