import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { callIdProperty, readCallId } from '../../../shared/retell/fields';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';

const properties: INodeProperties[] = [callIdProperty];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const callId = readCallId(this, itemIndex);
	const call = await retellRequest(this, client, async (retell) => await retell.call.retrieve(callId), {
		kind: 'read',
		itemIndex,
		resourceLabel: 'Call',
	});
	return toDataObject(call);
}

export const operation = retellOperation({
	resource: 'call',
	operation: 'get',
	option: {
		name: 'Get',
		description: 'Get one call with its status, transcript, recording, analysis and cost',
		action: 'Get a call',
	},
	docsUrl: apiReference('get-call'),
	properties,
	execute,
});
