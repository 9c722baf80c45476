import type { AgentRepairParams } from 'retell-sdk/resources/agent';

import { templatePattern, type Operation, type Parameter } from './openApiSchema';

/**
 * Endpoints of this area the OpenAPI description lacks, written from retell-sdk 5.66.1's types. Only repair-agent:
 * the description has get-mcp-tools and agent-playground-completion. `agent.repair` sends `version` in the query and
 * no body (resources/agent.js); the SDK types it `string | number`: a version number or a tag, which a query string
 * carries as text either way.
 */
export function agentToolsSdkOperations(): Operation[] {
	const repairQuery: Record<keyof AgentRepairParams, Parameter> = {
		version: { name: 'version', in: 'query', schema: { type: 'string', pattern: '^(?:\\d+|[a-z][a-z0-9_-]*)$' } },
	};
	return [
		{
			method: 'POST',
			template: '/repair-agent/{agent_id}',
			pattern: templatePattern('/repair-agent/{agent_id}'),
			parameters: Object.values(repairQuery),
			source: 'retell-sdk 5.66.1 types',
		},
	];
}
