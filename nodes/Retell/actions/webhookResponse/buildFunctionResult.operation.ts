import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { buildFunctionResult } from '../../../shared/retell/responses';
import { retellOperation } from '../node.type';
import { answeringRetell } from './answerRetell';

const properties: INodeProperties[] = [
	{
		displayName:
			'Answers a Retell Trigger in Custom Function mode with this node\'s first item, {"result": …}: put it last (Respond: When Last Node Finishes), or anywhere with Respond: Using Webhook Response Node, which answers the moment it runs. To send the result alone (text as plain text), set the trigger\'s Function Options → Response Field to result.',
		name: 'functionResultNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Result',
		name: 'result',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '={{ $json }}',
		description:
			'What the agent reads: text, or JSON from an expression (by default the whole input item). Retell keeps 15,000 characters; a longer result is cut here and ends with a note saying so, instead of being cut silently.',
	},
];

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const result: unknown = this.getNodeParameter('result', itemIndex, '');
	return buildFunctionResult(result).json;
}

export const operation = retellOperation({
	resource: 'webhookResponse',
	operation: 'buildFunctionResult',
	option: {
		name: 'Build Function Result',
		description:
			'Answer a custom function call from Retell Trigger, cut to Retell\'s 15,000 characters with a visible marker',
		action: 'Build a custom function result',
	},
	docsUrl: 'https://docs.retellai.com/build/single-multi-prompt/custom-function',
	needsClient: false,
	properties,
	execute: answeringRetell(execute),
});
