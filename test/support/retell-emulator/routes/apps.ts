import type { AppCreateParams, AppListUsagesResponse, AppResponse, AppTestAuthResponse } from 'retell-sdk/resources/app';
import { RetellHttpError, badRequest } from '../errors';
import { created, noContent, ok, type EmulatorCore, type Reply, type Route, type RouteContext } from '../http';
import { newId } from '../ids';
import { paginate, parsePageRequest } from '../pagination';
import type { EmulatorState } from '../state';
import { bodyObject, isHttpUrl, isRecord, optionalBoolean, optionalString, queryBoolean, rejectCamelCase, requireString, type JsonObject } from '../validate';

// Apps: connections to external systems (SDK 5.66.1 resources/app.d.ts, paths from app.js;
// https://docs.retellai.com/api-references/create-app). A newer resource: a missing app is 404 (retell-api.md §1).

/** ⚠ The organization every emulated object belongs to; Retell derives it from the API key. */
export const EMULATOR_ORG_ID = 'org_emulator';

const APP_TYPES = new Set<AppResponse['type']>(['crm', 'calendar', 'knowledge_base', 'support', 'communication']);
/** "Supported CRM platforms: Salesforce, HubSpot" (https://docs.retellai.com/integrations/crm-overview); ⚠ the names. */
const CRM_PROVIDERS = new Set(['hubspot', 'salesforce']);
/** "Up to 20 apps per provider" (SDK `app.create`); ⚠ the 400. */
const MAX_APPS_PER_PROVIDER = 20;
const SERVER_FIELDS = ['app_id', 'org_id', 'created_timestamp', 'user_modified_timestamp', 'connection_status', 'tenant_type'];
const CREATE_FIELDS = new Set(['provider', 'type', 'auth_config', 'crm_config', 'name', 'tenant_id', 'tenant_url']);

type Credentials = NonNullable<AppCreateParams['auth_config']>;
type CrmConfig = NonNullable<AppResponse['crm_config']>;

/** An agent version or knowledge base configured with the app, as list-app-usages shows it. */
export type AppUsage =
	| { type: 'agent'; agent_id: string; agent_versions: number[]; configured_timestamp: number }
	| { type: 'knowledge_base'; knowledge_base_id: string; configured_timestamp: number };

/**
 * What Retell keeps beside an app and never returns: the credentials ("stored encrypted and never returned", SDK
 * `app.create`), whether the provider still accepts them, and the agents and knowledge bases using the app.
 */
interface AppSecrets {
	credentials?: Credentials;
	refused: boolean;
	usages: AppUsage[];
}
const secretsOf = new WeakMap<AppResponse, AppSecrets>();

/**
 * ⚠ How the emulated provider judges credentials: it refuses any whose secret contains "invalid" (so a run from the
 * command line can provoke a refusal), and any that `refuseAppCredentials` revoked.
 */
function providerAccepts(secrets: AppSecrets | undefined): boolean {
	const credentials = secrets?.credentials;
	if (!credentials || secrets.refused) return false;
	const secret = credentials.type === 'api_key' ? credentials.api_key : credentials.type === 'basic' ? credentials.password : credentials.client_secret;
	return !/invalid/i.test(secret);
}

/** Whether the provider accepts the app's stored credentials: what test-app-auth and a CRM sync find. */
export function appCredentialsAccepted(app: AppResponse): boolean {
	return providerAccepts(secretsOf.get(app));
}

export function findApp(core: EmulatorCore, appId: string): AppResponse {
	const app = core.state.apps.get(appId);
	if (!app) throw new RetellHttpError(404);
	return app;
}

/** The provider stops accepting the app's stored credentials (a revoked or rotated key), until new ones are set. */
export function refuseAppCredentials(state: EmulatorState, appId: string): void {
	const app = state.apps.get(appId);
	const secrets = app && secretsOf.get(app);
	if (!secrets) throw new Error(`No app ${appId} in the emulator`);
	secrets.refused = true;
}

/**
 * Records that an agent or knowledge base uses the app. Retell records it when one is configured with the app; no SDK
 * 5.66.1 field of an agent or knowledge base names an app, so tests record it here.
 */
