import type { INodeProperties } from 'n8n-workflow';

import { resourceSelector } from '../../shared/operation';
import { agent } from './agent';
import { batchCall } from './batchCall';
import { call } from './call';
import { concurrency } from './concurrency';
import { knowledgeBase } from './knowledgeBase';
import { llm } from './llm';
import type { RetellOperation, RetellResource } from './node.type';
import { phoneNumber } from './phoneNumber';
import { voice } from './voice';
import { webhookResponse } from './webhookResponse';

const resources = [agent, batchCall, call, concurrency, knowledgeBase, llm, phoneNumber, voice, webhookResponse];

export const operations: Record<RetellResource, Record<string, RetellOperation>> = {
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

export const properties: INodeProperties[] = [
	resourceSelector(resources, 'agent'),
	...resources.flatMap((resource) => resource.properties),
];
