import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { retellRequest, type RetellClient } from '../../transport';
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
	await retellRequest(this, client, async (retell) => await retell.phoneNumber.delete(phoneNumber), {
		kind: 'write',
		itemIndex,
		resourceLabel: 'Phone number',
	});
	return { deleted: true, phone_number: phoneNumber };
}
