import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { apiReference } from '../../../shared/retell/docs';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { retellOperation } from '../node.type';
import { readUpdate } from '../updateFields';
import { contactFieldOptions, contactIdProperty, type ContactUpdateParams, readContactFields, readContactId } from './contactFields';

const properties: INodeProperties[] = [
	contactIdProperty,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: contactFieldOptions(
			'Comma-separated tags that replace all of the contact\'s tags (update-contact takes the full set)',
		),
	},
];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const contactId = readContactId(this, itemIndex);
	const body: ContactUpdateParams = readUpdate(this, itemIndex, {
		read: readContactFields,
		nothing: { message: 'Nothing to update: add at least one field under Update Fields' },
	});
	const contact = await retellRequest(this, client, async (retell) => await retell.contact.update(contactId, body), {
		kind: 'write',
		itemIndex,
		resourceLabel: 'Contact',
	});
	return toDataObject(contact);
}

export const operation = retellOperation({
	resource: 'contact',
	operation: 'update',
	option: {
		name: 'Update',
		description:
			'Change a contact\'s name, tags, do-not-call flag or custom fields, e.g. mark do-not-call after a caller opts out',
		action: 'Update a contact',
	},
	docsUrl: apiReference('update-contact'),
	properties,
	execute,
});
