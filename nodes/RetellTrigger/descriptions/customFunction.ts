import type { INodeProperties } from 'n8n-workflow';

import { answerWithinProperties } from './answerWithin';
import { respondProperty } from './respond';

const show = { mode: ['customFunction'] };

export const customFunctionProperties: INodeProperties[] = [
	{
		displayName:
			'Paste the <b>Production URL</b> (<i>Webhook URLs</i> above) as the custom function\'s URL in Retell (the agent\'s LLM → Functions → Custom Function), and end the workflow with Retell → Webhook Response → Build Function Result. <a href="https://docs.retellai.com/build/single-multi-prompt/custom-function" target="_blank">More info</a>',
		name: 'customFunctionNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	{
		displayName: 'HTTP Method',
		name: 'httpMethod',
		type: 'options',
		default: 'POST',
		description: 'The method set on the custom function in Retell. Retell sends the arguments only with POST, PATCH and PUT; GET and DELETE requests carry no body, only the query parameters set on the function.',
		options: [
			{ name: 'DELETE', value: 'DELETE' },
			{ name: 'GET', value: 'GET' },
			{ name: 'PATCH', value: 'PATCH' },
			{ name: 'POST', value: 'POST' },
			{ name: 'PUT', value: 'PUT' },
		],
		displayOptions: { show },
	},
	{
		...respondProperty('customFunction', 'result'),
		hint: 'Build Function Result keeps the answer within the 15,000 characters Retell reads and marks any cut. If the workflow fails, the agent is told the function failed; set nodes to On Error: Continue to give it an error text instead.',
	},
	...answerWithinProperties('customFunction'),
	{
		displayName: 'Function Options',
		name: 'functionOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Response Field',
				name: 'responseField',
				type: 'string',
				default: '',
				placeholder: 'result',
				description:
					'Answer with only this field of the answer item (dot notation for nested fields) instead of the whole item. Set it to result after Build Function Result to send the result without its {"result": …} wrapper; a text field reaches the agent as plain text.',
			},
		],
	},
];
