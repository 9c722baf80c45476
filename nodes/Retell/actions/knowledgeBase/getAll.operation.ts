import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { retellRequest, type RetellClient } from '../../transport';
import { limitProperty, readLimit, returnAllProperty } from '../common.descriptions';

const properties: INodeProperties[] = [returnAllProperty, limitProperty];

export const description = updateDisplayOptions(
	{ show: { resource: ['knowledgeBase'], operation: ['getAll'] } },
	properties,
);

/** list-knowledge-bases is not paginated: Retell answers one bare array, so Limit applies here. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: RetellClient,
): Promise<IDataObject[]> {
	const limit = readLimit(this, itemIndex);
	const knowledgeBases = await retellRequest(this, client, async (retell) => await retell.knowledgeBase.list(), {
		kind: 'read',
		itemIndex,
	});
	// Return All leaves the limit undefined, and slice(0, undefined) keeps every element.
	return knowledgeBases.slice(0, limit).map((knowledgeBase) => ({ ...knowledgeBase }));
}
