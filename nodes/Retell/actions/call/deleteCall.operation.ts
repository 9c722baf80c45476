import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RetellClient } from '../../transport';
import { deleteById } from '../deleteById';
import { callIdProperty, readCallId } from './callId';

const properties: INodeProperties[] = [callIdProperty];

export const description = updateDisplayOptions(
	{ show: { resource: ['call'], operation: ['deleteCall'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const callId = readCallId(this, itemIndex);
	return await deleteById(this, client, itemIndex, {
		label: 'Call',
		idField: 'call_id',
		id: callId,
		remove: async (retell) => await retell.call.delete(callId),
		read: async (retell) => await retell.call.retrieve(callId),
	});
}
