import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { RetellClient } from '../../../shared/retell/transport';
import { listUnpaged } from '../../../shared/retell/transport/pages';
import { limitProperty, readLimit, returnAllProperty } from '../../../shared/getMany';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';

const properties: INodeProperties[] = [returnAllProperty, limitProperty];

async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: RetellClient,
): Promise<IDataObject[]> {
	const limit = readLimit(this, itemIndex);
	return await listUnpaged(this, client, async (retell) => await retell.knowledgeBase.list(), { limit, itemIndex });
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
