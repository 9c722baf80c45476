import type { IDataObject, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { fieldReader, getResourceId, getString, keysOf, optionsFrom } from '../../../shared/parameters';
import { assertPresent, omitBlank } from '../../../shared/validation';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import type {
	AgentCreateParams,
	LlmCreateParams,
	PhoneNumberCreateParams,
	PhoneNumberResponse,
} from '../../../shared/retell/transport/types';
import { voiceLocator } from '../../../shared/retell/fields';
import { LLM_MODEL_NAMES } from '../llm/models';
import { DEFAULT_VOICE_ID } from './create.operation';
import { leadAnalysisFields, readLeadAnalysis } from './leadAnalysis';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Front Desk',
		description: 'Name of the agent, shown in the Retell dashboard',
	},
	{
		displayName: 'Description',
		name: 'agentDescription',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		description: 'What the agent is for. Retell does not store it; it is passed on in the output, e.g. for saving to Supabase.',
	},
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 6 },
		required: true,
		default: '',
		placeholder: 'You are the friendly receptionist of …',
		description: 'The instructions the agent follows on every call (the LLM\'s general prompt)',
	},
	{
		...voiceLocator,
		default: { mode: 'id', value: DEFAULT_VOICE_ID },
		description: 'The voice the agent speaks with',
	},
	{
		displayName: 'Area Code',
		name: 'areaCode',
		type: 'string',
		default: '',
		placeholder: '415',
		description:
			'To also buy a US phone number in this 3-digit area code, bound to the agent for inbound and outbound calls. Leave empty to buy no number.',
	},
	{
		displayName:
			'With an Area Code this buys a phone number: Retell bills it every month until you delete the number. <a href="https://www.retellai.com/pricing" target="_blank">Pricing</a>',
		name: 'costNotice',
		type: 'notice',
		default: '',
		displayOptions: { hide: { areaCode: [''] } },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Begin Message',
				name: 'beginMessage',
				type: 'string',
				default: '',
				placeholder: 'Hi, this is Ada from Acme. How can I help?',
				description: 'What the agent says first. Empty: the LLM makes up an opening.',
			},
			...leadAnalysisFields,
			{
				displayName: 'Model',
				name: 'model',
				type: 'options',
				options: optionsFrom(LLM_MODEL_NAMES),
				default: 'gpt-4.1',
				description: 'The text model behind the agent. Retell uses GPT-4.1 when none is set.',
			},
			{
				displayName: 'Phone Number Nickname',
				name: 'phoneNumberNickname',
				type: 'string',
				default: '',
				description: 'A name for the bought phone number, for your own reference',
			},
			{
				displayName: 'Webhook URL',
				name: 'webhookUrl',
				type: 'string',
				default: '',
				placeholder: 'https://n8n.example.com/webhook/…',
				description: 'Where Retell posts the agent\'s call events, such as a Retell Trigger URL',
			},
		],
	},
];

