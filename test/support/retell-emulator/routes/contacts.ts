import type { ChatResponse } from 'retell-sdk/resources/chat';
import type {
	ContactCreateImportParams,
	ContactGetImportResponse,
	ContactListConversationsResponse,
	ContactListResponse,
	ContactResponse,
	ContactUploadImportFileResponse,
} from 'retell-sdk/resources/contact';
import type { CRMConfig } from 'retell-sdk/resources/crm';
import { RetellHttpError, badRequest } from '../errors';
import { compileCallFilter, matchString } from '../filters';
import { created, noContent, ok, type EmulatorCore, type Reply, type Route, type RouteContext } from '../http';
import { newId } from '../ids';
import { paginate, parsePageRequest } from '../pagination';
import type { EmulatedPhoneCall } from '../types';
import { bodyObject, isRecord, optionalBoolean, optionalString, rejectCamelCase, requireString, type JsonObject } from '../validate';

// Contacts (SDK 5.66.1 resources/contact.js for paths and methods; https://docs.retellai.com/features/contacts): one
// contact per phone number of the organization. Contacts are a newer resource: an unknown contact is 404
// (retell-api.md §1; the get-contact-by-phone and delete-contact references). Success codes: 201 for create-contact
// (retell-api.md §1: creates), 204 for delete-contact (its reference: "Contact deleted"), 200 for the reads (the
// get-contact-by-phone and get-backfill-contact-job-status references), and 200 with JSON for the uploads and jobs,
// whose code is not recorded (retell-api.md §2, "?") ⚠. ⚠ marks what Retell does not document.

/** An import or backfill job as get-contact-import and get-backfill-contact-job-status show it (SDK 5.66.1). */
type Job = ContactGetImportResponse;
type Conversation = ContactListConversationsResponse['items'][number];
type CustomFieldDefinition = NonNullable<CRMConfig['custom_fields']>[number];

/** ⚠ The emulated organization; Retell shows its own id (SDK `ContactResponse.org_id`). */
const ORG_ID = 'org_emulator';
/** ⚠ How long an import or backfill job stays queued, then running, before it is done (divided by timeScale). */
const JOB_QUEUED_MS = 1_000;
const JOB_RUNNING_MS = 2_000;
/** Contact fields a CSV column or an analysis data mapping may fill besides the custom ones (SDK `ContactResponse`). */
const BUILT_IN_FIELDS = ['first_name', 'last_name', 'do_not_call', 'external_id'] as const;

/** The user's number of an SMS chat, which `ChatResponse` does not carry: recorded when the chat is created. */
const smsChatParties = new WeakMap<ChatResponse, { userNumber: string; direction: 'inbound' | 'outbound' }>();

/** For the chat route: the number an SMS chat talks to, so list-contact-conversations can match it to a contact. */
export function recordSmsChatParty(chat: ChatResponse, userNumber: string, direction: 'inbound' | 'outbound'): void {
	smsChatParties.set(chat, { userNumber, direction });
}

interface ContactJobs {
	/** The scheduler generation these belong to: reset() bumps it, so a reset emulator starts without them. */
	generation: number;
	uploads: Map<string, { fileName: string; data: Buffer }>;
	importJob?: Job;
	backfillJob?: Job;
}

const jobsByState = new WeakMap<EmulatorCore['state'], ContactJobs>();

function jobsOf(core: EmulatorCore): ContactJobs {
	const current = jobsByState.get(core.state);
	if (current && current.generation === core.scheduler.generation) return current;
	const fresh: ContactJobs = { generation: core.scheduler.generation, uploads: new Map() };
	jobsByState.set(core.state, fresh);
	return fresh;
}

// ---- phone numbers ----------------------------------------------------------------------------------------------

const E164 = /^\+[1-9]\d{1,14}$/;
/** Countries whose national numbers the emulator can read: the North American Numbering Plan ⚠ (Retell reads all). */
const NANP_COUNTRIES = new Set(['US', 'CA']);

/**
 * A number as Retell stores it, E.164 ("Stored in E.164", SDK `ContactListParams.FilterCriteria.phone_number`). "Other
 * formats are normalized before the lookup; a number that cannot be parsed is rejected with 400"
 * (https://docs.retellai.com/api-references/get-contact-by-phone); imports read numbers "without a country code" in
 * `default_country`, "Defaults to US" (SDK `ContactCreateImportParams.default_country`).
 */
