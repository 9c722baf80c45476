import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { retellRequest, type RetellClient } from '../../transport';
import { phoneNumberLocator } from '../common.descriptions';
import { readPhoneNumberId } from './phoneNumberId';

const properties: INodeProperties[] = [phoneNumberLocator];

export const description = updateDisplayOptions(
	{ show: { resource: ['phoneNumber'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const phoneNumber = readPhoneNumberId(this, itemIndex);
	const found = await retellRequest(this, client, async (retell) => await retell.phoneNumber.retrieve(phoneNumber), {
		kind: 'read',
		itemIndex,
		resourceLabel: 'Phone number',
	});
	return toDataObject(found);
}
