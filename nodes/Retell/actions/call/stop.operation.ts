import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { apiReference } from '../../../shared/retell/docs';
import { callIdProperty, readCallId } from '../../../shared/retell/fields';
import { lostAnswerFields, retellCheckedWrite } from '../../../shared/retell/transport/checkedWrite';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { retellOperation } from '../node.type';

const properties: INodeProperties[] = [
	{ ...callIdProperty, description: 'The ongoing call to hang up, e.g. from Retell Trigger or Create Phone Call' },
];

/** Statuses in which Retell still accepts stop-call; any other means the call is over. */
const LIVE_STATUSES = new Set(['registered', 'ongoing']);

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const callId = readCallId(this, itemIndex);
	const options = { itemIndex, resourceLabel: 'Call' };
	// Sent again after a lost answer, stop-call would fail with "The call is not ongoing": the call's status
	// says whether the first attempt hung up. https://docs.retellai.com/api-references/stop-call
	const outcome = await retellCheckedWrite(
		this,
		client,
		async (retell) => await retell.call.stop(callId),
		async (retell) => {
			const call = await retellRequest(this, retell, async (sdk) => await sdk.call.retrieve(callId), {
				...options,
				kind: 'read',
			});
			return !LIVE_STATUSES.has(call.call_status);
		},
		options,
	);
	return { stopped: true, call_id: callId, ...lostAnswerFields(outcome) };
}

export const operation = retellOperation({
	resource: 'call',
	operation: 'stop',
	option: {
		name: 'Stop',
		description: 'Hang up an ongoing call now; its call_ended and call_analyzed events follow as usual',
		action: 'Stop a call',
	},
	docsUrl: apiReference('stop-call'),
	properties,
	execute,
});
