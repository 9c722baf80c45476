import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { limitProperty, readLimit, returnAllProperty } from '../../../shared/getMany';
import { apiReference } from '../../../shared/retell/docs';
import { type RetellClient } from '../../../shared/retell/transport';
import { listAll } from '../../../shared/retell/transport/pages';
import { retellOperation } from '../node.type';
import { engineQuery, readResponseEngine, responseEngineProperties } from './responseEngine';

const properties: INodeProperties[] = [
	...responseEngineProperties('The agent whose Retell LLM or conversation flow the test cases belong to'),
	returnAllProperty,
	limitProperty,
];

/** list-test-case-definitions needs the engine: `type` plus its `llm_id` or `conversation_flow_id` (SDK 5.66.1). */
async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject[]> {
	const limit = readLimit(this, itemIndex);
	const query = engineQuery(await readResponseEngine(this, client, itemIndex));
	const testCases = await listAll(
		this,
		client,
		async (retell, page) => await retell.tests.listTestCaseDefinitions({ ...query, ...page }),
		{ limit, itemIndex },
	);
	return testCases.map(toDataObject);
}

export const operation = retellOperation({
	resource: 'test',
	operation: 'getAllTestCases',
	option: {
		name: 'Get Many Test Cases',
		description: 'List the simulation test cases of an agent, Retell LLM or conversation flow',
		action: 'Get many test cases',
	},
	docsUrl: apiReference('list-test-case-definitions'),
	properties,
	execute,
});
