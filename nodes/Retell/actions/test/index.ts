import { retellResource } from '../node.type';
import { operation as createTestCase } from './createTestCase.operation';
import { operation as deleteTestCase } from './deleteTestCase.operation';
import { operation as getAllBatchTests } from './getAllBatchTests.operation';
import { operation as getAllTestCases } from './getAllTestCases.operation';
import { operation as getAllTestRuns } from './getAllTestRuns.operation';
import { operation as getBatchTest } from './getBatchTest.operation';
import { operation as getTestCase } from './getTestCase.operation';
import { operation as getTestRun } from './getTestRun.operation';
import { operation as runBatchTest } from './runBatchTest.operation';
import { operation as updateTestCase } from './updateTestCase.operation';

export const test = retellResource('test', 'Test', 'getTestCase', [
	createTestCase,
	deleteTestCase,
	getAllBatchTests,
	getAllTestCases,
	getAllTestRuns,
	getBatchTest,
	getTestCase,
	getTestRun,
	runBatchTest,
	updateTestCase,
]);
