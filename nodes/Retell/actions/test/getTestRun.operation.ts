import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { apiReference } from '../../../shared/retell/docs';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { retellOperation } from '../node.type';
import { readId, testRunIdProperty } from './testFields';

const properties: INodeProperties[] = [testRunIdProperty];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const testRunId = readId(this, 'testRunId', 'Test Run ID', itemIndex);
	const run = await retellRequest(this, client, async (retell) => await retell.tests.getTestRun(testRunId), {
		kind: 'read',
		itemIndex,
		resourceLabel: 'Test run',
	});
	return toDataObject(run);
}

export const operation = retellOperation({
	resource: 'test',
	operation: 'getTestRun',
	option: {
		name: 'Get Test Run',
		description:
			'Get one run of a test case: its status (pending, in_progress, pass, fail, error), result_explanation and transcript',
		action: 'Get a test run',
	},
	docsUrl: apiReference('get-test-run'),
	properties,
	execute,
});
