import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { apiReference } from '../../../shared/retell/docs';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { retellOperation } from '../node.type';

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const status = await retellRequest(this, client, async (retell) => await retell.crm.getSyncJobStatus(), { kind: 'read', itemIndex });
	return toDataObject(status);
}

export const operation = retellOperation({
	resource: 'crm',
	operation: 'getSyncJobStatus',
	option: {
		name: 'Get Sync Job Status',
		description:
			'Get the progress of the contact sync with the CRM (queued, running, or idle once done), whether started by Run Sync Job or by the schedule',
		action: 'Get the status of the CRM sync job',
	},
	docsUrl: apiReference('get-sync-job-status'),
	properties: [],
	execute,
});
