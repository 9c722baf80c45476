import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { getSupabaseClient, supabaseRequest } from '../../shared/supabase/transport';

/** The Retell agents saved in the project's `agents` table, for filters that pick agents. */
export async function getSavedAgents(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const client = await getSupabaseClient(this);
	const rows = await supabaseRequest(
		this,
		client,
		(db) => db.from('agents').select('name, retell_agent_id').not('retell_agent_id', 'is', null).order('name'),
		{ target: { table: 'agents' } },
	);
	return rows.flatMap(({ name, retell_agent_id: agentId }) =>
		agentId ? [{ name: name ? `${name} (${agentId})` : agentId, value: agentId }] : [],
	);
}
