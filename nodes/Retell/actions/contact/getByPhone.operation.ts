import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { fieldReader, getCollection } from '../../../shared/parameters';
import { apiReference } from '../../../shared/retell/docs';
import { isGoneFrom, retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { retellOperation } from '../node.type';
import { phoneNumberProperty, readPhoneNumber } from './contactFields';

const properties: INodeProperties[] = [
	{
		...phoneNumberProperty,
		description:
			'The number to look up in E.164, e.g. the caller\'s from_number of an inbound call (Retell Trigger or the inbound-call webhook)',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Output Item When Not Found',
				name: 'outputWhenNotFound',
				type: 'boolean',
				default: false,
				description:
					'Whether a number no contact has gives the item {"found": false, "phone_number": …} instead of the error "Contact not found", e.g. for first-time callers',
			},
		],
	},
];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const phoneNumber = readPhoneNumber(this, itemIndex);
	const options = fieldReader(this.getNode(), itemIndex, getCollection(this, 'options', itemIndex));
	const requestOptions = { kind: 'read', itemIndex, resourceLabel: 'Contact' } as const;
	if (!options.boolean('outputWhenNotFound', 'Output Item When Not Found')) {
		const contact = await retellRequest(this, client, async (retell) => await retell.contact.getByPhone(phoneNumber), requestOptions);
		return toDataObject(contact);
	}
	// "At most one contact exists per phone number" (SDK 5.66.1 contact.getByPhone): Retell's not-found answer, and
	// only that answer, means the number has no contact.
	const found = await retellRequest(
		this,
		client,
		async (retell) => {
			const lookup = retell.contact.getByPhone(phoneNumber);
			return (await isGoneFrom(async () => await lookup)) ? undefined : await lookup;
		},
		requestOptions,
	);
	return found ? toDataObject(found) : { found: false, phone_number: phoneNumber };
}

export const operation = retellOperation({
	resource: 'contact',
	operation: 'getByPhone',
	option: {
		name: 'Get by Phone',
		description: 'Find the contact of a phone number, e.g. to greet an inbound caller by name or skip do-not-call numbers',
		action: 'Get a contact by phone number',
	},
	docsUrl: apiReference('get-contact-by-phone'),
	properties,
	execute,
});
