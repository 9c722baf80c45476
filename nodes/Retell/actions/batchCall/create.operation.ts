import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { fieldReader, getCollection, getOptionalResourceId, getResourceId, getString, toTimestamp } from '../../../shared/parameters';
import { assertE164, assertPhoneNumber, omitBlank } from '../../../shared/validation';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import type { BatchCallCreateBatchCallParams } from '../../../shared/retell/transport/types';
import { phoneNumberLocator } from '../../../shared/retell/fields';
import { customSipHeadersProperty, dynamicVariablesProperties, metadataOptions, overrideAgentLocator, overrideAgentVersionOption, readCallData, readCustomSipHeaders } from '../call/callFields';
import { readAdditionalJson, withJsonOption } from '../common.descriptions';
import { toAgentVersion } from '../../../shared/retell/responses';
import { callTimeWindowProperty, readCallTimeWindow } from './callTimeWindow';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';

type BatchTask = BatchCallCreateBatchCallParams.Task;

const DOCS_URL = apiReference('create-batch-call');

/** The batch's own settings come from the first item; the task fields are read for every item. */
const BATCH_SETTINGS_ITEM = 0;

const properties: INodeProperties[] = [
	{
		displayName:
			'One batch from all items: every input item becomes one call task, so 500 rows make one batch of 500 real phone calls. Map To Number (and the other task fields) from the item, e.g. {{ $json.phone }}. Nothing is sent if any item is invalid.',
		name: 'oneBatchNotice',
		type: 'notice',
		default: '',
	},
	{
		...phoneNumberLocator,
		displayName: 'From Number',
		name: 'fromNumber',
		description: 'One of your Retell numbers (bought or imported) that places every call of the batch',
	},
	{
		displayName: 'To Number',
		name: 'toNumber',
		type: 'string',
		required: true,
		default: '',
		placeholder: '+14155550100',
		hint: 'One task per input item: usually an expression such as {{ $json.phone }}',
		description: 'Number this item\'s task calls, in E.164 format: "+", country code, number, no spaces',
	},
	overrideAgentLocator,
	...dynamicVariablesProperties,
	{
		displayName: 'Task Options',
		name: 'taskOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		description: 'Settings of each item\'s own call',
		options: withJsonOption(
			[
				{
					displayName: 'Agent Override (JSON)',
					name: 'agentOverride',
					type: 'json',
					default: '{}',
					description:
						'Settings that replace the agent\'s for this call only, e.g. {"agent": {"voice_id": "11labs-Adrian"}, "retell_llm": {"begin_message": "Hi {{name}}"}}; keys: agent, retell_llm, conversation_flow',
				},
				customSipHeadersProperty,
				{
					displayName: 'Ignore E.164 Validation',
					name: 'ignoreE164Validation',
					type: 'boolean',
					default: false,
					description:
						'Whether to accept a To Number that is not E.164, such as an internal pseudo number; Retell applies it only on custom (SIP) telephony',
				},
				...metadataOptions,
				overrideAgentVersionOption,
			],
			DOCS_URL,
		),
	},
	{
		displayName: 'Batch Options',
		name: 'batchOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		description: 'Settings of the whole batch, taken from the first item',
		options: [
			callTimeWindowProperty,
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				description: 'Name of the batch in the Retell dashboard',
			},
			{
				displayName: 'Reserved Concurrency',
				name: 'reservedConcurrency',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description:
					'Concurrent calls kept free for other calls (e.g. inbound) while the batch runs; the batch uses the rest',
			},
			{
				displayName: 'Start At',
				name: 'triggerAt',
				type: 'dateTime',
				default: '',
				description: 'When Retell starts dialing; empty means now',
			},
		],
	},
];

function readTask(context: IExecuteFunctions, itemIndex: number): BatchTask {
	const node = context.getNode();
	const options = fieldReader(node, itemIndex, getCollection(context, 'taskOptions', itemIndex));
	const ignoreE164Validation = options.boolean('ignoreE164Validation', 'Ignore E.164 Validation') === true;
	const agentOverride = options.jsonObject('agentOverride', 'Agent Override (JSON)');
	const task: BatchTask = omitBlank({
		to_number: assertPhoneNumber(node, getString(context, 'toNumber', itemIndex), 'To Number', itemIndex, ignoreE164Validation),
		override_agent_id: getOptionalResourceId(context, 'overrideAgentId', itemIndex),
		override_agent_version: toAgentVersion(options.string('overrideAgentVersion')),
		agent_override: agentOverride && Object.keys(agentOverride).length > 0 ? agentOverride : undefined,
		...readCallData(context, itemIndex, 'taskOptions'),
		custom_sip_headers: readCustomSipHeaders(context, 'taskOptions.customSipHeaders.header', itemIndex),
		ignore_e164_validation: ignoreE164Validation || undefined,
	});
	return { ...task, ...readAdditionalJson(options) };
}

/**
 * One create-batch-call for all input items (https://docs.retellai.com/api-references/create-batch-call):
 * Retell then dials the tasks at its own pace within the account's concurrency, which is what a
 * campaign wants, instead of n8n placing one call per item.
 */
async function executeOnce(
	this: IExecuteFunctions,
	itemCount: number,
	client: RetellClient,
): Promise<IDataObject> {
	const node = this.getNode();
	const tasks = Array.from({ length: itemCount }, (_, itemIndex) => readTask(this, itemIndex));
	const batchOptions = getCollection(this, 'batchOptions', BATCH_SETTINGS_ITEM);
	const options = fieldReader(node, BATCH_SETTINGS_ITEM, batchOptions);
	const reservedConcurrency = options.number('reservedConcurrency', 'Reserved Concurrency');
	const body: BatchCallCreateBatchCallParams = omitBlank({
		from_number: assertE164(
			node,
			getResourceId(this, 'fromNumber', BATCH_SETTINGS_ITEM, 'From Number'),
			'From Number',
			BATCH_SETTINGS_ITEM,
		),
		tasks,
		name: options.string('name'),
		trigger_timestamp: toTimestamp(
			batchOptions.triggerAt,
			() => new NodeOperationError(node, 'Start At is not a date and time', { itemIndex: BATCH_SETTINGS_ITEM }),
		),
		call_time_window: readCallTimeWindow(this, 'batchOptions.callTimeWindow.window', BATCH_SETTINGS_ITEM),
		reserved_concurrency: reservedConcurrency === 0 ? undefined : reservedConcurrency,
	});

	const batch = await retellRequest(this, client, async (retell) => await retell.batchCall.createBatchCall(body), {
		kind: 'create',
	});
	return toDataObject(batch);
}

export const operation = retellOperation({
	resource: 'batchCall',
	operation: 'create',
	option: {
		name: 'Create',
		description:
			'Create one batch from all items: each item is one real phone call that Retell places from one number, now or at a scheduled time, within calling hours',
		action: 'Create a batch call',
	},
	docsUrl: DOCS_URL,
	properties,
	executeOnce,
});
