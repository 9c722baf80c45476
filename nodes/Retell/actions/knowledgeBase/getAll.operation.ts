import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { limitProperty, readLimit, returnAllProperty } from '../../../shared/getMany';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';

const properties: INodeProperties[] = [returnAllProperty, limitProperty];

/** list-knowledge-bases is not paginated: Retell answers one bare array, so Limit applies here. */
async function execute(
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

export const operation = retellOperation({
	resource: 'knowledgeBase',
	operation: 'getAll',
	option: {
		name: 'Get Many',
		description: 'List knowledge bases',
		action: 'Get many knowledge bases',
	},
	docsUrl: apiReference('list-knowledge-bases'),
	properties,
	execute,
});