function normalizePhone(raw: string, country = 'US'): string | undefined {
	const compact = raw.trim().replace(/[\s().-]/g, '').replace(/^00/, '+');
	if (compact.startsWith('+')) return E164.test(compact) ? compact : undefined;
	if (!/^\d+$/.test(compact) || !NANP_COUNTRIES.has(country)) return undefined;
	if (compact.length === 10) return `+1${compact}`;
	if (compact.length === 11 && compact.startsWith('1')) return `+${compact}`;
	return undefined;
}

function requirePhone(raw: string, key: string): string {
	const phone = normalizePhone(raw);
	if (!phone) throw badRequest(`${key} ${raw} is not a phone number that can be parsed.`);
	return phone;
}

// ---- contacts and their conversations ---------------------------------------------------------------------------

function findContact(core: EmulatorCore, contactId: string): ContactResponse {
	const contact = core.state.contacts.get(contactId);
	if (!contact) throw new RetellHttpError(404);
	return contact;
}

function contactByPhone(core: EmulatorCore, phone: string): ContactResponse | undefined {
	return [...core.state.contacts.values()].find((contact) => contact.phone_number === phone);
}

/** The calls and chats with this number: "Results are matched by the contact's phone number" (SDK contact.listConversations). */
function conversationsOf(core: EmulatorCore, phone: string): Array<{ id: string; at: number; item: Conversation }> {
	const calls = [...core.state.calls.values()]
		.filter((call): call is EmulatedPhoneCall => call.call_type === 'phone_call')
		.filter((call) => (call.direction === 'inbound' ? call.from_number : call.to_number) === phone)
		.map((call) => ({
			id: call.call_id,
			at: call.start_timestamp ?? core.state.callCreatedAt.get(call.call_id) ?? 0,
			item: present<Conversation>({
				type: 'call',
				call_id: call.call_id,
				direction: call.direction,
				disconnection_reason: call.disconnection_reason,
				duration_ms: call.duration_ms,
				sentiment: call.call_analysis?.user_sentiment,
				start_timestamp: call.start_timestamp,
				successful: call.call_analysis?.call_successful,
				summary: call.call_analysis?.call_summary,
			}),
		}));
	const chats = [...core.state.chats.values()].flatMap((chat) => {
		const party = smsChatParties.get(chat);
		if (party?.userNumber !== phone) return [];
		const ended = chat.start_timestamp !== undefined && typeof chat.end_timestamp === 'number';
		return [
			{
				id: chat.chat_id,
				at: chat.start_timestamp ?? 0,
				item: present<Conversation>({
					type: 'chat',
					chat_id: chat.chat_id,
					direction: party.direction,
					duration_ms: ended ? chat.end_timestamp! - chat.start_timestamp! : undefined,
					sentiment: chat.chat_analysis?.user_sentiment,
					start_timestamp: chat.start_timestamp,
					successful: chat.chat_analysis?.chat_successful,
					summary: chat.chat_analysis?.chat_summary,
				}),
			},
		];
	});
	return [...calls, ...chats];
}

/** The stored contact with what Retell derives from its conversations (SDK `conversation_count`, `last_conversation_timestamp`). */
function view(core: EmulatorCore, contact: ContactResponse): ContactResponse {
	const conversations = conversationsOf(core, contact.phone_number);
	const last = Math.max(0, ...conversations.map((conversation) => conversation.at));
	return {
		...structuredClone(contact),
		conversation_count: conversations.length,
		...(conversations.length > 0 ? { last_conversation_timestamp: last } : {}),
	};
}

/** Drops undefined fields, as a JSON answer does not carry them. */
function present<T extends object>(value: T): T {
	return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}

// ---- field validation -------------------------------------------------------------------------------------------

function customFieldDefinitions(core: EmulatorCore): CustomFieldDefinition[] {
	return core.state.crmConfig?.custom_fields ?? [];
}

/** Whether `value` has the type of the custom field (SDK `CRMConfig.CustomField.type`, `options` "Required when type is enum"). */
function fitsCustomField(definition: CustomFieldDefinition, value: unknown): boolean {
	switch (definition.type) {
		case 'number':
			return typeof value === 'number' && Number.isFinite(value);
		case 'boolean':
			return typeof value === 'boolean';
		case 'date':
			return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && Number.isFinite(Date.parse(value));
		case 'datetime':
			return typeof value === 'string' && Number.isFinite(Date.parse(value));
		case 'enum':
			return typeof value === 'string' && (definition.options ?? []).includes(value);
		default:
			return typeof value === 'string';
	}
}

/**
 * `custom_fields`: "Values must match the types defined in CRM config custom fields. Set a value to null to clear it"
 * (SDK `ContactCreateParams.custom_fields`). A field the CRM config does not define is 400 ⚠.
 */
