import type { IDataObject, IExecuteFunctions, IN8nHttpFullResponse, INodeParameters } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { upstreamRetellTrigger } from '../../../shared/upstreamTrigger';
import { responseBody, webhookResponseField, webhookResponseMode } from '../../../shared/retell/webhook';

/** The parameters of a Retell Trigger upstream that is set to Respond: Using Webhook Response Node. */
function triggerAnsweredHere(context: IExecuteFunctions): INodeParameters | undefined {
	return upstreamRetellTrigger(context, (parameters) => webhookResponseMode(parameters) === 'responseNode');
}

/**
 * Sends the first item's answer to Retell now, when the trigger waits for this node (n8n's `responseNode`
 * mode), so the caller does not wait for the nodes after it or for n8n saving the execution. Otherwise the
 * answer is only this node's output and n8n sends it when the workflow ends.
 */
async function sendIfTriggerWaits(context: IExecuteFunctions, answer: IDataObject): Promise<void> {
	const trigger = triggerAnsweredHere(context);
	if (!trigger) return;
	const field = webhookResponseField(trigger);
	if (typeof field === 'string' && field.startsWith('=')) {
		throw new NodeOperationError(context.getNode(), 'The Retell Trigger\'s Response Field must be plain text, not an expression', {
			itemIndex: 0,
			description: 'With Respond: Using Webhook Response Node, this node picks the field itself; type the field name, e.g. result.',
		});
	}
	const body = responseBody(answer, typeof field === 'string' ? field : undefined);
	const response: IN8nHttpFullResponse = { body, headers: {}, statusCode: 200 };
	await context.sendResponse(response);
}

type LocalExecute = (this: IExecuteFunctions, itemIndex: number) => Promise<IDataObject | IDataObject[]>;

/** A Webhook Response operation's execute that also answers Retell right away when its trigger is set up for that. */
export function answeringRetell(execute: LocalExecute): LocalExecute {
	return async function (this: IExecuteFunctions, itemIndex: number) {
		const answer = await execute.call(this, itemIndex);
		if (itemIndex === 0 && !Array.isArray(answer)) await sendIfTriggerWaits(this, answer);
		return answer;
	};
}
