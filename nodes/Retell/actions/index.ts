import type { INodeProperties } from 'n8n-workflow';

import * as agent from './agent';
import * as batchCall from './batchCall';
import * as call from './call';
import * as concurrency from './concurrency';
import * as knowledgeBase from './knowledgeBase';
import * as llm from './llm';
import type { RetellOperations } from './node.type';
import * as phoneNumber from './phoneNumber';
import * as voice from './voice';
import * as webhookResponse from './webhookResponse';

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

export const resourceDescriptions: INodeProperties[] = [
	...agent.description,
	...batchCall.description,
	...call.description,
	...concurrency.description,
	...knowledgeBase.description,
	...llm.description,
	...phoneNumber.description,
	...voice.description,
	...webhookResponse.description,
];
