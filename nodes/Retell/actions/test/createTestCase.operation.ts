import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { fieldReader, getCollection, getString } from '../../../shared/parameters';
import { assertPresent } from '../../../shared/validation';
import { apiReference } from '../../../shared/retell/docs';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { readAdditionalJson, withJsonOption } from '../common.descriptions';
import { retellOperation } from '../node.type';
import { engineVersionOption, readResponseEngine, responseEngineProperties } from './responseEngine';
import {
	metricsProperty,
	nameProperty,
	readTestCaseSettings,
	requireMetrics,
	testCaseSettingFields,
	userPromptProperty,
} from './testFields';
import type { TestCaseCreateParams } from './types';

const DOCS_URL = apiReference('create-test-case-definition');

const properties: INodeProperties[] = [
	...responseEngineProperties('The agent whose Retell LLM or conversation flow the test case is for'),
	{ ...nameProperty, required: true },
	{ ...userPromptProperty, required: true },
	{ ...metricsProperty, required: true },
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: withJsonOption([...testCaseSettingFields, engineVersionOption], DOCS_URL),
	},
];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const node = this.getNode();
	const name = assertPresent(node, getString(this, 'name', itemIndex), 'Name', itemIndex);
	const userPrompt = assertPresent(node, getString(this, 'userPrompt', itemIndex), 'User Prompt', itemIndex);
	const metrics = requireMetrics(node, this.getNodeParameter('metrics', itemIndex, ''), itemIndex);
	const fields = fieldReader(node, itemIndex, getCollection(this, 'additionalFields', itemIndex));
	const settings = readTestCaseSettings(node, fields, itemIndex);
	const additionalJson = readAdditionalJson(fields);
	const engine = await readResponseEngine(this, client, itemIndex, fields.number('version', 'Version'));

	const body: TestCaseCreateParams = {
		name,
		response_engine: engine,
		user_prompt: userPrompt,
		metrics,
		...settings,
		...additionalJson,
	};
	const testCase = await retellRequest(this, client, async (retell) => await retell.tests.createTestCaseDefinition(body), {
		kind: 'create',
		itemIndex,
	});
	return toDataObject(testCase);
}

export const operation = retellOperation({
	resource: 'test',
	operation: 'createTestCase',
	option: {
		name: 'Create Test Case',
		description: 'Save a simulation scenario (a simulated user and the criteria to grade) for an agent, LLM or flow',
		action: 'Create a test case',
	},
	docsUrl: DOCS_URL,
	properties,
	execute,
});
