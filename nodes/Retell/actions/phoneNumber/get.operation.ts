import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { phoneNumberLocator } from '../../../shared/retell/fields';
import { readPhoneNumberId } from './phoneNumberId';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';

const properties: INodeProperties[] = [phoneNumberLocator];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const phoneNumber = readPhoneNumberId(this, itemIndex);
	const found = await retellRequest(this, client, async (retell) => await retell.phoneNumber.retrieve(phoneNumber), {
		kind: 'read',
		itemIndex,
		resourceLabel: 'Phone number',
	});
	return toDataObject(found);
}

export const operation = retellOperation({
	resource: 'phoneNumber',
	operation: 'get',
	option: {
		name: 'Get',
		description: 'Get a number with its bound agents and webhook',
		action: 'Get a phone number',
	},
	docsUrl: apiReference('get-phone-number'),
	properties,
	execute,
});
