import type { CallTakeOverLiveParams, CallUpdateLiveParams } from 'retell-sdk/resources/call';

import { templatePattern, type Json, type Operation } from './openApiSchema';

/** A closed object schema over every key of an SDK type: a key the SDK adds without a schema here fails to compile. */
function sdkObject<T>(keys: Record<keyof T, Json>, required: Array<keyof T> = []): Json {
	return { type: 'object', additionalProperties: false, required, properties: keys };
}

function operation(method: string, template: string, body?: Json): Operation {
	return {
		method,
		template,
		pattern: templatePattern(template),
		parameters: [],
		...(body ? { body: { required: true, contentType: 'application/json', schema: body } } : {}),
		source: 'retell-sdk 5.66.1 types',
	};
}

const DATA_STORAGE_SETTING: Json = { enum: ['everything', 'everything_except_pii', 'basic_attributes_only'] };

/**
 * The live-call endpoints and rerun-call-analysis, which the OpenAPI description (2026-08-03) lacks, from retell-sdk
 * 5.66.1 (`resources/call.d.ts`, paths from `resources/call.js`). Listen-live and rerun take only the call id in the
 * path: no query, no body.
 */
export function liveCallSdkOperations(): Operation[] {
	const updateLive = sdkObject<CallUpdateLiveParams>({
		call_control: sdkObject<CallUpdateLiveParams.CallControl>({
			// "Must be non-empty."
			additional_context: { type: 'string', minLength: 1 },
			trigger_response: { type: 'boolean' },
		}),
		fields_to_override: sdkObject<CallUpdateLiveParams.FieldsToOverride>({
			data_storage_setting: DATA_STORAGE_SETTING,
			metadata: {},
			// "Setting this to null will remove any existing override."
			override_dynamic_variables: { type: ['object', 'null'], additionalProperties: { type: 'string' } },
		}),
	});
	const takeOver = sdkObject<CallTakeOverLiveParams>({ participant_id: { type: 'string', minLength: 1 } }, ['participant_id']);
	return [
		operation('PATCH', '/v2/update-live-call/{call_id}', updateLive),
		operation('PUT', '/rerun-call-analysis/{call_id}'),
		operation('POST', '/v2/listen-live-call/{call_id}'),
		operation('POST', '/v2/take-over-live-call/{call_id}', takeOver),
	];
}
