import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { apiReference } from '../../../shared/retell/docs';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { retellOperation } from '../node.type';
import { batchTestIdProperty, readId } from './testFields';

const properties: INodeProperties[] = [
	{
		displayName:
			'A batch test runs for minutes. To wait for it: Run Batch Test → Wait node (e.g. 2 minutes) → Get Batch Test → If node on status = complete; loop the false branch back to the Wait. Then Get Many Test Runs with Status Fail and Error gives each failure and its reason.',
		name: 'pollingNotice',
		type: 'notice',
		default: '',
	},
	batchTestIdProperty,
];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const batchTestId = readId(this, 'batchTestId', 'Batch Test ID', itemIndex);
	const batch = await retellRequest(this, client, async (retell) => await retell.tests.getBatchTest(batchTestId), {
		kind: 'read',
		itemIndex,
		resourceLabel: 'Batch test',
	});
	return toDataObject(batch);
}

export const operation = retellOperation({
	resource: 'test',
	operation: 'getBatchTest',
	option: {
		name: 'Get Batch Test',
		description:
			'Get a batch test\'s status (in_progress or complete) and its pass_count, fail_count, error_count and total_count. Call it again after a Wait until status is complete.',
		action: 'Get a batch test',
	},
	docsUrl: apiReference('get-batch-test'),
	properties,
	execute,
});
