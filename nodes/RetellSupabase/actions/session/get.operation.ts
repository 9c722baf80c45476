import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { supabaseRequest, type RetellSupabaseClient } from '../../transport';
import { callIdProperty, readCallId } from '../common.descriptions';

const properties: INodeProperties[] = [callIdProperty];

export const description = updateDisplayOptions({ show: { resource: ['session'], operation: ['get'] } }, properties);

export async function execute(
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
