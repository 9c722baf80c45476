import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { callIdProperty, readCallId } from '../../../shared/retell/fields';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';

const properties: INodeProperties[] = [
	{
		displayName:
			'Retell bills every rerun, and it uses the analysis settings of the agent\'s latest draft version, not the version the call ran on.',
		name: 'billingNotice',
		type: 'notice',
		default: '',
	},
	{ ...callIdProperty, description: 'The ended call to analyze again, e.g. from Get Many or the call_ended event' },
];

/**
 * An `action`, never repeated after a timeout or 5xx: "This operation incurs charges" (SDK 5.66.1 call.rerunAnalysis),
 * and a repeat would be billed again.
 */
async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const callId = readCallId(this, itemIndex);
	const call = await retellRequest(this, client, async (retell) => await retell.call.rerunAnalysis(callId), {
		kind: 'action',
		itemIndex,
		resourceLabel: 'Call',
	});
	return toDataObject(call);
}

export const operation = retellOperation({
	resource: 'call',
	operation: 'rerunAnalysis',
	option: {
		name: 'Rerun Analysis',
		description:
			'Run the post-call analysis of an ended call again with the agent\'s current analysis settings and get the call with its new call_analysis. Billed by Retell; sends no webhook.',
		action: 'Rerun the analysis of a call',
	},
	docsUrl: apiReference('rerun-call-analysis'),
	properties,
	execute,
});