interface Created {
	kind: 'agent' | 'LLM';
	id: string;
	remove: (retell: RetellClient) => Promise<unknown>;
}

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const node = this.getNode();
	const name = assertPresent(node, getString(this, 'name', itemIndex), 'Name', itemIndex);
	const prompt = getString(this, 'prompt', itemIndex);
	assertPresent(node, prompt, 'Prompt', itemIndex);
	const agentDescription = getString(this, 'agentDescription', itemIndex).trim();
	const voiceId = getResourceId(this, 'voiceId', itemIndex, 'Voice ID');
	const areaCode = readAreaCode(node, getString(this, 'areaCode', itemIndex), itemIndex);
	const read = fieldReader(node, itemIndex, this.getNodeParameter('additionalFields', itemIndex, {}));
	const llmBody: LlmCreateParams = {
		general_prompt: prompt,
		// A provisioned agent answers the phone, so it greets the caller first.
		start_speaker: 'agent',
		...omitBlank({
			begin_message: read.string('beginMessage', 'Begin Message'),
			model: read.option('model', keysOf(LLM_MODEL_NAMES), 'Model'),
		}),
	};
	const webhookUrl = read.string('webhookUrl', 'Webhook URL')?.trim();
	const nickname = read.string('phoneNumberNickname', 'Phone Number Nickname')?.trim();
	const leadAnalysis = readLeadAnalysis(read);

	const created: Created[] = [];
	const step = async <T>(what: string, request: (retell: RetellClient) => Promise<T>): Promise<T> => {
		try {
			return await retellRequest(this, client, request, { kind: 'create', itemIndex });
		} catch (error) {
			throw await rollBack(this, client, node, itemIndex, what, error, created);
		}
	};

	const llm = await step('creating the LLM', async (retell) => await retell.llm.create(llmBody));
	created.push({ kind: 'LLM', id: llm.llm_id, remove: async (retell) => await retell.llm.delete(llm.llm_id) });

	const agentBody: AgentCreateParams = {
		response_engine: { type: 'retell-llm', llm_id: llm.llm_id },
		voice_id: voiceId,
		agent_name: name,
		...omitBlank({ webhook_url: webhookUrl }),
		...(leadAnalysis.length > 0 ? { post_call_analysis_data: leadAnalysis } : {}),
	};
	const agent = await step('creating the agent', async (retell) => await retell.agent.create(agentBody));
	created.push({ kind: 'agent', id: agent.agent_id, remove: async (retell) => await retell.agent.delete(agent.agent_id) });

	let phoneNumber: PhoneNumberResponse | undefined;
	if (areaCode !== undefined) {
		const binding = [{ agent_id: agent.agent_id, weight: 1 }];
		const numberBody: PhoneNumberCreateParams = {
			area_code: areaCode,
			inbound_agents: binding,
			outbound_agents: binding,
			...omitBlank({ nickname }),
		};
		phoneNumber = await step(
			`buying a phone number in area code ${areaCode}`,
			async (retell) => await retell.phoneNumber.create(numberBody),
		);
	}

	// snake_case keys as the Retell Supabase node's Agent → Save reads them. Retell identifies a
	// number by the number itself, so the E.164 number is also its id.
	const number = phoneNumber?.phone_number ?? null;
	return {
		retell_agent_id: agent.agent_id,
		retell_llm_id: llm.llm_id,
		retell_phone_number_id: number,
		phone_number: number,
		name,
		description: agentDescription || null,
		voice_id: voiceId,
		prompt,
		provider_type: 'retell',
		agent: { ...agent },
		llm: { ...llm },
		phone_number_object: phoneNumber ? { ...phoneNumber } : null,
	};
}

function readAreaCode(node: INode, value: string, itemIndex: number): number | undefined {
	const areaCode = value.trim();
	if (areaCode === '') return undefined;
	if (!/^[2-9]\d{2}$/.test(areaCode)) {
		throw new NodeOperationError(node, 'Area Code must be 3 digits, like 415', {
			itemIndex,
			description: `Got "${value}". Retell buys numbers by US area code.`,
		});
	}
	return Number(areaCode);
}

/**
 * Deletes what the failed provisioning had created, newest first, and returns the error to throw:
 * it names the failed step, Retell's message, and anything that could not be deleted.
 */
async function rollBack(
	context: IExecuteFunctions,
	client: RetellClient,
	node: INode,
	itemIndex: number,
	step: string,
	cause: unknown,
	created: Created[],
): Promise<NodeApiError | NodeOperationError> {
	const deleted: Created[] = [];
	const orphaned: string[] = [];
	for (const resource of [...created].reverse()) {
		try {
			await retellRequest(context, client, resource.remove, { kind: 'write', itemIndex });
			deleted.push(resource);
		} catch (error) {
			orphaned.push(`${resource.kind} ${resource.id} (${errorDetail(error)})`);
		}
	}

	let outcome = '';
	if (deleted.length > 0) {
		const kinds = deleted.map((resource) => resource.kind).reverse();
		const list = kinds.length > 1 ? `${kinds.slice(0, -1).join(', ')} and ${kinds.at(-1)}` : kinds[0];
		outcome += ` The ${list} created before ${kinds.length > 1 ? 'were' : 'was'} deleted.`;
	}
	if (orphaned.length > 0) {
		outcome += ` Could not delete, so delete by hand in Retell: ${orphaned.join('; ')}.`;
	}
	const message = `Provision failed while ${step}: ${errorDetail(cause)}.${outcome}`;

	if (cause instanceof NodeApiError) {
		return new NodeApiError(
			node,
			{ status: cause.httpCode, message: errorDetail(cause) },
			{ message, description: cause.description ?? undefined, httpCode: cause.httpCode ?? undefined, itemIndex },
		);
	}
	return new NodeOperationError(node, message, { itemIndex });
}

/** Retell's own message, which the transport keeps as the error response; else the error's message. */
function errorDetail(error: unknown): string {
	if (error instanceof NodeApiError) {
		const response = error.errorResponse?.message;
		if (typeof response === 'string' && response) return response.replace(/\.$/, '');
	}
	return (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
}

export const operation = retellOperation({
	resource: 'agent',
	operation: 'provision',
	option: {
		name: 'Provision',
		description:
			'Create an LLM with a prompt, an agent on it and optionally buy a phone number for it, in one step; undone if a step fails',
		action: 'Provision an agent with its LLM and phone number',
	},
	docsUrl: apiReference('create-agent'),
	properties,
	execute,
});
