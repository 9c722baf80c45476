import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { listAll, type RetellClient } from '../../transport';
import { limitProperty, readLimit, returnAllProperty } from '../common.descriptions';

const properties: INodeProperties[] = [returnAllProperty, limitProperty];

export const description = updateDisplayOptions({ show: { resource: ['llm'], operation: ['getAll'] } }, properties);

export async function execute(
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
