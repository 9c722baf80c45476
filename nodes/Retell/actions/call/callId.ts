import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getString } from '../../../shared/parameters';
import { assertPresent } from '../../../shared/validation';

export const callIdProperty: INodeProperties = {
	displayName: 'Call ID',
	name: 'callId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'call_a4441234567890777c4a4a123e6',
	description: 'The call_id Retell returned when the call was created, or from a webhook or Get Many',
};

export function readCallId(context: IExecuteFunctions, itemIndex: number): string {
	return assertPresent(context.getNode(), getString(context, 'callId', itemIndex), 'Call ID', itemIndex);
}
