import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { retellRequest, type RetellClient } from '../../transport';
import { callIdProperty, readCallId } from './callId';

const properties: INodeProperties[] = [callIdProperty];

export const description = updateDisplayOptions(
	{ show: { resource: ['call'], operation: ['deleteCall'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const callId = readCallId(this, itemIndex);
	await retellRequest(this, client, async (retell) => await retell.call.delete(callId), {
		kind: 'write',
		itemIndex,
		resourceLabel: 'Call',
	});
	return { deleted: true, call_id: callId };
}
