import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { limitProperty, readLimit, returnAllProperty } from '../../../shared/getMany';
import { fieldReader, getCollection, keysOf, optionsFrom } from '../../../shared/parameters';
import { apiReference } from '../../../shared/retell/docs';
import { type RetellClient } from '../../../shared/retell/transport';
import { listAll } from '../../../shared/retell/transport/pages';
import { retellOperation } from '../node.type';
import { batchTestIdProperty, readId } from './testFields';
import type { TestRunStatus } from './types';

/** SDK 5.66.1 `TestCaseJobResponse.status`: queued, running, then graded pass or fail, or error. */
const STATUS_NAMES: Record<TestRunStatus, string> = {
	error: 'Error',
	fail: 'Fail',
	in_progress: 'In Progress',
	pass: 'Pass',
	pending: 'Pending',
};

const properties: INodeProperties[] = [
	{ ...batchTestIdProperty, description: 'The batch test whose runs to list, as Run Batch Test returned it' },
	returnAllProperty,
	limitProperty,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Status',
				name: 'status',
				type: 'multiOptions',
				options: optionsFrom(STATUS_NAMES),
				default: [],
				description:
					'Only runs in these statuses, e.g. Fail and Error to report the failures. Retell lists every run; the node filters them.',
			},
		],
	},
];

/**
 * list-test-runs takes no status filter (SDK 5.66.1 `TestListTestRunsParams`: limit and pagination_key only), so with
 * one every run is read and the Limit counts the matching ones.
 */
async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject[]> {
	const batchTestId = readId(this, 'batchTestId', 'Batch Test ID', itemIndex);
	const limit = readLimit(this, itemIndex);
	const filters = fieldReader(this.getNode(), itemIndex, getCollection(this, 'filters', itemIndex));
	const statuses = filters.options('status', keysOf(STATUS_NAMES), 'Status');
	const runs = await listAll(
		this,
		client,
		async (retell, page) => await retell.tests.listTestRuns(batchTestId, page),
		{ limit: statuses ? undefined : limit, itemIndex, resourceLabel: 'Batch test' },
	);
	const matching = statuses ? runs.filter((run) => statuses.includes(run.status)).slice(0, limit) : runs;
	return matching.map((run) => ({ test_case_batch_job_id: batchTestId, ...toDataObject(run) }));
}

export const operation = retellOperation({
	resource: 'test',
	operation: 'getAllTestRuns',
	option: {
		name: 'Get Many Test Runs',
		description:
			'List the runs of a batch test, one per test case: status (pass, fail, error), result_explanation (why), test_case_definition_snapshot.name',
		action: 'Get many test runs',
	},
	docsUrl: apiReference('list-test-runs'),
	properties,
	execute,
});