export function recordAppUsage(state: EmulatorState, appId: string, usage: AppUsage): void {
	const app = state.apps.get(appId);
	const secrets = app && secretsOf.get(app);
	if (!secrets) throw new Error(`No app ${appId} in the emulator`);
	secrets.usages.push(usage);
}

function nonEmptyString(body: JsonObject, key: string, where: string): string {
	const value = body[key];
	if (typeof value !== 'string' || value.trim() === '') throw badRequest(`${where}.${key} is required and must be a non-empty string.`);
	return value;
}

/** Checks auth_config; messages name fields, never their values (SDK: the secrets are "stored encrypted at rest"). */
function readCredentials(value: unknown): Credentials {
	if (!isRecord(value)) throw badRequest('auth_config must be an object.');
	const fields: Record<Credentials['type'], string[]> = {
		api_key: ['api_key'],
		basic: ['username', 'password'],
		oauth2: ['client_id', 'client_secret'],
	};
	const type = value.type;
	if (type !== 'api_key' && type !== 'basic' && type !== 'oauth2') throw badRequest('auth_config.type must be oauth2, api_key or basic.');
	const unknown = Object.keys(value).find((key) => key !== 'type' && !fields[type].includes(key));
	if (unknown) throw badRequest(`auth_config of type ${type} has no field ${unknown}.`);
	for (const key of fields[type]) nonEmptyString(value, key, 'auth_config');
	return value as unknown as Credentials;
}

/** The response's non-secret view of the credentials (SDK `AppResponse.auth_config`). */
function publicAuthConfig(credentials: Credentials): NonNullable<AppResponse['auth_config']> {
	switch (credentials.type) {
		case 'oauth2':
			return { type: 'oauth2', client_id: credentials.client_id };
		case 'basic':
			return { type: 'basic', username: credentials.username };
		default:
			return { type: 'api_key' };
	}
}

function readMappings(config: JsonObject, key: 'inbound_sync_mappings' | 'outbound_sync_mappings'): CrmConfig[typeof key] {
	const value = config[key];
	if (value === undefined) return undefined;
	if (!Array.isArray(value)) throw badRequest(`crm_config.${key} must be a list.`);
	return value.map((entry: unknown, index) => {
		if (!isRecord(entry)) throw badRequest(`crm_config.${key}[${index}] must be an object.`);
		return { field_name: nonEmptyString(entry, 'field_name', `crm_config.${key}[${index}]`), external_field_name: nonEmptyString(entry, 'external_field_name', `crm_config.${key}[${index}]`) };
	});
}

/** crm_config (SDK `AppCreateParams.CRMConfig`): inbound mappings "must include phone_number". */
function readCrmConfig(value: unknown): CrmConfig {
	if (!isRecord(value)) throw badRequest('crm_config must be an object.');
	const inbound = readMappings(value, 'inbound_sync_mappings');
	if (inbound && !inbound.some((mapping) => mapping.field_name === 'phone_number')) {
		throw badRequest('crm_config.inbound_sync_mappings must include phone_number, the field contacts are matched on.');
	}
	const outbound = readMappings(value, 'outbound_sync_mappings');
	const activity = optionalBoolean(value, 'sync_conversation_activity');
	const newContacts = optionalBoolean(value, 'sync_new_contacts');
	return {
		...(inbound ? { inbound_sync_mappings: inbound } : {}),
		...(outbound ? { outbound_sync_mappings: outbound } : {}),
		...(activity === undefined ? {} : { sync_conversation_activity: activity }),
		...(newContacts === undefined ? {} : { sync_new_contacts: newContacts }),
	};
}

/** name, tenant_id, tenant_url: strings; the tenant URL an http(s) base URL (SDK "Per-tenant API base URL"). */
function readSettings(input: JsonObject): Pick<AppResponse, 'name' | 'tenant_id' | 'tenant_url'> {
	const settings: Pick<AppResponse, 'name' | 'tenant_id' | 'tenant_url'> = {};
	for (const key of ['name', 'tenant_id', 'tenant_url'] as const) {
		const value = optionalString(input, key);
		if (value !== undefined && value !== null) settings[key] = value;
	}
	if (settings.tenant_url !== undefined && !isHttpUrl(settings.tenant_url)) throw badRequest('tenant_url must be an http(s) URL.');
	return settings;
}

