import type { HttpMethod, Route } from '../http';
import { accountRoutes } from './account';
import { agentRoutes } from './agents';
import { appRoutes } from './apps';
import { batchCallRoutes } from './batchCalls';
import { callRoutes } from './calls';
import { chatAgentRoutes } from './chatAgents';
import { chatRoutes } from './chats';
import { concurrencyRoutes } from './concurrency';
import { contactRoutes } from './contacts';
import { conversationFlowComponentRoutes } from './conversationFlowComponents';
import { conversationFlowRoutes } from './conversationFlows';
import { crmRoutes } from './crm';
import { knowledgeBaseRoutes } from './knowledgeBases';
import { llmRoutes } from './llms';
import { phoneNumberRoutes } from './phoneNumbers';
import { playgroundRoutes } from './playground';
import { testRoutes } from './tests';
import { voiceRoutes } from './voices';

export const ROUTES: Route[] = [
	...agentRoutes,
	...llmRoutes,
	...conversationFlowRoutes,
	...conversationFlowComponentRoutes,
	...phoneNumberRoutes,
	...callRoutes,
	...chatAgentRoutes,
	...chatRoutes,
	...voiceRoutes,
	...knowledgeBaseRoutes,
	...batchCallRoutes,
	...concurrencyRoutes,
	...testRoutes,
	...contactRoutes,
	...appRoutes,
	...crmRoutes,
	...accountRoutes,
	...playgroundRoutes,
];

/** Endpoints Retell removed (retell-api.md §10): they answer 404 with the replacement, so a node cannot regress onto them. */
export const REMOVED_ROUTES: Array<{ method: HttpMethod; path: string; use: string }> = [
	{ method: 'POST', path: '/v2/list-calls', use: 'POST /v3/list-calls' },
	{ method: 'GET', path: '/list-calls', use: 'POST /v3/list-calls' },
	{ method: 'GET', path: '/list-agents', use: 'POST /v2/list-agents' },
	{ method: 'GET', path: '/list-chat-agents', use: 'POST /v2/list-agents' },
	{ method: 'GET', path: '/list-retell-llms', use: 'GET /v2/list-retell-llms' },
	{ method: 'GET', path: '/list-phone-numbers', use: 'GET /v2/list-phone-numbers' },
	{ method: 'POST', path: '/v2/create-web-call', use: 'POST /v3/create-web-call' },
	{ method: 'GET', path: '/list-conversation-flows', use: 'GET /v2/list-conversation-flows' },
	{ method: 'GET', path: '/list-conversation-flow-components', use: 'GET /v2/list-conversation-flow-components' },
	{ method: 'GET', path: '/list-test-case-definitions', use: 'GET /v2/list-test-case-definitions' },
	{ method: 'GET', path: '/list-batch-tests', use: 'GET /v2/list-batch-tests' },
	{ method: 'GET', path: '/list-chat', use: 'POST /v3/list-chats' },
];
