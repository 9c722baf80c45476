import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { apiReference } from '../../../shared/retell/docs';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { retellOperation } from '../node.type';

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const status = await retellRequest(this, client, async (retell) => await retell.contact.getImport(), {
		kind: 'read',
		itemIndex,
	});
	return toDataObject(status);
}

export const operation = retellOperation({
	resource: 'contact',
	operation: 'getImportStatus',
	option: {
		name: 'Get Import Status',
		description:
			'Get the status (queued, running, idle) and the succeeded and failed row counts of the account\'s current or latest import',
		action: 'Get the status of a contact import',
	},
	docsUrl: apiReference('get-contact-import'),
	properties: [],
	execute,
});
