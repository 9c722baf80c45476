import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { operationSubtitle } from '../shared/subtitle';
import { properties } from './actions/index';
import { router } from './actions/router';
import { searchAgents } from '../shared/retell/listSearch';
import { retellSupabaseApiTest } from '../shared/supabase/credentialTest';
import { getSavedAgents } from './methods/loadOptions';

export class RetellSupabase implements INodeType {
	// eslint-disable-next-line n8n-nodes-base/node-class-description-missing-subtitle -- computed: the operation's action, not raw values
	description: INodeTypeDescription = {
		displayName: 'Retell Supabase',
		name: 'retellSupabase',
		icon: { light: 'file:retellSupabase.svg', dark: 'file:retellSupabase.dark.svg' },
		group: ['output'],
		// n8n appends "Custom API Call" (an HTTP request with a node credential) to the resources of the default
		// version of a node whose credentials have `authenticate` (retellApi, for Reconcile). It means nothing here:
		// n8n 2.41 compares defaultVersion with version, and a one-entry version list keeps the option out
		// (packages/cli load-nodes-and-credentials.ts, injectCustomApiCallOptions).
		version: [1],
		defaultVersion: 1,
		subtitle: operationSubtitle(properties),
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
		properties,
	};

	methods = {
		credentialTest: { retellSupabaseApiTest },
		listSearch: { searchAgents },
		loadOptions: { getSavedAgents },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
