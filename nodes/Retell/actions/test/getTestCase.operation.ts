import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { apiReference } from '../../../shared/retell/docs';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { retellOperation } from '../node.type';
import { readId, testCaseIdProperty } from './testFields';

const properties: INodeProperties[] = [testCaseIdProperty];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const testCaseId = readId(this, 'testCaseId', 'Test Case ID', itemIndex);
	const testCase = await retellRequest(this, client, async (retell) => await retell.tests.getTestCaseDefinition(testCaseId), {
		kind: 'read',
		itemIndex,
		resourceLabel: 'Test case',
	});
	return toDataObject(testCase);
}

export const operation = retellOperation({
	resource: 'test',
	operation: 'getTestCase',
	option: {
		name: 'Get Test Case',
		description: 'Get a simulation test case: the simulated user, its metrics and the response engine it tests',
		action: 'Get a test case',
	},
	docsUrl: apiReference('get-test-case-definition'),
	properties,
	execute,
});