function readCustomFields(core: EmulatorCore, input: JsonObject): Record<string, unknown> | undefined {
	const value = input.custom_fields;
	if (value === undefined) return undefined;
	if (!isRecord(value)) throw badRequest('custom_fields must be an object.');
	const definitions = customFieldDefinitions(core);
	for (const [name, entry] of Object.entries(value)) {
		const definition = definitions.find((field) => field.name === name);
		if (!definition) throw badRequest(`custom_fields.${name} is not a custom field of the CRM config.`);
		if (entry !== null && !fitsCustomField(definition, entry)) throw badRequest(`custom_fields.${name} must be of type ${definition.type}.`);
	}
	return value;
}

function optionalTags(input: JsonObject): string[] | undefined {
	const tags = input.tags;
	if (tags === undefined) return undefined;
	if (!Array.isArray(tags) || !tags.every((tag) => typeof tag === 'string' && tag !== '')) throw badRequest('tags must be a list of non-empty strings.');
	return [...new Set(tags as string[])];
}

/** The fields create-contact and update-contact share (SDK `ContactUpdateParams`), applied to `contact`. */
function applyFields(core: EmulatorCore, contact: ContactResponse, input: JsonObject): void {
	const firstName = optionalString(input, 'first_name');
	const lastName = optionalString(input, 'last_name');
	const doNotCall = optionalBoolean(input, 'do_not_call');
	const tags = optionalTags(input);
	const customFields = readCustomFields(core, input);
	if (typeof firstName === 'string') contact.first_name = firstName;
	if (typeof lastName === 'string') contact.last_name = lastName;
	if (doNotCall !== undefined) contact.do_not_call = doNotCall;
	// "Full replacement set of tags for the contact" (SDK ContactUpdateParams.tags).
	if (tags) contact.tags = tags;
	if (customFields) contact.custom_fields = mergeCustomFields(contact.custom_fields, customFields);
}

/** Set values replace, null clears (SDK `custom_fields`); a contact without any keeps none. */
function mergeCustomFields(current: unknown, changes: Record<string, unknown>): Record<string, unknown> | undefined {
	const merged: Record<string, unknown> = { ...(isRecord(current) ? current : {}) };
	for (const [name, value] of Object.entries(changes)) {
		if (value === null) delete merged[name];
		else merged[name] = value;
	}
	return Object.keys(merged).length > 0 ? merged : undefined;
}

// ---- CRUD --------------------------------------------------------------------------------------------------------

/**
 * POST /create-contact → 201; `phone_number` is required (SDK `ContactCreateParams`) and stored in E.164, read as
 * get-contact-by-phone reads it ⚠; a second contact for a number is 400 ⚠.
 */
function createContact({ body, core }: RouteContext): Reply<ContactResponse> {
	const input = bodyObject(body);
	rejectCamelCase(input);
	const phone = requirePhone(requireString(input, 'phone_number'), 'phone_number');
	// "At most one contact exists per phone number in an organization" (SDK contact.getByPhone).
	if (contactByPhone(core, phone)) throw badRequest(`A contact with phone number ${phone} already exists.`);
	const now = Date.now();
	const contact: ContactResponse = { contact_id: newId('contact_'), org_id: ORG_ID, phone_number: phone, created_timestamp: now, user_modified_timestamp: now };
	applyFields(core, contact, input);
	core.state.contacts.set(contact.contact_id, contact);
	core.state.registerCreated(contact.contact_id);
	return created(view(core, contact));
}

function getContact({ params, core }: RouteContext): Reply<ContactResponse> {
	return ok(view(core, findContact(core, params.contact_id!)));
}

/** GET /get-contact-by-phone/{phone_number}: normalized first, unparseable is 400, no contact is 404 (its reference). */
function getContactByPhone({ params, core }: RouteContext): Reply<ContactResponse> {
	const contact = contactByPhone(core, requirePhone(params.phone_number!, 'phone_number'));
	if (!contact) throw new RetellHttpError(404);
	return ok(view(core, contact));
}

/** PATCH /update-contact/{contact_id} (SDK `ContactUpdateParams`): only the fields sent change. */
function updateContact({ params, body, core }: RouteContext): Reply<ContactResponse> {
	const contact = findContact(core, params.contact_id!);
	const input = bodyObject(body);
	rejectCamelCase(input);
	const changed = structuredClone(contact);
	applyFields(core, changed, input);
	changed.user_modified_timestamp = Date.now();
	core.state.contacts.set(changed.contact_id, changed);
	return ok(view(core, changed));
}

