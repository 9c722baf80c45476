import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { limitProperty, readLimit, returnAllProperty } from '../../../shared/getMany';
import { fieldReader, getCollection } from '../../../shared/parameters';
import { omitBlank } from '../../../shared/validation';
import { apiReference } from '../../../shared/retell/docs';
import { type RetellClient } from '../../../shared/retell/transport';
import { listAll } from '../../../shared/retell/transport/pages';
import { retellOperation } from '../node.type';
import { engineQuery, engineVersionOption, readResponseEngine, responseEngineProperties } from './responseEngine';
import type { BatchTestListParams } from './types';

const properties: INodeProperties[] = [
	...responseEngineProperties('The agent whose Retell LLM or conversation flow the batch tests ran against'),
	returnAllProperty,
	limitProperty,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				...engineVersionOption,
				description: `${engineVersionOption.description} Retell lists only the batch tests of that one engine version.`,
			},
		],
	},
];

/** list-batch-tests: `type`, the engine's ID, and `version` ("defaults to latest", SDK 5.66.1 `TestListBatchTestsParams`). */
async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject[]> {
	const limit = readLimit(this, itemIndex);
	const options = fieldReader(this.getNode(), itemIndex, getCollection(this, 'options', itemIndex));
	const engine = await readResponseEngine(this, client, itemIndex, options.number('version', 'Version'));
	const query: BatchTestListParams = { ...engineQuery(engine), ...omitBlank({ version: engine.version ?? undefined }) };
	const batches = await listAll(
		this,
		client,
		async (retell, page) => await retell.tests.listBatchTests({ ...query, ...page }),
		{ limit, itemIndex },
	);
	return batches.map(toDataObject);
}

export const operation = retellOperation({
	resource: 'test',
	operation: 'getAllBatchTests',
	option: {
		name: 'Get Many Batch Tests',
		description:
			'List the batch tests of an agent, LLM or flow (by default of its latest version) with their status and pass, fail and error counts',
		action: 'Get many batch tests',
	},
	docsUrl: apiReference('list-batch-tests'),
	properties,
	execute,
});
