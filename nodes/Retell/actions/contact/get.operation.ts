import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { apiReference } from '../../../shared/retell/docs';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { retellOperation } from '../node.type';
import { contactIdProperty, readContactId } from './contactFields';

const properties: INodeProperties[] = [contactIdProperty];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const contactId = readContactId(this, itemIndex);
	const contact = await retellRequest(this, client, async (retell) => await retell.contact.get(contactId), {
		kind: 'read',
		itemIndex,
		resourceLabel: 'Contact',
	});
	return toDataObject(contact);
}

export const operation = retellOperation({
	resource: 'contact',
	operation: 'get',
	option: {
		name: 'Get',
		description: 'Get a contact by ID: phone number, name, tags, do-not-call flag, custom fields and conversation count',
		action: 'Get a contact',
	},
	docsUrl: apiReference('get-contact'),
	properties,
	execute,
});
