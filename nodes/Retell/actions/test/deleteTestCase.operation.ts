import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { apiReference } from '../../../shared/retell/docs';
import type { RetellClient } from '../../../shared/retell/transport';
import { deleteById } from '../deleteById';
import { retellOperation } from '../node.type';
import { readId, testCaseIdProperty } from './testFields';

const properties: INodeProperties[] = [testCaseIdProperty];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const testCaseId = readId(this, 'testCaseId', 'Test Case ID', itemIndex);
	return await deleteById(this, client, itemIndex, {
		label: 'Test case',
		idField: 'test_case_definition_id',
		id: testCaseId,
		remove: async (retell) => await retell.tests.deleteTestCaseDefinition(testCaseId),
		read: async (retell) => await retell.tests.getTestCaseDefinition(testCaseId),
	});
}

export const operation = retellOperation({
	resource: 'test',
	operation: 'deleteTestCase',
	option: {
		name: 'Delete Test Case',
		description: 'Delete a simulation test case',
		action: 'Delete a test case',
	},
	docsUrl: apiReference('delete-test-case-definition'),
	properties,
	execute,
});
