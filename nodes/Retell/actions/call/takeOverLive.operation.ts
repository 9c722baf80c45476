import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { getString } from '../../../shared/parameters';
import { assertPresent } from '../../../shared/validation';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { callIdProperty, readCallId } from '../../../shared/retell/fields';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';

const properties: INodeProperties[] = [
	{
		displayName: 'The AI agent stops responding on this call, and the listener speaks with the caller in its place.',
		name: 'takeOverNotice',
		type: 'notice',
		default: '',
	},
	{ ...callIdProperty, description: 'The ongoing call to take over' },
	{
		displayName: 'Participant ID',
		name: 'participantId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'listener_a1b2c3d4e5f6g7h8i9j0',
		description:
			'The participant_id from Listen Live on this call. The person must have joined the call with that token before.',
	},
];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const callId = readCallId(this, itemIndex);
	const participantId = assertPresent(this.getNode(), getString(this, 'participantId', itemIndex), 'Participant ID', itemIndex);
	const answer = await retellRequest(
		this,
		client,
		async (retell) => await retell.call.takeOverLive(callId, { participant_id: participantId }),
		{ kind: 'write', itemIndex, resourceLabel: 'Call' },
	);
	return { ...toDataObject(answer), call_id: callId, participant_id: participantId };
}

export const operation = retellOperation({
	resource: 'call',
	operation: 'takeOverLive',
	option: {
		name: 'Take Over Live',
		description:
			'Hand an ongoing call from the AI agent to a person listening through Listen Live: the agent goes quiet and that person talks with the caller',
		action: 'Take over a live call',
	},
	docsUrl: apiReference('take-over-live-call'),
	properties,
	execute,
});
