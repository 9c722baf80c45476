import { retellResource } from '../node.type';
import { operation as buildFunctionResult } from './buildFunctionResult.operation';
import { operation as buildInboundCallResponse } from './buildInboundCallResponse.operation';
import { operation as buildInboundSmsResponse } from './buildInboundSmsResponse.operation';

export const webhookResponse = retellResource('webhookResponse', 'Webhook Response', 'buildFunctionResult', [
	buildFunctionResult,
	buildInboundCallResponse,
	buildInboundSmsResponse,
]);