function checkFields(input: JsonObject): void {
	rejectCamelCase(input);
	for (const field of SERVER_FIELDS) if (input[field] !== undefined) throw badRequest(`${field} is set by the server.`);
}

/** POST /create-app → 201 (https://docs.retellai.com/api-references/create-app): not connected until verified. */
function createApp({ body, core }: RouteContext): Reply<AppResponse> {
	const input = bodyObject(body);
	checkFields(input);
	const unknown = Object.keys(input).find((key) => !CREATE_FIELDS.has(key));
	if (unknown) throw badRequest(`Unknown field ${unknown}.`);
	const provider = requireString(input, 'provider');
	const type = input.type;
	if (typeof type !== 'string' || !APP_TYPES.has(type as AppResponse['type'])) {
		throw badRequest(`type is required and must be one of ${[...APP_TYPES].join(', ')}.`);
	}
	if (type === 'crm' && !CRM_PROVIDERS.has(provider)) throw badRequest(`provider ${provider} is not a CRM provider: use ${[...CRM_PROVIDERS].join(' or ')}.`);
	const credentials = input.auth_config === undefined ? undefined : readCredentials(input.auth_config);
	const crmConfig = input.crm_config === undefined ? undefined : readCrmConfig(input.crm_config);
	const settings = readSettings(input);
	const sameProvider = [...core.state.apps.values()].filter((app) => app.provider === provider).length;
	if (sameProvider >= MAX_APPS_PER_PROVIDER) throw badRequest(`At most ${MAX_APPS_PER_PROVIDER} apps per provider: ${provider} has ${sameProvider}.`);

	const now = Date.now();
	const app: AppResponse = {
		app_id: newId('app_'),
		org_id: EMULATOR_ORG_ID,
		provider,
		type: type as AppResponse['type'],
		created_timestamp: now,
		user_modified_timestamp: now,
		// "`not_connected` after create" (SDK `AppResponse.connection_status`).
		connection_status: 'not_connected',
		...settings,
		...(credentials ? { auth_config: publicAuthConfig(credentials) } : {}),
		...(crmConfig ? { crm_config: crmConfig } : {}),
	};
	core.state.apps.set(app.app_id, app);
	core.state.registerCreated(app.app_id);
	secretsOf.set(app, { credentials, refused: false, usages: [] });
	return created(structuredClone(app));
}

/**
 * PATCH /update-app/{id} → 200: "Omitted fields remain unchanged" (SDK `app.update`); ⚠ crm_config is merged key by
 * key the same way. New credentials or a new tenant URL reset `connection_status` to `not_connected` (SDK
 * `AppResponse.connection_status`); new credentials are no longer refused.
 */
function updateApp({ params, body, core }: RouteContext): Reply<AppResponse> {
	const current = findApp(core, params.app_id!);
	const input = bodyObject(body);
	checkFields(input);
	for (const field of ['provider', 'type']) if (input[field] !== undefined) throw badRequest(`${field} cannot be changed; create another app.`);
	const unknown = Object.keys(input).find((key) => !CREATE_FIELDS.has(key));
	if (unknown) throw badRequest(`Unknown field ${unknown}.`);
	const credentials = input.auth_config === undefined ? undefined : readCredentials(input.auth_config);
	const crmConfig = input.crm_config === undefined ? undefined : readCrmConfig(input.crm_config);
	const settings = readSettings(input);

	const secrets = secretsOf.get(current) ?? { refused: false, usages: [] };
	const reconnect = credentials !== undefined || (settings.tenant_url !== undefined && settings.tenant_url !== current.tenant_url);
	const updated: AppResponse = {
		...current,
		...settings,
		...(credentials ? { auth_config: publicAuthConfig(credentials) } : {}),
		...(crmConfig ? { crm_config: { ...current.crm_config, ...crmConfig } } : {}),
		...(reconnect ? { connection_status: 'not_connected' as const } : {}),
		user_modified_timestamp: Date.now(),
	};
	core.state.apps.set(updated.app_id, updated);
	secretsOf.set(updated, credentials ? { ...secrets, credentials, refused: false } : secrets);
	return ok(structuredClone(updated));
}