/**
 * DELETE /delete-contact/{contact_id} → 204. "A contact linked to a record in a connected CRM cannot be deleted while
 * two-way sync is active" (its reference, which lists 400): linked means an `external_id`, sync means the CRM config
 * names an app ⚠.
 */
function deleteContact({ params, core }: RouteContext): Reply {
	const contact = findContact(core, params.contact_id!);
	if (contact.external_id && core.state.crmConfig?.app_id) {
		throw badRequest('This contact is linked to a CRM record while two-way sync is active; unlink the CRM app first.');
	}
	core.state.contacts.delete(contact.contact_id);
	return noContent();
}

// ---- list-contacts -----------------------------------------------------------------------------------------------

const FILTER_OPS: Record<string, readonly string[]> = {
	string: ['eq', 'ne', 'sw', 'ew', 'co'],
	number: ['eq', 'ne', 'gt', 'ge', 'lt', 'le'],
	range: ['bt'],
	enum: ['in'],
	boolean: ['eq'],
	present: ['pr', 'np'],
};

/** A typed filter object of one of `types` (SDK `ContactListParams.FilterCriteria`); anything else is 400. */
function checkedFilter(name: string, filter: unknown, types: readonly string[], keyed = false): JsonObject {
	if (!isRecord(filter) || typeof filter.type !== 'string' || typeof filter.op !== 'string') {
		throw badRequest(`filter_criteria.${name} must be a filter object {type, op, value}.`);
	}
	const { type, op, value } = filter;
	if (!types.includes(type) || !FILTER_OPS[type]!.includes(op)) throw badRequest(`filter_criteria.${name}: type ${type} with op ${op} is not allowed.`);
	if (keyed && (typeof filter.key !== 'string' || filter.key === '')) throw badRequest(`filter_criteria.${name} entries need a key.`);
	const fits =
		(type === 'string' && typeof value === 'string') ||
		(type === 'number' && typeof value === 'number') ||
		(type === 'boolean' && typeof value === 'boolean') ||
		(type === 'range' && Array.isArray(value) && value.length === 2 && value.every((bound) => typeof bound === 'number')) ||
		(type === 'enum' && Array.isArray(value) && value.every((entry) => typeof entry === 'string')) ||
		type === 'present';
	if (!fits) throw badRequest(`filter_criteria.${name}: value does not fit type ${type}.`);
	return filter;
}

function passes(filter: JsonObject, actual: unknown): boolean {
	const { op, value } = filter;
	switch (filter.type) {
		case 'present':
			return (op === 'pr') === (actual !== undefined && actual !== null && actual !== '');
		case 'string':
			return typeof actual === 'string' && matchString(actual, op as string, value as string);
		case 'boolean':
			return actual === value;
		case 'enum': {
			const wanted = value as string[];
			return Array.isArray(actual) ? actual.some((entry) => wanted.includes(String(entry))) : wanted.includes(String(actual));
		}
		case 'range': {
			const [low, high] = value as [number, number];
			return typeof actual === 'number' && actual >= low && actual <= high;
		}
		default: {
			if (typeof actual !== 'number') return false;
			const bound = value as number;
			const results: Record<string, boolean> = { eq: actual === bound, ne: actual !== bound, gt: actual > bound, ge: actual >= bound, lt: actual < bound, le: actual <= bound };
			return results[op as string] ?? false;
		}
	}
}

/** Criterion → (filter types, the contact's value). "first_name and last_name are not filterable here" (SDK): they are 400. */
const CONTACT_CRITERIA: Record<string, [readonly string[], (contact: ContactResponse) => unknown]> = {
	contact_id: [['string'], (contact) => contact.contact_id],
	phone_number: [['string'], (contact) => contact.phone_number],
	do_not_call: [['boolean'], (contact) => contact.do_not_call ?? false],
	external_id: [['string', 'present'], (contact) => contact.external_id],
	last_conversation_timestamp: [['number', 'range'], (contact) => contact.last_conversation_timestamp],
	tags: [['enum'], (contact) => contact.tags ?? []],
};

