import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { fieldReader, getBoolean, getCollection, getString } from '../../../shared/parameters';
import { omitBlank } from '../../../shared/validation';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { callIdProperty, readCallId } from '../../../shared/retell/fields';
import { apiReference } from '../../../shared/retell/docs';
import { readAdditionalJson, withJsonOption } from '../common.descriptions';
import { retellOperation } from '../node.type';
import { dynamicVariablesProperties, metadataOptions, readDynamicVariables, readMetadata } from './callFields';

import type { CallUpdateLiveParams as UpdateLiveParams } from '../../../shared/retell/transport/types';

const DOCS_URL = apiReference('update-live-call');
const DATA_STORAGE_SETTINGS = ['everything', 'everything_except_pii', 'basic_attributes_only'] as const;

const properties: INodeProperties[] = [
	{ ...callIdProperty, description: 'The ongoing call to change, e.g. from the call_started event of Retell Trigger' },
	{
		displayName: 'Inject Context',
		name: 'additionalContext',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		placeholder: 'The customer just paid invoice 1042 online.',
		description:
			'Information the agent takes into account from its next reply on. Nobody hears it; it appears in the transcript with the role "injected".',
	},
	{
		displayName: 'Trigger Response',
		name: 'triggerResponse',
		type: 'boolean',
		default: false,
		description:
			'Whether the agent should reply now: it drops what it is saying and answers again, or speaks up if it was waiting. Nothing happens while the caller is speaking.',
	},
	...dynamicVariablesProperties.map((property) =>
		property.name === 'dynamicVariablesInput'
			? {
					...property,
					displayName: 'Override Dynamic Variables',
					description:
						'New values for {{variables}} of the running agent; only the ones given change. Retell only takes text, so other values are sent as text.',
				}
			: property,
	),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: withJsonOption(
			[
				{
					displayName: 'Clear Dynamic Variable Overrides',
					name: 'clearDynamicVariables',
					type: 'boolean',
					default: false,
					description: 'Whether to remove every dynamic variable override set on this call so far',
				},
				{
					displayName: 'Data Storage Setting',
					name: 'dataStorageSetting',
					type: 'options',
					options: [
						{
							name: 'Basic Attributes Only',
							value: 'basic_attributes_only',
							description: 'Keep only metadata; no transcript or recording',
						},
						{ name: 'Everything', value: 'everything' },
						{
							name: 'Everything Except PII',
							value: 'everything_except_pii',
							description: 'Remove personal data where possible',
						},
					],
					default: 'everything_except_pii',
					description: 'What Retell keeps of this call from now on. It can only become more restrictive, never less.',
				},
				...metadataOptions.map((option) => ({
					...option,
					description: `${option.description ?? ''} Replaces the call's metadata.`.trim(),
				})),
			],
			DOCS_URL,
		),
	},
];

/**
 * Injected context and a triggered reply happen again when the request is repeated, and Retell leaves no trace a
 * lost answer could be checked against (https://docs.retellai.com/api-references/update-live-call). So a request with
 * call_control is an `action`, never repeated after a timeout or 5xx. Overrides alone are idempotent writes.
 */
function requestKind(body: UpdateLiveParams): 'write' | 'action' {
	return body.call_control ? 'action' : 'write';
}

function readBody(context: IExecuteFunctions, itemIndex: number): UpdateLiveParams {
	const node = context.getNode();
	const options = fieldReader(node, itemIndex, getCollection(context, 'options', itemIndex));
	const dynamicVariables = readDynamicVariables(context, itemIndex);
	const clearDynamicVariables = options.boolean('clearDynamicVariables', 'Clear Dynamic Variable Overrides') === true;
	if (clearDynamicVariables && dynamicVariables) {
		throw new NodeOperationError(node, 'Override Dynamic Variables: both set and cleared', {
			itemIndex,
			description: 'Remove the variables, or turn Clear Dynamic Variable Overrides off.',
		});
	}
	const callControl: NonNullable<UpdateLiveParams['call_control']> = omitBlank({
		additional_context: getString(context, 'additionalContext', itemIndex),
		// "Only `true` has an effect" (SDK 5.66.1 CallUpdateLiveParams.CallControl.trigger_response).
		trigger_response: getBoolean(context, 'triggerResponse', itemIndex) || undefined,
	});
	const fieldsToOverride: NonNullable<UpdateLiveParams['fields_to_override']> = omitBlank({
		override_dynamic_variables: dynamicVariables,
		metadata: readMetadata(context, 'options', itemIndex),
		data_storage_setting: options.option('dataStorageSetting', DATA_STORAGE_SETTINGS, 'Data Storage Setting'),
	});
	// omitBlank drops nulls, so the "remove every override" null goes in afterwards.
	if (clearDynamicVariables) fieldsToOverride.override_dynamic_variables = null;
	const body: UpdateLiveParams = {
		...(Object.keys(callControl).length > 0 ? { call_control: callControl } : {}),
		...(Object.keys(fieldsToOverride).length > 0 ? { fields_to_override: fieldsToOverride } : {}),
		...readAdditionalJson(options),
	};
	if (Object.keys(body).length === 0) {
		throw new NodeOperationError(node, 'Nothing to change on the call', {
			itemIndex,
			description: 'Set Inject Context, turn on Trigger Response, override a dynamic variable or add an option.',
		});
	}
	return body;
}

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const callId = readCallId(this, itemIndex);
	const body = readBody(this, itemIndex);
	const answer = await retellRequest(this, client, async (retell) => await retell.call.updateLive(callId, body), {
		kind: requestKind(body),
		itemIndex,
		resourceLabel: 'Call',
	});
	return { ...toDataObject(answer), call_id: callId };
}

export const operation = retellOperation({
	resource: 'call',
	operation: 'updateLive',
	option: {
		name: 'Update Live',
		description:
			'Steer an ongoing call: give the agent new context, make it reply now, or change its dynamic variables, metadata or data storage setting',
		action: 'Update a live call',
	},
	docsUrl: DOCS_URL,
	properties,
	execute,
});
