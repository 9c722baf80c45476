import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RetellClient } from '../../transport';
import { deleteById } from '../deleteById';
import { phoneNumberLocator } from '../common.descriptions';
import { readPhoneNumberId } from './phoneNumberId';

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

export const description = updateDisplayOptions(
	{ show: { resource: ['phoneNumber'], operation: ['deletePhoneNumber'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const phoneNumber = readPhoneNumberId(this, itemIndex);
	return await deleteById(this, client, itemIndex, {
		label: 'Phone number',
		idField: 'phone_number',
		id: phoneNumber,
		remove: async (retell) => await retell.phoneNumber.delete(phoneNumber),
		read: async (retell) => await retell.phoneNumber.retrieve(phoneNumber),
	});
}
