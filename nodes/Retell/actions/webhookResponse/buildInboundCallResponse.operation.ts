import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { retellOperation } from '../node.type';
import { answeringRetell } from './answerRetell';
import { CALL_CHANNEL, inboundResponseProperties, readInboundResponse } from './inboundResponse';

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	return readInboundResponse(this, itemIndex, CALL_CHANNEL);
}

export const operation = retellOperation({
	resource: 'webhookResponse',
	operation: 'buildInboundCallResponse',
	option: {
		name: 'Build Inbound Call Response',
		description:
			'Answer an inbound call from Retell Trigger: the agent, its dynamic variables and the call\'s metadata',
		action: 'Build an inbound call response',
	},
	docsUrl: 'https://docs.retellai.com/features/inbound-call-webhook',
	needsClient: false,
	properties: inboundResponseProperties(CALL_CHANNEL),
	execute: answeringRetell(execute),
});
