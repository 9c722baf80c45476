import type {
	ContactBackfillAnalysisDataParams,
	ContactCreateImportParams,
	ContactCreateParams,
	ContactListConversationsParams,
	ContactListParams,
	ContactUpdateParams,
	ContactUploadImportFileParams,
} from 'retell-sdk/resources/contact';

import { templatePattern, type Json, type Operation, type Parameter } from './openApiSchema';

/**
 * The contact endpoints, which the OpenAPI description (2026-08-03) lacks, written from retell-sdk 5.66.1's types
 * (resources/contact.d.ts) and paths (resources/contact.js). Each key record is typed by the SDK's param type, so a
 * field added to or removed from the SDK stops this from compiling until its schema follows.
 */

/** Every key of the SDK type, with its schema; `additionalProperties: false` makes an unknown field a violation. */
function sdkObject<T>(keys: Record<keyof T, Json>, required: Array<keyof T> = []): Json {
	return { type: 'object', additionalProperties: false, required, properties: keys };
}

const STRING_LIST: Json = { type: 'array', items: { type: 'string' } };
const STRING_OPS: Json = { enum: ['eq', 'ne', 'sw', 'ew', 'co'] };
const NUMBER_OPS: Json = { enum: ['eq', 'ne', 'gt', 'ge', 'lt', 'le'] };

function typedFilter(type: string, op: Json, value: Json | undefined, keyed: boolean): Json {
	const properties: Json = { type: { const: type }, op, ...(value ? { value } : {}), ...(keyed ? { key: { type: 'string' } } : {}) };
	return { type: 'object', additionalProperties: false, required: value ? ['type', 'op', 'value'] : ['type', 'op'], properties };
}

/** `ContactListParams.FilterCriteria`'s typed filters; `keyed` ones (custom fields) also name their field. */
function filters(keyed: boolean) {
	return {
		string: typedFilter('string', STRING_OPS, { type: 'string' }, keyed),
		number: typedFilter('number', NUMBER_OPS, { type: 'number' }, keyed),
		boolean: typedFilter('boolean', { const: 'eq' }, { type: 'boolean' }, keyed),
		range: typedFilter('range', { const: 'bt' }, { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 }, keyed),
		enum: typedFilter('enum', { const: 'in' }, STRING_LIST, keyed),
		present: typedFilter('present', { enum: ['pr', 'np'] }, undefined, keyed),
	};
}

const CONTACT_FIELDS: Record<keyof ContactUpdateParams, Json> = {
	custom_fields: { type: 'object' },
	do_not_call: { type: 'boolean' },
	first_name: { type: 'string' },
	last_name: { type: 'string' },
	tags: STRING_LIST,
};

const plain = filters(false);
const keyed = filters(true);
const FILTER_CRITERIA: Record<keyof ContactListParams.FilterCriteria, Json> = {
	contact_id: plain.string,
	custom_fields: { type: 'array', items: { anyOf: Object.values(keyed) } },
	do_not_call: plain.boolean,
	external_id: { anyOf: [plain.string, plain.present] },
	last_conversation_timestamp: { anyOf: [plain.number, plain.range] },
	phone_number: plain.string,
	tags: plain.enum,
};

const LIST_BODY: Record<keyof ContactListParams, Json> = {
	filter_criteria: sdkObject<ContactListParams.FilterCriteria>(FILTER_CRITERIA),
	limit: { type: 'integer', minimum: 1 },
	pagination_key: { type: 'string' },
	search_query: { type: 'string' },
	skip: { type: 'integer', minimum: 0 },
	sort_order: { enum: ['asc', 'desc'] },
};

const BACKFILL_CALL_FILTER: Record<keyof ContactBackfillAnalysisDataParams.BackfillCallFilter, Json> = {
	agent: {
		type: 'array',
		items: sdkObject<ContactBackfillAnalysisDataParams.BackfillCallFilter.Agent>(
			{ agent_id: { type: 'string' }, version: { type: 'array', items: { type: 'integer', minimum: 0 } } },
			['agent_id'],
		),
	},
	start_timestamp: { anyOf: [plain.number, plain.range] },
};

const COLUMN_MAPPING: Record<keyof ContactCreateImportParams.ColumnMapping, Json> = {
	external_field_name: { type: 'string', minLength: 1 },
	field_name: { type: 'string', minLength: 1 },
};

const CONVERSATIONS_QUERY: Record<keyof ContactListConversationsParams, Parameter> = {
	limit: { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000 } },
	pagination_key: { name: 'pagination_key', in: 'query', schema: { type: 'string' } },
};

const UPLOAD_FORM: Record<keyof ContactUploadImportFileParams, Json> = { file: { type: 'string', format: 'binary' } };

export function contactSdkOperations(): Operation[] {
	const operation = (method: string, template: string, extra: Partial<Operation> = {}): Operation => ({
		method,
		template,
		pattern: templatePattern(template),
		parameters: [],
		source: 'retell-sdk 5.66.1 types',
		...extra,
	});
	const json = (schema: Json, required = true): Operation['body'] => ({ required, contentType: 'application/json', schema });
	return [
		operation('POST', '/create-contact', {
			body: json(sdkObject<ContactCreateParams>({ ...CONTACT_FIELDS, phone_number: { type: 'string', minLength: 1 } }, ['phone_number'])),
		}),
		operation('GET', '/get-contact/{contact_id}'),
		operation('GET', '/get-contact-by-phone/{phone_number}'),
		operation('PATCH', '/update-contact/{contact_id}', { body: json(sdkObject<ContactUpdateParams>(CONTACT_FIELDS)) }),
		operation('DELETE', '/delete-contact/{contact_id}'),
		// contact.list sends `{}` when given nothing (resources/contact.js).
		operation('POST', '/list-contacts', { body: json(sdkObject<ContactListParams>(LIST_BODY), false) }),
		operation('GET', '/list-contact-conversations/{contact_id}', { parameters: Object.values(CONVERSATIONS_QUERY) }),
		operation('POST', '/upload-contact-import-file', {
			body: { required: true, contentType: 'multipart/form-data', schema: sdkObject<ContactUploadImportFileParams>(UPLOAD_FORM, ['file']) },
		}),
		operation('POST', '/create-contact-import', {
			body: json(
				sdkObject<ContactCreateImportParams>(
					{
						column_mapping: { type: 'array', minItems: 1, items: sdkObject<ContactCreateImportParams.ColumnMapping>(COLUMN_MAPPING, ['external_field_name', 'field_name']) },
						default_country: { type: 'string', pattern: '^[A-Z]{2}$' },
						tags: STRING_LIST,
						upload_id: { type: 'string', minLength: 1 },
					},
					['column_mapping', 'upload_id'],
				),
			),
		}),
		operation('GET', '/get-contact-import'),
		operation('POST', '/backfill-contact-analysis-data', {
			body: json(
				sdkObject<ContactBackfillAnalysisDataParams>(
					{
						backfill_attributes: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
						backfill_call_filter: sdkObject<ContactBackfillAnalysisDataParams.BackfillCallFilter>(BACKFILL_CALL_FILTER),
					},
					['backfill_attributes'],
				),
			),
		}),
		operation('GET', '/get-backfill-contact-job-status'),
	];
}