/** `filter_criteria` of list-contacts, all ANDed; evaluated on contacts as `view` shows them. */
function compileContactFilter(raw: unknown): (contact: ContactResponse) => boolean {
	if (raw === undefined || raw === null) return () => true;
	if (!isRecord(raw)) throw badRequest('filter_criteria must be an object.');
	const tests: Array<(contact: ContactResponse) => boolean> = [];
	for (const [name, filter] of Object.entries(raw)) {
		if (filter === undefined || filter === null) continue;
		if (name === 'custom_fields') {
			if (!Array.isArray(filter)) throw badRequest('filter_criteria.custom_fields must be a list of keyed filters.');
			const keyed = filter.map((entry: unknown) => checkedFilter(name, entry, Object.keys(FILTER_OPS), true));
			tests.push((contact) => keyed.every((entry) => passes(entry, isRecord(contact.custom_fields) ? contact.custom_fields[entry.key as string] : undefined)));
			continue;
		}
		const criterion = Object.hasOwn(CONTACT_CRITERIA, name) ? CONTACT_CRITERIA[name] : undefined;
		if (!criterion) throw badRequest(`filter_criteria.${name} is not a filter of contacts.`);
		const [types, read] = criterion;
		const checked = checkedFilter(name, filter, types);
		tests.push((contact) => passes(checked, read(contact)));
	}
	return (contact) => tests.every((test) => test(contact));
}

/** "Case-insensitive substring match against phone number, first name, last name, external ID, and custom field values" (SDK). */
function matchesSearch(contact: ContactResponse, query: string): boolean {
	const needle = query.toLowerCase();
	const customValues = isRecord(contact.custom_fields) ? Object.values(contact.custom_fields).map((value) => String(value)) : [];
	return [contact.phone_number, contact.first_name, contact.last_name, contact.external_id, ...customValues].some((text) => text?.toLowerCase().includes(needle));
}

/**
 * POST /list-contacts: "newest conversation first by default, with the total count of matches alongside the page",
 * `sort_order` asc|desc by `last_conversation_timestamp`, never-contacted contacts "sort as if their timestamp were 0",
 * `pagination_key` or `skip` (SDK `ContactListParams`); limit as the other lists, 1–1000, default 50 (docs example) ⚠.
 */
function listContacts({ body, core }: RouteContext): Reply<ContactListResponse> {
	const input = bodyObject(body);
	const sortOrder = input.sort_order;
	if (sortOrder !== undefined && sortOrder !== 'asc' && sortOrder !== 'desc') throw badRequest('sort_order must be asc or desc.');
	const search = optionalString(input, 'search_query');
	const keep = compileContactFilter(input.filter_criteria);
	const request = parsePageRequest(
		{ limit: input.limit, pagination_key: input.pagination_key, skip: input.skip, sort_order: sortOrder === 'asc' ? 'ascending' : 'descending' },
		{ allowSkip: true, keyStyle: core.options.paginationKeys },
	);
	const views = [...core.state.contacts.values()].map((contact) => view(core, contact));
	const matching = views.filter((contact) => keep(contact) && (!search || matchesSearch(contact, search)));
	const sortKey = (contact: ContactResponse) => contact.last_conversation_timestamp ?? 0;
	const page = paginate(matching, { ...request, includeTotal: true }, sortKey, (contact) => contact.contact_id, undefined, (id) => {
		const contact = views.find((candidate) => candidate.contact_id === id);
		return contact && sortKey(contact);
	});
	return ok({ ...page, total: page.total ?? matching.length });
}

/** GET /list-contact-conversations/{contact_id}: calls and chats "merged into a single timeline, most recent first" (SDK). */
function listConversations({ params, query, core }: RouteContext): Reply<ContactListConversationsResponse> {
	const contact = findContact(core, params.contact_id!);
	const request = parsePageRequest(query, { keyStyle: core.options.paginationKeys });
	const conversations = conversationsOf(core, contact.phone_number);
	const page = paginate(
		conversations,
		{ ...request, sortOrder: 'descending' },
		(conversation) => conversation.at,
		(conversation) => conversation.id,
		(conversation) => conversation.item,
	);
	return ok(page);
}

// ---- jobs: imports and backfills -----------------------------------------------------------------------------------

/** "Only one backfill job can run per organization at a time" (backfill-contact-analysis-data reference); imports alike ⚠. 400 ⚠. */
function refuseWhileBusy(job: Job | undefined, what: string): void {
	if (job && job.status !== 'idle') throw badRequest(`A contact ${what} is already ${job.status}; wait until it is done.`);
}

/** queued → running → idle ⚠, the work done as it turns idle; `succeeded`/`failed` count its items. */
function runJob(core: EmulatorCore, job: Job, work: () => { succeeded: number; failed: number }): void {
	const generation = core.scheduler.generation;
	const still = () => generation === core.scheduler.generation;
	const task = (async () => {
		if (!(await core.scheduler.sleep(JOB_QUEUED_MS / core.options.timeScale)) || !still()) return;
		job.status = 'running';
		if (!(await core.scheduler.sleep(JOB_RUNNING_MS / core.options.timeScale)) || !still()) return;
		Object.assign(job, work(), { status: 'idle' });
	})();
	core.scheduler.track(task, (error) => core.log(`contact job failed: ${String(error)}`));
}

