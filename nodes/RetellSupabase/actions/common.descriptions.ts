import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { assertPresent } from '../../shared/validation';

export { limitProperty, returnAllProperty } from '../../shared/getManyProperties';

export const callIdProperty: INodeProperties = {
	displayName: 'Call ID',
	name: 'callId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'call_a1b2c3…',
	description: "The Retell call's ID (call_id)",
};

export function readCallId(context: IExecuteFunctions, itemIndex: number): string {
	const value: unknown = context.getNodeParameter('callId', itemIndex, '');
	const callId = typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
	return assertPresent(context.getNode(), callId, 'Call ID', itemIndex);
}

