import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { fieldReader, getCollection, getOption } from '../../../shared/parameters';
import { PROVIDER_TYPES, toAgentRow, type AgentOverrides } from '../../../shared/supabase/agentRow';
import { supabaseRequest, type RetellSupabaseClient } from '../../../shared/supabase/transport';
import { supabaseOperation } from '../node.type';

const properties: INodeProperties[] = [
	{
		displayName:
			'Saves the agent of each input item, e.g. the output of Retell → Agent → Provision or Create, as a row of the agents table, matched by its Retell agent ID',
		name: 'saveNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Provider Type',
		name: 'providerType',
		type: 'options',
		options: [
			{ name: 'Retell', value: 'retell' },
			{ name: 'Twilio (Legacy)', value: 'twilio' },
			{ name: 'Vapi', value: 'vapi' },
		],
		default: 'retell',
		description: 'Which voice platform runs the agent (the provider_type column)',
	},
	{
		displayName: 'Fields',
		name: 'fields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Values that replace what the input item carries. Fields left out keep their stored value.',
		options: [
			{ displayName: 'Description', name: 'description', type: 'string', default: '' },
			{ displayName: 'Name', name: 'name', type: 'string', default: '' },
			{
				displayName: 'Phone Number',
				name: 'phoneNumber',
				type: 'string',
				default: '',
				placeholder: '+14155550100',
			},
			{ displayName: 'Prompt', name: 'prompt', type: 'string', typeOptions: { rows: 4 }, default: '' },
			{
				displayName: 'Retell Agent ID',
				name: 'retellAgentId',
				type: 'string',
				default: '',
				placeholder: 'agent_a1b2c3…',
				description: 'Needed when the input item has neither retell_agent_id nor agent_id',
			},
			{
				displayName: 'Retell Phone Number ID',
				name: 'retellPhoneNumberId',
				type: 'string',
				default: '',
				description: 'Retell identifies a number by the number itself, e.g. +14155550100',
			},
			{ displayName: 'Voice ID', name: 'voiceId', type: 'string', default: '', placeholder: '11labs-Jenny' },
		],
	},
];

function readOverrides(context: IExecuteFunctions, itemIndex: number): AgentOverrides {
	const fields = fieldReader(context.getNode(), itemIndex, getCollection(context, 'fields', itemIndex));
	return {
		retell_agent_id: fields.string('retellAgentId', 'Retell Agent ID')?.trim(),
		name: fields.string('name', 'Name'),
		description: fields.string('description', 'Description'),
		voice_id: fields.string('voiceId', 'Voice ID')?.trim(),
		prompt: fields.string('prompt', 'Prompt'),
		phone_number: fields.string('phoneNumber', 'Phone Number')?.trim(),
		retell_phone_number_id: fields.string('retellPhoneNumberId', 'Retell Phone Number ID')?.trim(),
	};
}

/**
 * One upsert per item, on retell_agent_id. A single-object upsert writes only the keys it sends, so
 * a partial item (e.g. Agent → Create output, which has no prompt) never blanks a stored column, as a
 * batched upsert of rows with different keys would (PostgREST fills the missing keys with NULL).
 */
async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: RetellSupabaseClient,
): Promise<IDataObject> {
	const providerType = getOption(this, 'providerType', PROVIDER_TYPES, itemIndex);
	const row = toAgentRow(this.getInputData()[itemIndex].json, readOverrides(this, itemIndex), providerType);
	if (!row) {
		throw new NodeOperationError(this.getNode(), 'No Retell agent ID to save the agent under', {
			itemIndex,
			description: 'The input item has neither retell_agent_id nor agent_id. Set Fields → Retell Agent ID.',
		});
	}
	const saved = await supabaseRequest(
		this,
		client,
		(db) => db.from('agents').upsert(row, { onConflict: 'retell_agent_id' }).select().single(),
		{ target: { table: 'agents' }, itemIndex },
	);
	return { ...saved };
}

export const operation = supabaseOperation({
	resource: 'agent',
	operation: 'save',
	option: {
		name: 'Save',
		description: 'Create or update the agents row of a Retell agent, matched by its Retell agent ID',
		action: 'Save an agent',
	},
	properties,
	execute,
});
