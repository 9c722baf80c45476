import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { retellRequest, type RetellClient } from '../../transport';
import { limitProperty, readLimit, returnAllProperty } from '../common.descriptions';

const properties: INodeProperties[] = [returnAllProperty, limitProperty];

export const description = updateDisplayOptions({ show: { resource: ['voice'], operation: ['getAll'] } }, properties);

/** list-voices is not paginated: Retell answers one bare array, so Limit applies here. */
export async function execute(
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
