import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { RetellClient } from '../../../shared/retell/transport';
import { deleteById } from '../deleteById';
import { phoneNumberLocator } from '../../../shared/retell/fields';
import { readPhoneNumberId } from './phoneNumberId';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';

const properties: INodeProperties[] = [
	{
		displayName:
			'A deleted number bought from Retell is released: it stops receiving calls and may not be bought back.',
		name: 'releaseNotice',
		type: 'notice',
		default: '',
	},
	phoneNumberLocator,
];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const phoneNumber = readPhoneNumberId(this, itemIndex);
	return await deleteById(this, client, itemIndex, {
		label: 'Phone number',
		idField: 'phone_number',
		id: phoneNumber,
		remove: async (retell) => await retell.phoneNumber.delete(phoneNumber),
		read: async (retell) => await retell.phoneNumber.retrieve(phoneNumber),
	});
}

export const operation = retellOperation({
	resource: 'phoneNumber',
	operation: 'deletePhoneNumber',
	option: {
		name: 'Delete',
		description: 'Release a number from Retell',
		action: 'Delete a phone number',
	},
	docsUrl: apiReference('delete-phone-number'),
	properties,
	execute,
});
