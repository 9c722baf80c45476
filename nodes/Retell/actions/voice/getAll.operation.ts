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
	return await listUnpaged(this, client, async (retell) => await retell.voice.list(), { limit, itemIndex });
}

export const operation = retellOperation({
	resource: 'voice',
	operation: 'getAll',
	option: {
		name: 'Get Many',
		description: 'List the voices an agent can speak with',
		action: 'Get many voices',
	},
	docsUrl: apiReference('list-voices'),
	properties,
	execute,
});
