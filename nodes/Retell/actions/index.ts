import type { INodeProperties } from 'n8n-workflow';

import * as agent from './agent';
import * as batchCall from './batchCall';
import * as call from './call';
import * as concurrency from './concurrency';
import * as knowledgeBase from './knowledgeBase';
import * as llm from './llm';
import { withConcurrencyOption } from './concurrencyOption';
import type { RetellOperations } from './node.type';
import * as phoneNumber from './phoneNumber';
import * as voice from './voice';
import * as webhookResponse from './webhookResponse';

const descriptions: Record<keyof RetellOperations, INodeProperties[]> = {
	agent: agent.description,
	batchCall: batchCall.description,
	call: call.description,
	concurrency: concurrency.description,
	knowledgeBase: knowledgeBase.description,
	llm: llm.description,
	phoneNumber: phoneNumber.description,
	voice: voice.description,
	webhookResponse: webhookResponse.description,
};

export const operations: RetellOperations = {
	agent: agent.operations,
	batchCall: batchCall.operations,
	call: call.operations,
	concurrency: concurrency.operations,
	knowledgeBase: knowledgeBase.operations,
	llm: llm.operations,
	phoneNumber: phoneNumber.operations,
	voice: voice.operations,
	webhookResponse: webhookResponse.operations,
};

export const resourceDescriptions: INodeProperties[] = (Object.keys(operations) as Array<keyof RetellOperations>).flatMap(
	(resource) => withConcurrencyOption(resource, operations[resource], descriptions[resource]),
);
