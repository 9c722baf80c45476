import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { retellRequest, type RetellClient } from '../../transport';
import { callIdProperty, readCallId } from './callId';

const properties: INodeProperties[] = [callIdProperty];

export const description = updateDisplayOptions({ show: { resource: ['call'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const callId = readCallId(this, itemIndex);
	const call = await retellRequest(this, client, async (retell) => await retell.call.retrieve(callId), {
		kind: 'read',
		itemIndex,
		resourceLabel: 'Call',
	});
	return toDataObject(call);
}
