import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { callIdProperty, readCallId } from '../../../shared/retell/fields';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';

const properties: INodeProperties[] = [
	{ ...callIdProperty, description: 'The ongoing call to listen to, e.g. from the call_started event of Retell Trigger' },
];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const callId = readCallId(this, itemIndex);
	const listener = await retellRequest(this, client, async (retell) => await retell.call.listenLive(callId), {
		kind: 'write',
		itemIndex,
		resourceLabel: 'Call',
	});
	return { ...toDataObject(listener), call_id: callId };
}

export const operation = retellOperation({
	resource: 'call',
	operation: 'listenLive',
	option: {
		name: 'Listen Live',
		description:
			'Get a listen-only access token for an ongoing call, for your own web client (e.g. a supervisor page) to hear it unnoticed. Its participant_id is what Take Over Live needs.',
		action: 'Listen to a live call',
	},
	docsUrl: apiReference('listen-live-call'),
	properties,
	execute,
});