function startJob(): Job {
	return { status: 'queued', start_timestamp: Date.now(), triggered_by: 'manual', succeeded: 0, failed: 0 };
}

/** GET /get-contact-import and /get-backfill-contact-job-status: the latest job, or idle when there was none ⚠. */
function jobStatus(job: Job | undefined): Job {
	return job ? { ...job } : { status: 'idle' };
}

/** POST /upload-contact-import-file (multipart `file`, SDK `ContactUploadImportFileParams`): kept privately, named by upload_id. */
function uploadImportFile({ multipart, core }: RouteContext): Reply<ContactUploadImportFileResponse> {
	if (!multipart) throw badRequest('This endpoint expects multipart/form-data.');
	const files = multipart.files.file ?? [];
	if (files.length !== 1) throw badRequest('Send exactly one file as the form field file.');
	const file = files[0]!;
	if (file.size === 0) throw badRequest('The file is empty.');
	const uploadId = newId('upload_');
	jobsOf(core).uploads.set(uploadId, { fileName: file.filename, data: file.data });
	return ok({ file_name: file.filename, upload_id: uploadId });
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	for (let index = 0; index < text.length; index++) {
		const char = text[index]!;
		if (quoted) {
			if (char === '"' && text[index + 1] === '"') {
				field += '"';
				index++;
			} else if (char === '"') quoted = false;
			else field += char;
		} else if (char === '"') quoted = true;
		else if (char === ',') {
			row.push(field);
			field = '';
		} else if (char === '\n' || char === '\r') {
			if (char === '\r' && text[index + 1] === '\n') index++;
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
		} else field += char;
	}
	if (field !== '' || row.length > 0) rows.push([...row, field]);
	return rows.filter((cells) => cells.some((cell) => cell.trim() !== ''));
}

function parseBoolean(text: string): boolean | undefined {
	const normalized = text.trim().toLowerCase();
	if (['true', 'yes', '1'].includes(normalized)) return true;
	if (['false', 'no', '0'].includes(normalized)) return false;
	return undefined;
}

/** A CSV cell as the value of its contact field; undefined when it does not fit the field's type. */
function cellValue(field: string, cell: string, definitions: CustomFieldDefinition[]): unknown {
	if (field === 'do_not_call') return parseBoolean(cell);
	const definition = definitions.find((candidate) => candidate.name === field);
	if (!definition) return cell;
	const value = definition.type === 'number' ? Number(cell) : definition.type === 'boolean' ? parseBoolean(cell) : cell;
	return fitsCustomField(definition, value) ? value : undefined;
}

/** Sets a contact field, built-in or custom. */
function setField(contact: ContactResponse, field: string, value: unknown): void {
	if (field === 'first_name' || field === 'last_name' || field === 'external_id') contact[field] = String(value);
	else if (field === 'do_not_call') contact.do_not_call = value === true;
	else contact.custom_fields = mergeCustomFields(contact.custom_fields, { [field]: value });
}

function readField(contact: ContactResponse, field: string): unknown {
	if ((BUILT_IN_FIELDS as readonly string[]).includes(field)) return contact[field as (typeof BUILT_IN_FIELDS)[number]];
	return isRecord(contact.custom_fields) ? contact.custom_fields[field] : undefined;
}

function isContactField(core: EmulatorCore, field: string): boolean {
	return (BUILT_IN_FIELDS as readonly string[]).includes(field) || customFieldDefinitions(core).some((definition) => definition.name === field);
}

/**
 * Imports the CSV's rows: "creates new contacts and updates existing ones matched by phone number. Mapped columns
 * overwrite the matched contact's fields; unmapped columns are ignored"; `tags` are "added to every contact in this
 * import. Existing tags are preserved" (SDK contact.createImport, ContactCreateImportParams). A row whose number
 * cannot be read, or whose cell does not fit its field, fails as a whole; empty cells leave the field as it is ⚠.
 */
