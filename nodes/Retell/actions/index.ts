import type { INodeProperties } from 'n8n-workflow';

import { resourceSelector } from '../../shared/operation';
import { account } from './account';
import { agent } from './agent';
import { app } from './app';
import { asset } from './asset';
import { batchCall } from './batchCall';
import { call } from './call';
import { chat } from './chat';
import { chatAgent } from './chatAgent';
import { concurrency } from './concurrency';
import { contact } from './contact';
import { conversationFlow } from './conversationFlow';
import { conversationFlowComponent } from './conversationFlowComponent';
import { crm } from './crm';
import { exportRequest } from './exportRequest';
import { knowledgeBase } from './knowledgeBase';
import { llm } from './llm';
import type { RetellOperation, RetellResource } from './node.type';
import { phoneNumber } from './phoneNumber';
import { test } from './test';
import { voice } from './voice';
import { webhookResponse } from './webhookResponse';

const resources = [
	account,
	agent,
	app,
	asset,
	batchCall,
	call,
	chat,
	chatAgent,
	concurrency,
	contact,
	conversationFlow,
	conversationFlowComponent,
	crm,
	exportRequest,
	knowledgeBase,
	llm,
	phoneNumber,
	test,
	voice,
	webhookResponse,
];

export const operations: Record<RetellResource, Record<string, RetellOperation>> = {
	account: account.operations,
	agent: agent.operations,
	app: app.operations,
	asset: asset.operations,
	batchCall: batchCall.operations,
	call: call.operations,
	chat: chat.operations,
	chatAgent: chatAgent.operations,
	concurrency: concurrency.operations,
	contact: contact.operations,
	conversationFlow: conversationFlow.operations,
	conversationFlowComponent: conversationFlowComponent.operations,
	crm: crm.operations,
	exportRequest: exportRequest.operations,
	knowledgeBase: knowledgeBase.operations,
	llm: llm.operations,
	phoneNumber: phoneNumber.operations,
	test: test.operations,
	voice: voice.operations,
	webhookResponse: webhookResponse.operations,
};

export const properties: INodeProperties[] = [
	resourceSelector(resources, 'agent'),
	...resources.flatMap((resource) => resource.properties),
];
