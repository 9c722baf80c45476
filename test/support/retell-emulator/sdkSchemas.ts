import type { AgentListParams, AgentListVersionsParams, AgentPublishParams } from 'retell-sdk/resources/agent';
import type { AssetCreateParams } from 'retell-sdk/resources/asset';
import type { CallCreateWebCallParams } from 'retell-sdk/resources/call';
import type { ConversationFlowDeleteParams } from 'retell-sdk/resources/conversation-flow';
import type { LlmDeleteParams } from 'retell-sdk/resources/llm';

import { agentToolsSdkOperations } from './sdkSchemas.agentTools';
import { appSdkOperations } from './sdkSchemas.app';
import { chatSdkOperations } from './sdkSchemas.chat';
import { contactSdkOperations } from './sdkSchemas.contact';
import { liveCallSdkOperations } from './sdkSchemas.liveCall';
import { templatePattern, type Json, type Operation, type Parameter } from './openApiSchema';

/** Schemas for a whole set of keys from an SDK type: a key added to the SDK type without a schema fails to compile. */
function sdkObject<T>(keys: Record<keyof T, Json>, required: Array<keyof T> = []): Json {
	return { type: 'object', additionalProperties: false, required, properties: keys };
}

const PAGE_QUERY = (name: 'limit' | 'pagination_key' | 'sort_order'): Parameter => ({
	name,
	in: 'query',
	schema: name === 'limit' ? { type: 'integer', minimum: 1, maximum: 1000 } : name === 'sort_order' ? { enum: ['ascending', 'descending'] } : { type: 'string' },
});

const DYNAMIC_VARIABLES: Json = { type: 'object', additionalProperties: { type: 'string' } };

/** The endpoints the description lacks, from retell-sdk 5.66.1's types (`resources/agent.d.ts`, `resources/call.d.ts`). */
export function sdkOperations(): Operation[] {
	// limit, pagination_key and sort_order go in the query, filter_criteria in the body (SDK agent.js list).
	const listAgentsBody: Record<Exclude<keyof AgentListParams, 'limit' | 'pagination_key' | 'sort_order'>, Json> = {
		filter_criteria: {
			type: 'object',
			additionalProperties: false,
			properties: {
				channel: { type: 'object', required: ['type', 'op', 'value'], properties: { type: { const: 'string' }, op: { enum: ['eq', 'ne', 'sw', 'ew', 'co'] }, value: { type: 'string' } } },
				query: { type: 'string' },
			},
		},
	};
	const listVersionsKeys: Record<keyof AgentListVersionsParams, true> = { limit: true, pagination_key: true, sort_order: true };
	return [
		{
			method: 'POST',
			template: '/v2/list-agents',
			pattern: templatePattern('/v2/list-agents'),
			parameters: (['limit', 'pagination_key', 'sort_order'] as const).map(PAGE_QUERY),
			body: { required: false, contentType: 'application/json', schema: sdkObject(listAgentsBody) },
			source: 'retell-sdk 5.66.1 types',
		},
		{
			method: 'GET',
			template: '/list-agent-versions/{agent_id}',
			pattern: templatePattern('/list-agent-versions/{agent_id}'),
			parameters: (Object.keys(listVersionsKeys) as Array<'limit' | 'pagination_key' | 'sort_order'>).map(PAGE_QUERY),
			source: 'retell-sdk 5.66.1 types',
		},
		{
			method: 'POST',
			template: '/v3/create-web-call',
			pattern: templatePattern('/v3/create-web-call'),
			parameters: [],
			body: {
				required: true,
				contentType: 'application/json',
				schema: sdkObject<CallCreateWebCallParams>(
					{
						agent_id: { type: 'string', minLength: 1 },
						agent_override: { type: 'object' },
						agent_version: { anyOf: [{ type: 'integer', minimum: 0 }, { type: 'string', pattern: '^[a-z0-9_-]+$' }] },
						current_node_id: { type: ['string', 'null'] },
						current_state: { type: ['string', 'null'] },
						metadata: {},
						retell_llm_dynamic_variables: DYNAMIC_VARIABLES,
					},
					['agent_id'],
				),
			},
			source: 'retell-sdk 5.66.1 types',
		},
		{
			method: 'GET',
			template: '/get-api-key-info',
			pattern: templatePattern('/get-api-key-info'),
			parameters: [],
			source: 'retell-sdk 5.66.1 types',
		},
		{
			method: 'POST',
			template: '/create-asset',
			pattern: templatePattern('/create-asset'),
			parameters: [],
			body: {
				required: true,
				contentType: 'multipart/form-data',
				// A multipart file arrives as [{filename, size, type}] (contract.ts).
				schema: sdkObject<AssetCreateParams>({ file: { type: 'array', minItems: 1, maxItems: 1 } }, ['file']),
			},
			source: 'retell-sdk 5.66.1 types',
		},
		...chatSdkOperations(),
		...liveCallSdkOperations(),
		...contactSdkOperations(),
		...appSdkOperations(),
		...agentToolsSdkOperations(),
	];
}

/**
 * Where the description (2026-08-03) lags retell-sdk 5.66.1 on an endpoint it does describe: the parameters the SDK's
 * types add. The key records are typed by the SDK, so a renamed or removed SDK field stops this from compiling.
 */
const LLM_DELETE_QUERY: Record<keyof LlmDeleteParams, Parameter> = {
	force_delete: { name: 'force_delete', in: 'query', schema: { type: 'boolean' } },
};
const FLOW_DELETE_QUERY: Record<keyof ConversationFlowDeleteParams, Parameter> = {
	force_delete: { name: 'force_delete', in: 'query', schema: { type: 'boolean' } },
};
const PUBLISH_FIELDS: Record<Exclude<keyof AgentPublishParams, 'version'>, true> = { version_title: true, version_description: true };
export const SDK_ADDITIONS: Array<{ method: string; template: string; query?: Parameter[]; body?: string[] }> = [
	{ method: 'DELETE', template: '/delete-retell-llm/{llm_id}', query: Object.values(LLM_DELETE_QUERY) },
	{ method: 'POST', template: '/publish-agent-version/{agent_id}', body: Object.keys(PUBLISH_FIELDS) },
	{ method: 'DELETE', template: '/delete-conversation-flow/{conversation_flow_id}', query: Object.values(FLOW_DELETE_QUERY) },
];