/** GET /list-apps: query paging, newest first by default (retell-api.md §3). */
function listApps({ query, core }: RouteContext): Reply {
	return ok(
		paginate(
			core.state.apps.values(),
			parsePageRequest(query, { keyStyle: core.options.paginationKeys }),
			(app) => core.state.seqOf(app.app_id),
			(app) => app.app_id,
			(app) => structuredClone(app),
		),
	);
}

function getApp({ params, core }: RouteContext): Reply<AppResponse> {
	return ok(structuredClone(findApp(core, params.app_id!)));
}

/**
 * DELETE /delete-app/{id}?force_delete → 204: "Fails when agents or knowledge bases still reference it, unless
 * force_delete is set. If a CRM config is linked to this App, the link is cleared." (SDK `app.delete`); ⚠ the 400.
 */
function deleteApp({ params, query, core }: RouteContext): Reply {
	const app = findApp(core, params.app_id!);
	const usages = secretsOf.get(app)?.usages.length ?? 0;
	if (usages > 0 && !queryBoolean(query, 'force_delete')) {
		throw badRequest(`This app is used by ${usages} agent(s) or knowledge base(s); pass force_delete=true to delete it anyway.`);
	}
	core.state.apps.delete(app.app_id);
	const config = core.state.crmConfig;
	if (config?.app_id === app.app_id) {
		const unlinked = { ...config };
		delete unlinked.app_id;
		core.state.crmConfig = unlinked;
	}
	return noContent();
}

type UsageItem = AppListUsagesResponse['items'][number];

/** The usage as listed: current names, "omitted if the agent was deleted"; versions "largest first" (SDK). */
function usageItem(core: EmulatorCore, usage: AppUsage): UsageItem {
	if (usage.type === 'agent') {
		const name = core.state.agents.get(usage.agent_id)?.agent_name ?? core.state.chatAgents.get(usage.agent_id)?.agent_name;
		return { ...usage, agent_versions: [...usage.agent_versions].sort((a, b) => b - a), ...(name ? { agent_name: name } : {}) };
	}
	const name = core.state.knowledgeBases.get(usage.knowledge_base_id)?.knowledge_base_name;
	return { ...usage, ...(name ? { knowledge_base_name: name } : {}) };
}

/** GET /list-app-usages/{id}: "most recently configured first by default" (SDK `app.listUsages`). */
function listAppUsages({ params, query, core }: RouteContext): Reply {
	const app = findApp(core, params.app_id!);
	const usages = secretsOf.get(app)?.usages ?? [];
	return ok(
		paginate(
			usages,
			parsePageRequest(query, { keyStyle: core.options.paginationKeys }),
			(usage) => usage.configured_timestamp,
			(usage) => (usage.type === 'agent' ? usage.agent_id : usage.knowledge_base_id),
			(usage) => usageItem(core, usage),
		),
	);
}

/**
 * POST /test-app-auth/{id} → 200 `{success}`: "records the outcome on the App's connection_status either way"
 * (SDK `app.testAuth`). ⚠ An app without stored credentials (OAuth not yet authorized) fails the probe.
 */
function testAppAuth({ params, core }: RouteContext): Reply<AppTestAuthResponse> {
	const app = findApp(core, params.app_id!);
	const success = appCredentialsAccepted(app);
	app.connection_status = success ? 'connected' : 'error';
	return ok({ success });
}

export const appRoutes: Route[] = [
	{ method: 'POST', path: '/create-app', handler: createApp },
	{ method: 'PATCH', path: '/update-app/:app_id', handler: updateApp },
	{ method: 'GET', path: '/list-apps', handler: listApps },
	{ method: 'DELETE', path: '/delete-app/:app_id', handler: deleteApp },
	{ method: 'GET', path: '/get-app/:app_id', handler: getApp },
	{ method: 'GET', path: '/list-app-usages/:app_id', handler: listAppUsages },
	{ method: 'POST', path: '/test-app-auth/:app_id', handler: testAppAuth },
];
