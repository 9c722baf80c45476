import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { retellOperation } from '../node.type';
import { answeringRetell } from './answerRetell';
import { inboundResponseProperties, readInboundResponse, SMS_CHANNEL } from './inboundResponse';

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	return readInboundResponse(this, itemIndex, SMS_CHANNEL);
}

export const operation = retellOperation({
	resource: 'webhookResponse',
	operation: 'buildInboundSmsResponse',
	option: {
		name: 'Build Inbound SMS Response',
		description:
			'Answer an inbound SMS from Retell Trigger: the chat agent that replies, its dynamic variables and the chat\'s metadata',
		action: 'Build an inbound SMS response',
	},
	docsUrl: 'https://docs.retellai.com/features/inbound-call-webhook',
	needsClient: false,
	properties: inboundResponseProperties(SMS_CHANNEL),
	execute: answeringRetell(execute),
});
