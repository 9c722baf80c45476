import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { limitProperty, readLimit, returnAllProperty } from '../../../shared/getMany';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';

const properties: INodeProperties[] = [returnAllProperty, limitProperty];

/** list-voices is not paginated: Retell answers one bare array, so Limit applies here. */
async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: RetellClient,
): Promise<IDataObject[]> {
	const limit = readLimit(this, itemIndex);
	const voices = await retellRequest(this, client, async (retell) => await retell.voice.list(), {
		kind: 'read',
		itemIndex,
	});
	// Return All leaves the limit undefined, and slice(0, undefined) keeps every element.
	return voices.slice(0, limit).map((voice) => ({ ...voice }));
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