function importRows(core: EmulatorCore, params: ContactCreateImportParams, rows: string[][]): { succeeded: number; failed: number } {
	const [header = [], ...records] = rows;
	const column = (name: string) => header.findIndex((cell) => cell.trim() === name);
	const definitions = customFieldDefinitions(core);
	const phoneColumn = column(params.column_mapping.find((mapping) => mapping.field_name === 'phone_number')!.external_field_name);
	const others = params.column_mapping.filter((mapping) => mapping.field_name !== 'phone_number');
	let succeeded = 0;
	let failed = 0;
	for (const record of records) {
		const phone = normalizePhone(record[phoneColumn] ?? '', params.default_country ?? 'US');
		const values = others
			.map((mapping) => ({ field: mapping.field_name, cell: (record[column(mapping.external_field_name)] ?? '').trim() }))
			.filter(({ cell }) => cell !== '')
			.map(({ field, cell }) => ({ field, value: cellValue(field, cell, definitions) }));
		if (!phone || values.some(({ value }) => value === undefined)) {
			failed++;
			continue;
		}
		const now = Date.now();
		const existing = contactByPhone(core, phone);
		const contact: ContactResponse = existing
			? structuredClone(existing)
			: { contact_id: newId('contact_'), org_id: ORG_ID, phone_number: phone, created_timestamp: now };
		for (const { field, value } of values) setField(contact, field, value);
		if (params.tags && params.tags.length > 0) contact.tags = [...new Set([...(contact.tags ?? []), ...params.tags])];
		contact.user_modified_timestamp = now;
		core.state.contacts.set(contact.contact_id, contact);
		core.state.registerCreated(contact.contact_id);
		succeeded++;
	}
	return { succeeded, failed };
}

/**
 * POST /create-contact-import (SDK `ContactCreateImportParams`): `upload_id` of an uploaded file, `column_mapping` with
 * "Exactly one mapping [that] must target phone_number", `default_country` a two-letter code, `tags`. A mapped header
 * the CSV lacks, or a field no contact has, is 400 ⚠. "Runs asynchronously — poll get-contact-import for progress".
 */
function createImport({ body, core }: RouteContext): Reply<Job> {
	const input = bodyObject(body);
	rejectCamelCase(input);
	const jobs = jobsOf(core);
	const upload = jobs.uploads.get(requireString(input, 'upload_id'));
	if (!upload) throw badRequest('upload_id names no uploaded file; upload it with upload-contact-import-file first.');
	const mapping = input.column_mapping;
	if (!Array.isArray(mapping) || mapping.length === 0 || !mapping.every((entry) => isRecord(entry) && typeof entry.field_name === 'string' && typeof entry.external_field_name === 'string')) {
		throw badRequest('column_mapping must be a non-empty list of {external_field_name, field_name}.');
	}
	const params = input as unknown as ContactCreateImportParams;
	if (params.column_mapping.filter((entry) => entry.field_name === 'phone_number').length !== 1) {
		throw badRequest('Exactly one column_mapping entry must target phone_number.');
	}
	const unknownField = params.column_mapping.find((entry) => entry.field_name !== 'phone_number' && !isContactField(core, entry.field_name));
	if (unknownField) throw badRequest(`column_mapping: ${unknownField.field_name} is not a contact field.`);
	const country = optionalString(input, 'default_country');
	if (country !== undefined && country !== null && !/^[A-Z]{2}$/.test(country)) throw badRequest('default_country must be a two-letter country code such as US.');
	optionalTags(input);
	const rows = parseCsv(upload.data.toString('utf8'));
	const header = (rows[0] ?? []).map((cell) => cell.trim());
	const missing = params.column_mapping.find((entry) => !header.includes(entry.external_field_name));
	if (missing) throw badRequest(`column_mapping: the CSV has no column ${missing.external_field_name}.`);
	refuseWhileBusy(jobs.importJob, 'import');

	const job = startJob();
	jobs.importJob = job;
	runJob(core, job, () => importRows(core, params, rows));
	return ok(jobStatus(job));
}

type AnalysisMapping = NonNullable<CRMConfig['crm_analysis_data_mappings']>[number];

/**
 * A mapping applied to a contact: `overwrite` replaces, `fill_if_empty` writes only when the field is empty, `merge`
 * "combines the existing text with the new value" (string fields only; joined by a line break ⚠). "A value that does
 * not match the contact field's type is skipped rather than failing the conversation" (SDK `CRMAnalysisDataMapping`).
 */
function applyMapping(core: EmulatorCore, contact: ContactResponse, mapping: AnalysisMapping, value: unknown): void {
	const definition = customFieldDefinitions(core).find((field) => field.name === mapping.field_name);
	const isText = definition ? definition.type === 'string' : mapping.field_name !== 'do_not_call';
	const fits = definition ? fitsCustomField(definition, value) : isText ? typeof value === 'string' : typeof value === 'boolean';
	if (!fits) return;
	const existing = readField(contact, mapping.field_name);
	const empty = existing === undefined || existing === null || existing === '';
	if (mapping.update_mode === 'fill_if_empty' && !empty) return;
	const merged = mapping.update_mode === 'merge' && isText && !empty ? `${String(existing)}\n${String(value)}` : value;
	setField(contact, mapping.field_name, merged);
}

