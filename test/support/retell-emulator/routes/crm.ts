import type { AppResponse } from 'retell-sdk/resources/app';
import type { CRMConfig, CRMGetSchemaResponse, CRMGetSyncJobStatusResponse } from 'retell-sdk/resources/crm';
import { badRequest } from '../errors';
import { created, ok, type EmulatorCore, type Reply, type Route, type RouteContext } from '../http';
import type { EmulatorState } from '../state';
import { bodyObject, isRecord, rejectCamelCase, requireString } from '../validate';
import { EMULATOR_ORG_ID, appCredentialsAccepted, findApp } from './apps';

// The organization's CRM configuration, the connected CRM's contact schema and the contact sync job (SDK 5.66.1
// resources/crm.d.ts, paths from crm.js; https://docs.retellai.com/api-references/get-crm-config and the pages beside it).

type SchemaField = CRMGetSchemaResponse.Field;
type CustomField = CRMConfig.CustomField;
type AnalysisMapping = CRMConfig.CRMAnalysisDataMapping;

/**
 * ⚠ The contact objects of the emulated CRMs, with the providers' real field names (HubSpot contact properties,
 * Salesforce Contact fields); the real schema is read from the customer's CRM.
 */
const CRM_SCHEMAS: Record<string, SchemaField[]> = {
	hubspot: [
		{ name: 'phone', type: 'string', label: 'Phone Number' },
		{ name: 'mobilephone', type: 'string', label: 'Mobile Phone Number' },
		{ name: 'firstname', type: 'string', label: 'First Name' },
		{ name: 'lastname', type: 'string', label: 'Last Name' },
		{ name: 'email', type: 'string', label: 'Email' },
		{ name: 'lifecyclestage', type: 'enum', label: 'Lifecycle Stage', options: ['subscriber', 'lead', 'opportunity', 'customer', 'other'] },
	],
	salesforce: [
		{ name: 'Phone', type: 'string', label: 'Business Phone' },
		{ name: 'MobilePhone', type: 'string', label: 'Mobile Phone' },
		{ name: 'FirstName', type: 'string', label: 'First Name' },
		{ name: 'LastName', type: 'string', label: 'Last Name' },
		{ name: 'Email', type: 'string', label: 'Email' },
		{ name: 'Birthdate', type: 'date', label: 'Birthdate' },
		{ name: 'LeadSource', type: 'enum', label: 'Lead Source', options: ['Web', 'Phone Inquiry', 'Partner Referral', 'Other'] },
	],
};

/** Every field of a Retell contact (SDK 5.66.1 `ContactResponse`): custom field names cannot collide with them. */
const BUILT_IN_CONTACT_FIELDS = new Set([
	'contact_id', 'created_timestamp', 'org_id', 'phone_number', 'conversation_count', 'custom_fields', 'do_not_call',
	'external_id', 'first_name', 'last_conversation_timestamp', 'last_name', 'tags', 'user_modified_timestamp',
]);
/** ⚠ The built-in contact fields post-call analysis can write, with their types (phone_number never: SDK). */
const WRITABLE_BUILT_INS: Record<string, CustomField['type']> = { first_name: 'string', last_name: 'string', do_not_call: 'boolean' };
const FIELD_TYPES = new Set<CustomField['type']>(['string', 'number', 'boolean', 'date', 'datetime', 'enum']);
const UPDATE_MODES = new Set<AnalysisMapping['update_mode']>(['overwrite', 'fill_if_empty', 'merge']);
const UPDATE_FIELDS = new Set(['app_id', 'contact_columns_order', 'crm_analysis_data_mappings', 'custom_fields']);

/** "Returns an empty configuration when nothing has been set up yet" (SDK `crm.getConfig`). */
function currentConfig(state: EmulatorState): CRMConfig {
	return state.crmConfig ?? { org_id: EMULATOR_ORG_ID };
}

function getConfig({ core }: RouteContext): Reply<CRMConfig> {
	return ok(structuredClone(currentConfig(core.state)));
}

function stringList(value: unknown, key: string): string[] {
	if (!Array.isArray(value) || value.some((entry) => typeof entry !== 'string')) throw badRequest(`${key} must be a list of strings.`);
	return value as string[];
}

/**
 * "Names must be snake_case and cannot collide with a built-in contact field or start with `contact`/`external`";
 * options are "Required when `type` is `enum`" (SDK `CRMUpdateConfigParams.custom_fields`).
 */
