import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { retellSupabaseApiTest } from '../shared/supabase/credentialTest';
import { searchAgents, searchChatAgents, searchPhoneNumbers } from '../shared/retell/listSearch';
import { retellWebhook, triggerProperties } from './descriptions';
import { handleWebhook } from './handlers';
import { checkExists, create, deleteRegistration } from './registration';

export class RetellTrigger implements INodeType {
	/*
	 * Codex (RetellTrigger.node.json): n8n's node picker lists this trigger inside the Retell entry (same name
	 * without "Trigger"), so the Retell node's codex decides what search finds; Retell must not carry the "AI"
	 * category, which hides non-root AI nodes from search. This codex keeps "AI" because only then does the
	 * picker offer the Mode options as actions (On custom function call, On inbound call) beside the events.
	 */
	description: INodeTypeDescription = {
		displayName: 'Retell Trigger',
		name: 'retellTrigger',
		icon: { light: 'file:retell.svg', dark: 'file:retell.dark.svg' },
		group: ['trigger'],
		// 1.1 changes nothing in this node: n8n evaluates a legacy binary-data expression for every request to a
		// version-1 webhook node, which costs an expression isolate per request (docs/benchmarks.md).
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle:
			'={{{"callEvents": "Call Events", "chatEvents": "Chat Events", "customFunction": "Custom Function", "inboundCall": "Inbound Call", "inboundSms": "Inbound SMS"}[$parameter["mode"]]}}',
		// n8n's node picker shows this text for the Retell entry (node and trigger together), so it names both.
		description:
			'Retell AI voice and chat agents: start workflows on signed call and chat events, custom function calls, inbound calls and SMS; create agents, place calls, send SMS',
		defaults: { name: 'Retell Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'retellApi', required: true },
			{
				name: 'retellSupabaseApi',
				required: true,
				testedBy: 'retellSupabaseApiTest',
				// '/' names the parameters by their path from the root: n8n before 2.x's editor takes a parameter named
				// plainly here for the node's authentication selector and hides it (Log Events to Supabase) and the
				// ones it depends on (Mode) from the panel. The condition is the same.
				displayOptions: { show: { '/mode': ['callEvents'], '/logEvents': [true] } },
			},
		],
		webhooks: [retellWebhook],
		properties: triggerProperties,
	};

	methods = {
		credentialTest: { retellSupabaseApiTest },
		listSearch: { searchAgents, searchChatAgents, searchPhoneNumbers },
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await checkExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await create.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await deleteRegistration.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleWebhook.call(this);
	}
}
