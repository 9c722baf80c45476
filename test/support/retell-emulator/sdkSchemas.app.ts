import type { AppCreateParams, AppDeleteParams, AppListParams, AppListUsagesParams, AppUpdateParams } from 'retell-sdk/resources/app';
import type { CRMGetSchemaParams, CRMUpdateConfigParams } from 'retell-sdk/resources/crm';

import { templatePattern, type Json, type Operation, type Parameter } from './openApiSchema';

/** A closed object schema over every key of an SDK type: a key the SDK adds without a schema here fails to compile. */
function sdkObject<T>(keys: Record<keyof T, Json>, required: Array<keyof T> = []): Json {
	return { type: 'object', additionalProperties: false, required, properties: keys };
}

function operation(method: string, template: string, parts: { query?: Parameter[]; body?: Json } = {}): Operation {
	return {
		method,
		template,
		pattern: templatePattern(template),
		parameters: parts.query ?? [],
		...(parts.body ? { body: { required: true, contentType: 'application/json', schema: parts.body } } : {}),
		source: 'retell-sdk 5.66.1 types',
	};
}

function queryParameters<T>(schemas: Record<keyof T, Json>): Parameter[] {
	return Object.entries<Json>(schemas).map(([name, schema]) => ({ name, in: 'query', schema }));
}

const TEXT: Json = { type: 'string', minLength: 1 };
const PAGE = { limit: { type: 'integer', minimum: 1, maximum: 1000 }, pagination_key: { type: 'string' }, sort_order: { enum: ['ascending', 'descending'] } };

type AuthConfig = NonNullable<AppCreateParams['auth_config']>;
type CrmConfig = NonNullable<AppCreateParams['crm_config']>;
type SyncMapping = AppCreateParams.CRMConfig.InboundSyncMapping;

/** The three credential forms (SDK `OAuthConfigRequest`, `APIKeyAuthConfigRequest`, `BasicAuthConfigRequest`). */
const AUTH_CONFIG: Json = {
	oneOf: [
		sdkObject<Extract<AuthConfig, { type: 'oauth2' }>>({ type: { const: 'oauth2' }, client_id: TEXT, client_secret: TEXT }, ['type', 'client_id', 'client_secret']),
		sdkObject<Extract<AuthConfig, { type: 'api_key' }>>({ type: { const: 'api_key' }, api_key: TEXT }, ['type', 'api_key']),
		sdkObject<Extract<AuthConfig, { type: 'basic' }>>({ type: { const: 'basic' }, username: TEXT, password: TEXT }, ['type', 'username', 'password']),
	],
};

const SYNC_MAPPINGS: Json = {
	type: 'array',
	items: sdkObject<SyncMapping>({ external_field_name: TEXT, field_name: TEXT }, ['external_field_name', 'field_name']),
};

const CRM_CONFIG = sdkObject<CrmConfig>({
	inbound_sync_mappings: SYNC_MAPPINGS,
	outbound_sync_mappings: SYNC_MAPPINGS,
	sync_conversation_activity: { type: 'boolean' },
	sync_new_contacts: { type: 'boolean' },
});

const APP_SETTINGS = { name: { type: 'string' }, tenant_id: { type: 'string' }, tenant_url: { type: 'string' } };

const FIELD_TYPE: Json = { enum: ['string', 'number', 'boolean', 'date', 'datetime', 'enum'] };

/**
 * The app and CRM endpoints, which the OpenAPI description (2026-08-03) lacks, from retell-sdk 5.66.1
 * (`resources/app.d.ts`, `resources/crm.d.ts`; paths and query/body placement from `app.js`, `crm.js`). get-app,
 * test-app-auth, get-crm-config, get-sync-job-status and run-sync-job take only the path: no query, no body.
 */
export function appSdkOperations(): Operation[] {
	const create = sdkObject<AppCreateParams>(
		{ provider: TEXT, type: { enum: ['crm', 'calendar', 'knowledge_base', 'support', 'communication'] }, auth_config: AUTH_CONFIG, crm_config: CRM_CONFIG, ...APP_SETTINGS },
		['provider', 'type'],
	);
	const update = sdkObject<AppUpdateParams>({ auth_config: AUTH_CONFIG, crm_config: CRM_CONFIG, ...APP_SETTINGS });
	const updateConfig = sdkObject<CRMUpdateConfigParams>({
		// "Pass null to unlink."
		app_id: { type: ['string', 'null'] },
		contact_columns_order: { type: 'array', items: { type: 'string' } },
		crm_analysis_data_mappings: {
			type: 'array',
			items: sdkObject<CRMUpdateConfigParams.CRMAnalysisDataMapping>(
				{ analysis_data_name: TEXT, field_name: TEXT, update_mode: { enum: ['overwrite', 'fill_if_empty', 'merge'] } },
				['analysis_data_name', 'field_name', 'update_mode'],
			),
		},
		custom_fields: {
			type: 'array',
			items: sdkObject<CRMUpdateConfigParams.CustomField>(
				{ name: TEXT, type: FIELD_TYPE, description: { type: 'string' }, label: { type: 'string' }, options: { type: 'array', items: { type: 'string' } } },
				['name', 'type'],
			),
		},
	});
	return [
		operation('POST', '/create-app', { body: create }),
		operation('PATCH', '/update-app/{app_id}', { body: update }),
		operation('GET', '/list-apps', { query: queryParameters<AppListParams>(PAGE) }),
		operation('DELETE', '/delete-app/{app_id}', { query: queryParameters<AppDeleteParams>({ force_delete: { type: 'boolean' } }) }),
		operation('GET', '/get-app/{app_id}'),
		operation('GET', '/list-app-usages/{app_id}', { query: queryParameters<AppListUsagesParams>(PAGE) }),
		operation('POST', '/test-app-auth/{app_id}'),
		operation('GET', '/get-crm-config'),
		operation('POST', '/update-crm-config', { body: updateConfig }),
		operation('GET', '/get-crm-schema', { query: queryParameters<CRMGetSchemaParams>({ app_id: TEXT }) }),
		operation('GET', '/get-sync-job-status'),
		operation('POST', '/run-sync-job'),
	];
}