function readCustomFields(value: unknown): CustomField[] {
	if (!Array.isArray(value)) throw badRequest('custom_fields must be a list.');
	const names = new Set<string>();
	return value.map((entry: unknown, index) => {
		if (!isRecord(entry)) throw badRequest(`custom_fields[${index}] must be an object.`);
		const name = requireString(entry, 'name');
		if (!/^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/.test(name)) throw badRequest(`custom field ${name} must be snake_case.`);
		if (BUILT_IN_CONTACT_FIELDS.has(name) || /^(contact|external)/.test(name)) {
			throw badRequest(`custom field ${name} collides with a built-in contact field or starts with contact/external.`);
		}
		if (names.has(name)) throw badRequest(`custom field ${name} is defined twice.`);
		names.add(name);
		if (typeof entry.type !== 'string' || !FIELD_TYPES.has(entry.type as CustomField['type'])) {
			throw badRequest(`custom field ${name} needs a type: ${[...FIELD_TYPES].join(', ')}.`);
		}
		const field: CustomField = { name, type: entry.type as CustomField['type'] };
		for (const key of ['label', 'description'] as const) {
			if (entry[key] === undefined) continue;
			if (typeof entry[key] !== 'string') throw badRequest(`custom field ${name}: ${key} must be a string.`);
			field[key] = entry[key];
		}
		if (entry.options !== undefined) field.options = stringList(entry.options, `custom field ${name}: options`);
		if (field.type === 'enum' && !field.options?.length) throw badRequest(`custom field ${name} is an enum and needs options.`);
		return field;
	});
}

/**
 * Each mapping targets "an existing built-in or custom contact field, and cannot be phone_number"; "`merge` is available
 * on string fields only" (SDK `CRMConfig.CRMAnalysisDataMapping`).
 */
function readAnalysisMappings(value: unknown, customFields: CustomField[]): AnalysisMapping[] {
	if (!Array.isArray(value)) throw badRequest('crm_analysis_data_mappings must be a list.');
	const types = new Map<string, CustomField['type']>([...Object.entries(WRITABLE_BUILT_INS), ...customFields.map((field): [string, CustomField['type']] => [field.name, field.type])]);
	return value.map((entry: unknown, index) => {
		if (!isRecord(entry)) throw badRequest(`crm_analysis_data_mappings[${index}] must be an object.`);
		const analysisDataName = requireString(entry, 'analysis_data_name');
		const fieldName = requireString(entry, 'field_name');
		const mode = entry.update_mode;
		if (fieldName === 'phone_number') throw badRequest('crm_analysis_data_mappings cannot write phone_number, which identifies the contact.');
		const type = types.get(fieldName);
		if (!type) throw badRequest(`crm_analysis_data_mappings[${index}].field_name ${fieldName} is not a contact field.`);
		if (typeof mode !== 'string' || !UPDATE_MODES.has(mode as AnalysisMapping['update_mode'])) {
			throw badRequest(`crm_analysis_data_mappings[${index}].update_mode must be overwrite, fill_if_empty or merge.`);
		}
		if (mode === 'merge' && type !== 'string') throw badRequest(`update_mode merge is for string fields only; ${fieldName} is a ${type}.`);
		return { analysis_data_name: analysisDataName, field_name: fieldName, update_mode: mode as AnalysisMapping['update_mode'] };
	});
}

/** The CRM app `app_id` names: ⚠ an unknown app is 404 (a newer resource), one of another type 400. */
function crmApp(core: EmulatorCore, appId: string): AppResponse {
	const app = findApp(core, appId);
	if (app.type !== 'crm') throw badRequest(`app ${appId} is a ${app.type} app, not a CRM app.`);
	return app;
}

/**
 * POST /update-crm-config → 200: "Omitted fields stay as they are; a field that is sent replaces its stored value in
 * full", and "Removing a field that an analysis data mapping still targets is rejected" (SDK `crm.updateConfig`).
 * `app_id: null` unlinks; a new app resets the sync cursor, "so the next sync re-reads every contact".
 */
function updateConfig({ body, core }: RouteContext): Reply<CRMConfig> {
	const input = bodyObject(body);
	rejectCamelCase(input);
	const unknown = Object.keys(input).find((key) => !UPDATE_FIELDS.has(key));
	if (unknown) throw badRequest(`Unknown field ${unknown}.`);
	const stored = currentConfig(core.state);
	const next: CRMConfig = { ...stored };

	if (input.app_id === null) {
		delete next.app_id;
	} else if (input.app_id !== undefined) {
		if (typeof input.app_id !== 'string') throw badRequest('app_id must be a string or null.');
		next.app_id = crmApp(core, input.app_id).app_id;
	}
	if (input.contact_columns_order !== undefined) next.contact_columns_order = stringList(input.contact_columns_order, 'contact_columns_order');
	if (input.custom_fields !== undefined) next.custom_fields = readCustomFields(input.custom_fields);
	const customFields = next.custom_fields ?? [];
	if (input.crm_analysis_data_mappings !== undefined) {
		next.crm_analysis_data_mappings = readAnalysisMappings(input.crm_analysis_data_mappings, customFields);
	} else {
		const orphaned = (next.crm_analysis_data_mappings ?? []).find(
			(mapping) => !Object.hasOwn(WRITABLE_BUILT_INS, mapping.field_name) && !customFields.some((field) => field.name === mapping.field_name),
		);
		if (orphaned) {
			throw badRequest(`custom field ${orphaned.field_name} is still the target of an analysis data mapping; send crm_analysis_data_mappings in the same request.`);
		}
	}
	if (next.app_id !== stored.app_id) cursors.delete(core.state);
	core.state.crmConfig = next;
	return ok(structuredClone(next));
}

/**
 * GET /get-crm-schema?app_id: the linked app by default (SDK `CRMGetSchemaParams.app_id`); ⚠ 400 when none is linked.
 */
