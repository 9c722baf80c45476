import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import type { CallUpdateParams } from '../../../shared/retell/transport/types';
import { callIdProperty, readCallId } from '../../../shared/retell/fields';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';
import { conversationUpdateFields, CALL_UPDATE, readConversationUpdate } from '../conversationUpdate';

const properties: INodeProperties[] = [callIdProperty, conversationUpdateFields(CALL_UPDATE)];

/**
 * Update Call only changes ended calls since 2026-08-31; a live call needs update-live-call
 * (https://docs.retellai.com/deprecation-notice).
 */
async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const callId = readCallId(this, itemIndex);
	const body: CallUpdateParams = readConversationUpdate(this, itemIndex, CALL_UPDATE);

	const call = await retellRequest(this, client, async (retell) => await retell.call.update(callId, body), {
		kind: 'write',
		itemIndex,
		resourceLabel: 'Call',
	});
	return toDataObject(call);
}

export const operation = retellOperation({
	resource: 'call',
	operation: 'update',
	option: {
		name: 'Update',
		description: 'Change the metadata, data storage setting or custom attributes of an ended call',
		action: 'Update a call',
	},
	docsUrl: apiReference('update-call'),
	properties,
	execute,
});
