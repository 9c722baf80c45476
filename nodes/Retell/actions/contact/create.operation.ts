import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { fieldReader, getCollection } from '../../../shared/parameters';
import { apiReference } from '../../../shared/retell/docs';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { retellOperation } from '../node.type';
import {
	contactFieldOptions,
	type ContactCreateParams,
	phoneNumberProperty,
	readContactFields,
	readPhoneNumber,
} from './contactFields';

const properties: INodeProperties[] = [
	{
		...phoneNumberProperty,
		description:
			'The contact\'s number in E.164, e.g. +14155550100. An account has at most one contact per number: use Get by Phone first when it may exist.',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: contactFieldOptions('Comma-separated tags of the contact'),
	},
];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const fields = fieldReader(this.getNode(), itemIndex, getCollection(this, 'additionalFields', itemIndex));
	const body: ContactCreateParams = { phone_number: readPhoneNumber(this, itemIndex), ...readContactFields(fields) };
	const contact = await retellRequest(this, client, async (retell) => await retell.contact.create(body), {
		kind: 'create',
		itemIndex,
		resourceLabel: 'Contact',
	});
	return toDataObject(contact);
}

export const operation = retellOperation({
	resource: 'contact',
	operation: 'create',
	option: {
		name: 'Create',
		description: 'Add a person by phone number, with name, tags, do-not-call flag and custom fields',
		action: 'Create a contact',
	},
	docsUrl: apiReference('create-contact'),
	properties,
	execute,
});
