import type { INodeProperties } from 'n8n-workflow';

/** How a synchronous mode (custom function, inbound call or SMS) answers Retell; the webhook's response mode follows it. */
export function respondProperty(mode: 'customFunction' | 'inboundCall' | 'inboundSms', answer: string): INodeProperties {
	return {
		displayName: 'Respond',
		name: 'respond',
		type: 'options',
		noDataExpression: true,
		default: 'lastNode',
		options: [
			{
				name: 'When Last Node Finishes',
				value: 'lastNode',
				description: `The first item of the workflow's last node is the ${answer}; end the workflow with Retell → Webhook Response`,
			},
			{
				name: 'Using Webhook Response Node',
				value: 'responseNode',
				description: `Retell → Webhook Response sends the ${answer} the moment it runs; the nodes after it (logging, CRM updates) run without keeping the caller waiting`,
			},
		],
		displayOptions: { show: { mode: [mode] } },
	};
}