/**
 * The backfill: "re-applies analysis data mappings to contacts using historical call data" (its reference), oldest
 * call first, for the mappings whose contact field is in `backfill_attributes` ⚠; calls whose number has no contact
 * are skipped ⚠. Each call applied counts as succeeded.
 */
function backfill(core: EmulatorCore, attributes: string[], keep: (call: EmulatedPhoneCall) => boolean): { succeeded: number; failed: number } {
	const mappings = (core.state.crmConfig?.crm_analysis_data_mappings ?? []).filter((mapping) => attributes.includes(mapping.field_name));
	const calls = [...core.state.calls.values()]
		.filter((call): call is EmulatedPhoneCall => call.call_type === 'phone_call' && call.call_status === 'ended' && keep(call))
		.sort((a, b) => (a.start_timestamp ?? 0) - (b.start_timestamp ?? 0));
	let succeeded = 0;
	for (const call of calls) {
		const data = call.call_analysis?.custom_analysis_data;
		const stored = contactByPhone(core, call.direction === 'inbound' ? call.from_number : call.to_number);
		if (!stored || !isRecord(data)) continue;
		const contact = structuredClone(stored);
		for (const mapping of mappings) {
			if (data[mapping.analysis_data_name] !== undefined) applyMapping(core, contact, mapping, data[mapping.analysis_data_name]);
		}
		core.state.contacts.set(contact.contact_id, contact);
		succeeded++;
	}
	return { succeeded, failed: 0 };
}

/**
 * POST /backfill-contact-analysis-data (SDK `ContactBackfillAnalysisDataParams`): `backfill_attributes` required, each
 * the contact field of an analysis data mapping of the CRM config (else 400 ⚠); `backfill_call_filter` takes `agent`
 * and `start_timestamp` as list-calls does.
 */
function backfillAnalysisData({ body, core }: RouteContext): Reply<Job> {
	const input = bodyObject(body);
	rejectCamelCase(input);
	const attributes = input.backfill_attributes;
	if (!Array.isArray(attributes) || attributes.length === 0 || !attributes.every((name) => typeof name === 'string' && name !== '')) {
		throw badRequest('backfill_attributes is required and must be a non-empty list of contact field names.');
	}
	const mapped = new Set((core.state.crmConfig?.crm_analysis_data_mappings ?? []).map((mapping) => mapping.field_name));
	const unmapped = (attributes as string[]).find((name) => !mapped.has(name));
	if (unmapped) throw badRequest(`backfill_attributes: ${unmapped} is the field of no analysis data mapping in the CRM config.`);
	const filter = input.backfill_call_filter;
	if (filter !== undefined && (!isRecord(filter) || Object.keys(filter).some((name) => name !== 'agent' && name !== 'start_timestamp'))) {
		throw badRequest('backfill_call_filter takes agent and start_timestamp only.');
	}
	const keep = compileCallFilter(filter, core.state);
	const jobs = jobsOf(core);
	refuseWhileBusy(jobs.backfillJob, 'backfill');

	const job = startJob();
	jobs.backfillJob = job;
	runJob(core, job, () => backfill(core, attributes as string[], keep));
	return ok(jobStatus(job));
}

export const contactRoutes: Route[] = [
	{ method: 'POST', path: '/create-contact', handler: createContact },
	{ method: 'GET', path: '/get-contact/:contact_id', handler: getContact },
	{ method: 'GET', path: '/get-contact-by-phone/:phone_number', handler: getContactByPhone },
	{ method: 'PATCH', path: '/update-contact/:contact_id', handler: updateContact },
	{ method: 'DELETE', path: '/delete-contact/:contact_id', handler: deleteContact },
	{ method: 'POST', path: '/list-contacts', handler: listContacts },
	{ method: 'GET', path: '/list-contact-conversations/:contact_id', handler: listConversations },
	{ method: 'POST', path: '/upload-contact-import-file', handler: uploadImportFile },
	{ method: 'POST', path: '/create-contact-import', handler: createImport },
	{ method: 'GET', path: '/get-contact-import', handler: ({ core }) => ok(jobStatus(jobsOf(core).importJob)) },
	{ method: 'POST', path: '/backfill-contact-analysis-data', handler: backfillAnalysisData },
	{ method: 'GET', path: '/get-backfill-contact-job-status', handler: ({ core }) => ok(jobStatus(jobsOf(core).backfillJob)) },
];
