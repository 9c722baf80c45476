import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { getRetellClient, retellRequest } from '../../shared/retell/transport';

/** The account's knowledge bases for a multi-select (list-knowledge-bases answers them all in one array). */
export async function getKnowledgeBases(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const client = await getRetellClient(this);
	const knowledgeBases = await retellRequest(this, client, async (retell) => await retell.knowledgeBase.list(), {
		kind: 'read',
	});
	return knowledgeBases
		.map((kb) => ({ name: kb.knowledge_base_name, value: kb.knowledge_base_id, description: kb.status }))
		.sort((a, b) => a.name.localeCompare(b.name));
}
