import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { apiReference } from '../../../shared/retell/docs';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { retellOperation } from '../node.type';

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const status = await retellRequest(this, client, async (retell) => await retell.contact.getBackfillJobStatus(), {
		kind: 'read',
		itemIndex,
	});
	return toDataObject(status);
}

export const operation = retellOperation({
	resource: 'contact',
	operation: 'getBackfillStatus',
	option: {
		name: 'Get Backfill Status',
		description:
			'Get the status (queued, running, idle), counts and trigger (manual or scheduled) of the account\'s analysis data backfill',
		action: 'Get the status of an analysis data backfill',
	},
	docsUrl: apiReference('get-backfill-contact-job-status'),
	properties: [],
	execute,
});
