import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { retellRequest, type RetellClient } from '../../transport';

const properties: INodeProperties[] = [];

export const description = updateDisplayOptions({ show: { resource: ['concurrency'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const concurrency = await retellRequest(this, client, async (retell) => await retell.concurrency.retrieve(), {
		kind: 'read',
		itemIndex,
	});
	return { ...concurrency };
}
