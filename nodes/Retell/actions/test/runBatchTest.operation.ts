import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { toDataObject, toRetellText } from '../../../shared/dataObject';
import { fieldReader, getCollection, getOption } from '../../../shared/parameters';
import { apiReference } from '../../../shared/retell/docs';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { listAll } from '../../../shared/retell/transport/pages';
import { retellOperation } from '../node.type';
import { engineQuery, engineVersionOption, readResponseEngine, responseEngineProperties } from './responseEngine';
import type { BatchTestCreateParams, TestResponseEngine } from './types';

/** OpenAPI create-batch-test: `test_case_definition_ids` holds 1 to 1000 IDs. */
const MAX_TEST_CASES = 1000;
const SELECTIONS = ['all', 'selected'] as const;

const properties: INodeProperties[] = [
	...responseEngineProperties('The agent to test: the runs use its Retell LLM or conversation flow'),
	{
		displayName: 'Test Cases',
		name: 'testCases',
		type: 'options',
		options: [
			{
				name: 'All of the Response Engine',
				value: 'all',
				description: 'Every test case saved for the Retell LLM or conversation flow, read when the node runs',
			},
			{ name: 'Selected', value: 'selected', description: 'Only the test cases listed by ID' },
		],
		default: 'all',
	},
	{
		displayName: 'Test Case IDs',
		name: 'testCaseIds',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'test_case_definition_id_1, test_case_definition_id_2',
		description: 'Comma-separated or one per line, or a list from an expression; at most 1000',
		displayOptions: { show: { testCases: ['selected'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [engineVersionOption],
	},
];

function parseIds(value: unknown): string[] {
	const entries = Array.isArray(value) ? value.map(toRetellText) : toRetellText(value).split(/[\n,]/);
	return entries.map((entry) => entry.trim()).filter((entry) => entry !== '');
}

async function testCasesOf(
	context: IExecuteFunctions,
	client: RetellClient,
	engine: TestResponseEngine,
	itemIndex: number,
): Promise<string[]> {
	const query = engineQuery(engine);
	const testCases = await listAll(
		context,
		client,
		async (retell, page) => await retell.tests.listTestCaseDefinitions({ ...query, ...page }),
		{ itemIndex },
	);
	if (testCases.length === 0) {
		throw new NodeOperationError(context.getNode(), 'The response engine has no test cases to run', {
			itemIndex,
			description: `No test case is saved for ${query.llm_id ?? query.conversation_flow_id}. Add some with Create Test Case or in the dashboard's Simulation tab.`,
		});
	}
	return testCases.map((testCase) => testCase.test_case_definition_id);
}

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const node = this.getNode();
	const selection = getOption(this, 'testCases', SELECTIONS, itemIndex);
	const selectedIds = selection === 'selected' ? parseIds(this.getNodeParameter('testCaseIds', itemIndex, '')) : [];
	if (selection === 'selected' && selectedIds.length === 0) {
		throw new NodeOperationError(node, 'Test Case IDs is required', {
			itemIndex,
			description: 'List the test cases to run, or choose All of the Response Engine under Test Cases.',
		});
	}
	const options = fieldReader(node, itemIndex, getCollection(this, 'options', itemIndex));
	const engine = await readResponseEngine(this, client, itemIndex, options.number('version', 'Version'));
	const ids = selection === 'all' ? await testCasesOf(this, client, engine, itemIndex) : selectedIds;
	if (ids.length > MAX_TEST_CASES) {
		throw new NodeOperationError(node, `A batch test runs at most ${MAX_TEST_CASES} test cases`, {
			itemIndex,
			description: `Got ${ids.length}. Split them over several batch tests.`,
		});
	}

	const body: BatchTestCreateParams = { response_engine: engine, test_case_definition_ids: ids };
	const batch = await retellRequest(this, client, async (retell) => await retell.tests.createBatchTest(body), {
		kind: 'create',
		itemIndex,
	});
	return toDataObject(batch);
}

export const operation = retellOperation({
	resource: 'test',
	operation: 'runBatchTest',
	option: {
		name: 'Run Batch Test',
		description:
			'Start simulated conversations (no phone call) of test cases against an agent, LLM or flow; Retell bills each run. Returns at once, in_progress: poll Get Batch Test.',
		action: 'Run a batch test',
	},
	docsUrl: apiReference('create-batch-test'),
	properties,
	execute,
});
