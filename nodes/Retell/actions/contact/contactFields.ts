import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { FieldReader } from '../../../shared/parameters';
import { getResourceId, getString } from '../../../shared/parameters';
import { contactLocator } from '../../../shared/retell/fields';
import type { ContactUpdateParams } from '../../../shared/retell/transport/types';
import { assertE164, omitBlank } from '../../../shared/validation';

export type {
	ContactBackfillAnalysisDataParams,
	ContactCreateImportParams,
	ContactCreateParams,
	ContactListParams,
	ContactUpdateParams,
} from '../../../shared/retell/transport/types';

/** A contact's ID, typed or mapped from Create, Get by Phone or Get Many. */
export const contactIdProperty: INodeProperties = {
	...contactLocator,
	description: 'The contact, searched by name or number, or its contact_id from Create, Get by Phone or Get Many',
};

export function readContactId(context: IExecuteFunctions, itemIndex: number): string {
	return getResourceId(context, 'contactId', itemIndex, 'Contact ID');
}

export const phoneNumberProperty: INodeProperties = {
	displayName: 'Phone Number',
	name: 'phoneNumber',
	type: 'string',
	required: true,
	default: '',
	placeholder: '+14155550100',
	description: 'The contact\'s number in E.164: "+", country code and number, no spaces',
};

export function readPhoneNumber(context: IExecuteFunctions, itemIndex: number): string {
	return assertE164(context.getNode(), getString(context, 'phoneNumber', itemIndex), 'Phone Number', itemIndex);
}

/** The fields Create and Update share, in n8n's alphabetical order; Update reads Tags as the full new set. */
export function contactFieldOptions(tagsDescription: string): INodeProperties[] {
	return [
		{
			displayName: 'Custom Fields (JSON)',
			name: 'customFields',
			type: 'json',
			default: '{}',
			description:
				'Values of the custom contact fields defined in the CRM configuration (CRM → Get Config), e.g. {"email": "ada@example.com", "score": 4}. Each value must have its field\'s type; null clears a field.',
		},
		{
			displayName: 'Do Not Call',
			name: 'doNotCall',
			type: 'boolean',
			default: false,
			description: 'Whether this contact must not be called',
		},
		{ displayName: 'First Name', name: 'firstName', type: 'string', default: '' },
		{ displayName: 'Last Name', name: 'lastName', type: 'string', default: '' },
		{
			displayName: 'Tags',
			name: 'tags',
			type: 'string',
			default: '',
			placeholder: 'vip, newsletter',
			description: tagsDescription,
		},
	];
}

/** The shared fields as Retell names them, blank ones left out. */
export function readContactFields(fields: FieldReader): ContactUpdateParams {
	const customFields: IDataObject | undefined = fields.jsonObject('customFields', 'Custom Fields (JSON)');
	return omitBlank({
		first_name: fields.string('firstName', 'First Name')?.trim(),
		last_name: fields.string('lastName', 'Last Name')?.trim(),
		do_not_call: fields.boolean('doNotCall', 'Do Not Call'),
		tags: fields.list('tags'),
		custom_fields: customFields && Object.keys(customFields).length > 0 ? customFields : undefined,
	});
}
