import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { RetellClient } from '../../../shared/retell/transport';
import { deleteById } from '../deleteById';
import { callIdProperty, readCallId } from '../../../shared/retell/fields';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';

const properties: INodeProperties[] = [callIdProperty];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const callId = readCallId(this, itemIndex);
	return await deleteById(this, client, itemIndex, {
		label: 'Call',
		idField: 'call_id',
		id: callId,
		remove: async (retell) => await retell.call.delete(callId),
		read: async (retell) => await retell.call.retrieve(callId),
	});
}

export const operation = retellOperation({
	resource: 'call',
	operation: 'deleteCall',
	option: {
		name: 'Delete',
		description: 'Delete a call and its recording, transcript and analysis',
		action: 'Delete a call',
	},
	docsUrl: apiReference('delete-call'),
	properties,
	execute,
});
