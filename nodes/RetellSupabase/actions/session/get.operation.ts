import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { supabaseRequest, type RetellSupabaseClient } from '../../../shared/supabase/transport';
import { callIdProperty, readCallId } from '../../../shared/retell/fields';
import { supabaseOperation } from '../node.type';

const properties: INodeProperties[] = [callIdProperty];

async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: RetellSupabaseClient,
): Promise<IDataObject> {
	const callId = readCallId(this, itemIndex);
	const session = await supabaseRequest(
		this,
		client,
		(db) => db.from('retell_call_sessions').select('*').eq('call_id', callId).maybeSingle(),
		{ target: { table: 'retell_call_sessions' }, itemIndex },
	);
	if (!session) {
		throw new NodeOperationError(this.getNode(), `No session for call ${callId}`, {
			itemIndex,
			description: 'Check the call ID, or log the call first (Session → Log, or Session → Reconcile).',
		});
	}
	return { ...session };
}

export const operation = supabaseOperation({
	resource: 'session',
	operation: 'get',
	option: {
		name: 'Get',
		description: 'Get the logged session of one call by its call ID',
		action: 'Get a call session',
	},
	properties,
	execute,
});