function getSchema({ query, core }: RouteContext): Reply<CRMGetSchemaResponse> {
	const appId = query.app_id || currentConfig(core.state).app_id;
	if (!appId) throw badRequest('No CRM app is linked: link one with update-crm-config, or pass app_id.');
	const app = crmApp(core, appId);
	const fields = CRM_SCHEMAS[app.provider];
	if (!fields) throw badRequest(`provider ${app.provider} has no contact schema.`);
	return ok({ provider: app.provider, fields: structuredClone(fields) });
}

// --- the contact sync ---------------------------------------------------------------------------------------

interface SyncJob extends CRMGetSyncJobStatusResponse {
	status: 'queued' | 'running';
}

/** The running sync of each emulator (one per organization: SDK `crm.runSyncJob`). */
const jobs = new WeakMap<EmulatorState, SyncJob>();
/** The app whose contacts a sync has read in full; syncs after it read only changed records (⚠ none change here). */
const cursors = new WeakMap<EmulatorState, string>();

/** ⚠ How many contacts an emulated CRM holds, and the sync's pace (simulated time, divided by `timeScale`). */
const CRM_CONTACTS = 12;
const QUEUED_MS = 1000;
const BATCH_SIZE = 5;
const BATCH_MS = 500;

function publicStatus(job: SyncJob | undefined): CRMGetSyncJobStatusResponse {
	return job ? { ...job } : { status: 'idle' };
}

/** "Returns status `idle` when no sync is running" (SDK `crm.getSyncJobStatus`). */
function getSyncJobStatus({ core }: RouteContext): Reply<CRMGetSyncJobStatusResponse> {
	return ok(publicStatus(jobs.get(core.state)));
}

/**
 * ⚠ Whether the records of this sync fail: the provider refuses the app's credentials, or a sync mapping names a field
 * the CRM does not have ("surfaces as an error on the sync job rather than at configuration time", SDK
 * `CRMConfig.InboundSyncMapping.external_field_name`).
 */
function recordsFail(app: AppResponse | undefined): boolean {
	if (!app || !appCredentialsAccepted(app)) return true;
	const known = new Set((CRM_SCHEMAS[app.provider] ?? []).map((field) => field.name));
	const mappings = [...(app.crm_config?.inbound_sync_mappings ?? []), ...(app.crm_config?.outbound_sync_mappings ?? [])];
	return mappings.some((mapping) => !known.has(mapping.external_field_name));
}

/** queued → running → idle, batch by batch; the last successful sync's time goes into the configuration. */
async function runSync(core: EmulatorCore, job: SyncJob, appId: string): Promise<void> {
	const { state, scheduler } = core;
	const generation = scheduler.generation;
	const proceed = async (ms: number) => (await scheduler.sleep(ms / core.options.timeScale)) && generation === scheduler.generation;
	try {
		if (!(await proceed(QUEUED_MS))) return;
		job.status = 'running';
		let remaining = cursors.get(state) === appId ? 0 : CRM_CONTACTS;
		while (remaining > 0) {
			if (!(await proceed(BATCH_MS))) return;
			const batch = Math.min(BATCH_SIZE, remaining);
			if (recordsFail(state.apps.get(appId))) job.failed = (job.failed ?? 0) + batch;
			else job.succeeded = (job.succeeded ?? 0) + batch;
			remaining -= batch;
		}
		const config = state.crmConfig;
		if (job.failed === 0 && config?.app_id === appId) {
			state.crmConfig = { ...config, last_sync_timestamp: Date.now() };
			cursors.set(state, appId);
		}
	} finally {
		if (jobs.get(state) === job) jobs.delete(state);
	}
}

/**
 * POST /run-sync-job → 201 with the job (https://docs.retellai.com/api-references/run-sync-job: "Sync job started").
 * "One sync runs per organization at a time: starting another while one is in flight is rejected" (SDK); ⚠ with 400,
 * the reference's client error, as is a sync without a linked CRM app.
 */
function runSyncJob({ core }: RouteContext): Reply<CRMGetSyncJobStatusResponse> {
	const appId = currentConfig(core.state).app_id;
	if (!appId) throw badRequest('No CRM app is linked: link one with update-crm-config first.');
	if (jobs.has(core.state)) throw badRequest('A contact sync is already running; poll get-sync-job-status until it is idle.');
	const job: SyncJob = { status: 'queued', triggered_by: 'manual', start_timestamp: Date.now(), succeeded: 0, failed: 0 };
	jobs.set(core.state, job);
	core.scheduler.track(runSync(core, job, appId), (error) => core.log(`CRM sync failed: ${String(error)}`));
	return created(publicStatus(job));
}

export const crmRoutes: Route[] = [
	{ method: 'GET', path: '/get-crm-config', handler: getConfig },
	{ method: 'POST', path: '/update-crm-config', handler: updateConfig },
	{ method: 'GET', path: '/get-crm-schema', handler: getSchema },
	{ method: 'GET', path: '/get-sync-job-status', handler: getSyncJobStatus },
	{ method: 'POST', path: '/run-sync-job', handler: runSyncJob },
];
