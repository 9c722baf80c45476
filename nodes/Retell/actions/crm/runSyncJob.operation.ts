import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { fieldReader, getCollection } from '../../../shared/parameters';
import { apiReference } from '../../../shared/retell/docs';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { lostAnswerFields, retellCheckedWrite } from '../../../shared/retell/transport/checkedWrite';
import { retellOperation } from '../node.type';
import type { CrmSyncJobStatus } from './types';

const properties: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Accept a Running Sync',
				name: 'acceptRunningSync',
				type: 'boolean',
				default: false,
				description:
					'Whether to output the status of the sync already running (with already_running: true) instead of failing: Retell runs one sync at a time and refuses a second',
			},
		],
	},
];

const isSyncing = (status: CrmSyncJobStatus) => status.status !== 'idle';

/**
 * "One sync runs per organization at a time: starting another while one is in flight is rejected"
 * (https://docs.retellai.com/api-references/run-sync-job), so run-sync-job cannot simply be sent again after a lost
 * answer: the sync status says whether the first attempt started one. The refusal is a 400, the one client error
 * the reference lists for the endpoint.
 */
async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const acceptRunningSync =
		fieldReader(this.getNode(), itemIndex, getCollection(this, 'options', itemIndex)).boolean('acceptRunningSync', 'Accept a Running Sync') ?? false;
	// The latest answer: run-sync-job's, or the status read after a lost answer.
	const latest: { status?: CrmSyncJobStatus } = {};
	try {
		const outcome = await retellCheckedWrite(
			this,
			client,
			async (retell) => {
				latest.status = await retell.crm.runSyncJob();
			},
			async (retell) => {
				latest.status = await retell.crm.getSyncJobStatus();
				return isSyncing(latest.status);
			},
			{ itemIndex },
		);
		return { ...toDataObject(latest.status ?? {}), ...lostAnswerFields(outcome) };
	} catch (error) {
		if (!acceptRunningSync || !(error instanceof NodeApiError) || error.httpCode !== '400') throw error;
		const running = await retellRequest(this, client, async (retell) => await retell.crm.getSyncJobStatus(), { kind: 'read', itemIndex });
		if (!isSyncing(running)) throw error;
		return { ...toDataObject(running), already_running: true };
	}
}

export const operation = retellOperation({
	resource: 'crm',
	operation: 'runSyncJob',
	option: {
		name: 'Run Sync Job',
		description:
			'Start syncing contacts with the linked CRM now instead of waiting for the scheduled sync; follow it with Get Sync Job Status',
		action: 'Run the CRM sync job',
	},
	docsUrl: apiReference('run-sync-job'),
	properties,
	execute,
});
