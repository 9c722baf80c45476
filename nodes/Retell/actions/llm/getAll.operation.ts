import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { listAll } from '../../../shared/retell/transport/pages';
import { type RetellClient } from '../../../shared/retell/transport';
import { limitProperty, readLimit, returnAllProperty } from '../../../shared/getMany';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';

const properties: INodeProperties[] = [returnAllProperty, limitProperty];

async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: RetellClient,
): Promise<IDataObject[]> {
	const llms = await listAll(this, client, async (retell, page) => await retell.llm.list(page), {
		limit: readLimit(this, itemIndex),
		itemIndex,
	});
	return llms.map((llm) => ({ ...llm }));
}

export const operation = retellOperation({
	resource: 'llm',
	operation: 'getAll',
	option: {
		name: 'Get Many',
		description: 'List Retell LLMs',
		action: 'Get many LLM response engines',
	},
	docsUrl: apiReference('list-retell-llms'),
	properties,
	execute,
});
