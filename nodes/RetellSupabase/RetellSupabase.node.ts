import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { resourceDescriptions } from './actions/index';
import { router } from './actions/router';
import { retellSupabaseApiTest } from './methods/credentialTest';

export class RetellSupabase implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Retell Supabase',
		name: 'retellSupabase',
		icon: { light: 'file:retellSupabase.svg', dark: 'file:retellSupabase.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Log Retell AI call sessions, agents and leads in Supabase: idempotent, order-independent, and reconciled against Retell',
		defaults: { name: 'Retell Supabase' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'retellSupabaseApi', required: true, testedBy: 'retellSupabaseApiTest' },
			{
				name: 'retellApi',
				required: true,
				displayOptions: { show: { resource: ['session'], operation: ['reconcile'] } },
			},
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Agent', value: 'agent' },
					{ name: 'Lead', value: 'lead' },
					{ name: 'Session', value: 'session' },
				],
				default: 'session',
			},
			...resourceDescriptions,
		],
	};

	methods = { credentialTest: { retellSupabaseApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
