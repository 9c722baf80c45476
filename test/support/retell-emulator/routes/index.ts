import type { HttpMethod, Route } from '../http';
import { agentRoutes } from './agents';
import { batchCallRoutes } from './batchCalls';
import { callRoutes } from './calls';
import { concurrencyRoutes } from './concurrency';
import { conversationFlowRoutes } from './conversationFlows';
import { knowledgeBaseRoutes } from './knowledgeBases';
import { llmRoutes } from './llms';
import { phoneNumberRoutes } from './phoneNumbers';
import { voiceRoutes } from './voices';

export const ROUTES: Route[] = [
	...agentRoutes,
	...llmRoutes,
	...conversationFlowRoutes,
	...phoneNumberRoutes,
	...callRoutes,
	...voiceRoutes,
	...knowledgeBaseRoutes,
	...batchCallRoutes,
	...concurrencyRoutes,
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
];
