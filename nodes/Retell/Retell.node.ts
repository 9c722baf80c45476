import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { operationSubtitle } from '../shared/subtitle';
import { operationDocsHints } from './actions/apiReference';
import { properties } from './actions/index';
import { router } from './actions/router';
import { listSearch, loadOptions } from './methods';

export class Retell implements INodeType {
	// eslint-disable-next-line n8n-nodes-base/node-class-description-missing-subtitle -- computed: the operation's action, not raw values
	description: INodeTypeDescription = {
		displayName: 'Retell',
		name: 'retell',
		icon: { light: 'file:retell.svg', dark: 'file:retell.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: operationSubtitle(properties),
		description:
			'Create Retell AI voice agents, buy phone numbers and place phone or web calls. As an AI tool it can place real phone calls.',
		defaults: { name: 'Retell' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// Webhook Response only shapes items, so a workflow that just answers Retell needs no API key.
		credentials: [{ name: 'retellApi', required: true, displayOptions: { hide: { resource: ['webhookResponse'] } } }],
		hints: operationDocsHints(),
		properties,
	};

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
