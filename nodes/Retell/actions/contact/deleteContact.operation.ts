import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { apiReference } from '../../../shared/retell/docs';
import type { RetellClient } from '../../../shared/retell/transport';
import { deleteById } from '../deleteById';
import { retellOperation } from '../node.type';
import { contactIdProperty, readContactId } from './contactFields';

const properties: INodeProperties[] = [{ ...contactIdProperty, description: 'The contact_id of the contact to delete' }];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const contactId = readContactId(this, itemIndex);
	return await deleteById(this, client, itemIndex, {
		label: 'Contact',
		idField: 'contact_id',
		id: contactId,
		remove: async (retell) => await retell.contact.delete(contactId),
		read: async (retell) => await retell.contact.get(contactId),
	});
}

export const operation = retellOperation({
	resource: 'contact',
	operation: 'deleteContact',
	option: {
		name: 'Delete',
		description:
			'Delete a contact. One linked to a CRM record cannot be deleted while two-way sync is on (the next sync would bring it back).',
		action: 'Delete a contact',
	},
	docsUrl: apiReference('delete-contact'),
	properties,
	execute,
});
