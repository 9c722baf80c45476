import type {
	PhoneNumberCreateParams,
	PhoneNumberImportParams,
	PhoneNumberListResponse,
	PhoneNumberResponse,
	PhoneNumberUpdateParams,
} from 'retell-sdk/resources/phone-number';
import { MESSAGES, assetNotFound, badRequest } from '../errors';
import { created, noContent, ok, type EmulatorCore, type Reply, type Route, type RouteContext } from '../http';
import { randomDigits } from '../ids';
import { paginate, parsePageRequest } from '../pagination';
import {
	bodyObject,
	isHttpUrl,
	isRecord,
	optionalBoolean,
	optionalInteger,
	optionalString,
	rejectCamelCase,
	requireE164,
	requireString,
	type JsonObject,
} from '../validate';

/** Rejected since 2026-03-31 in favour of the weighted lists (retell-api.md §2.4, §10). */
const DEPRECATED_FIELDS = [
	'inbound_agent_id',
	'outbound_agent_id',
	'inbound_agent_version',
	'outbound_agent_version',
	'inbound_sms_agent_id',
	'outbound_sms_agent_id',
	'inbound_sms_agent_version',
	'outbound_sms_agent_version',
];
const BINDING_FIELDS = ['inbound_agents', 'outbound_agents', 'inbound_sms_agents', 'outbound_sms_agents'];
const TOLL_FREE_AREA_CODES = [800, 833, 844, 855, 866, 877, 888];

function validateCommon(core: EmulatorCore, body: JsonObject): void {
	rejectCamelCase(body);
	if (DEPRECATED_FIELDS.some((field) => body[field] !== undefined)) throw badRequest(MESSAGES.deprecatedPhoneFields);
	for (const field of BINDING_FIELDS) validateBindings(core, body, field);
	for (const field of ['inbound_webhook_url', 'inbound_sms_webhook_url']) {
		const url = optionalString(body, field);
		if (url && !isHttpUrl(url)) throw badRequest(`${field} must be an http(s) URL.`);
	}
	const fallback = optionalString(body, 'fallback_number');
	if (fallback) requireE164(fallback, 'fallback_number', false);
	optionalString(body, 'nickname');
	for (const field of ['allowed_inbound_country_list', 'allowed_outbound_country_list']) {
		const list = body[field];
		if (list !== undefined && list !== null && (!Array.isArray(list) || list.some((c) => typeof c !== 'string'))) throw badRequest(`${field} must be a list of country codes.`);
	}
}

/** Weighted agent lists: weights in (0, 1] that sum to 1. */
function validateBindings(core: EmulatorCore, body: JsonObject, field: string): void {
	const list = body[field];
	if (list === undefined || list === null) return;
	if (!Array.isArray(list)) throw badRequest(`${field} must be a list of {agent_id, weight, agent_version?}.`);
	let sum = 0;
	for (const entry of list) {
		if (!isRecord(entry) || typeof entry.agent_id !== 'string' || typeof entry.weight !== 'number' || !(entry.weight > 0 && entry.weight <= 1)) {
			throw badRequest(`${field} entries need an agent_id and a weight in (0, 1].`);
		}
		const version = entry.agent_version;
		if (version !== undefined && version !== null && typeof version !== 'number' && typeof version !== 'string') throw badRequest(`${field}.agent_version must be a number or a tag.`);
		// SMS runs on chat agents (a create-sms-chat answers a chat of a chat agent), so SMS bindings name chat agents.
		const agents = field.includes('_sms_') ? core.state.chatAgents : core.state.agents;
		if (!agents.has(entry.agent_id)) throw assetNotFound();
		sum += entry.weight;
	}
	if (list.length > 0 && Math.abs(sum - 1) > 1e-6) throw badRequest(`${field} weights must sum to 1.`);
}

function pretty(number: string): string {
	const nanp = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(number);
	return nanp ? `+1 (${nanp[1]}) ${nanp[2]}-${nanp[3]}` : number;
}

function areaCodeOf(number: string): number | undefined {
	const nanp = /^\+1(\d{3})\d{7}$/.exec(number);
	return nanp ? Number(nanp[1]) : undefined;
}

/** A free number in the area code: +1, the area code, an exchange that does not start with 0/1, four digits. */
function generateNumber(core: EmulatorCore, areaCode: number): string {
	for (let attempt = 0; attempt < 1000; attempt++) {
		const exchange = `${2 + Math.floor(core.random() * 8)}${randomDigits(() => core.random(), 2)}`;
		const candidate = `+1${areaCode}${exchange}${randomDigits(() => core.random(), 4)}`;
		if (!core.state.phoneNumbers.has(candidate)) return candidate;
	}
	throw badRequest(`No phone number is available in area code ${areaCode}.`);
}

function pickArea(core: EmulatorCore, tollFree: boolean): number {
	if (tollFree) return TOLL_FREE_AREA_CODES[Math.floor(core.random() * TOLL_FREE_AREA_CODES.length)]!;
	const common = [212, 310, 312, 415, 512, 617, 646, 650, 702, 718, 805, 917];
	return common[Math.floor(core.random() * common.length)]!;
}

/** Copies the optional fields a buy/import/update may set onto the stored number. */
function applyOptional(target: PhoneNumberResponse, source: JsonObject): void {
	const keys = [
		'nickname',
		'inbound_agents',
		'outbound_agents',
		'inbound_sms_agents',
		'outbound_sms_agents',
		'inbound_webhook_url',
		'inbound_sms_webhook_url',
		'fallback_number',
		'allowed_inbound_country_list',
		'allowed_outbound_country_list',
	] as const;
	const record = target as unknown as JsonObject;
	for (const key of keys) if (source[key] !== undefined) record[key] = source[key];
}

function store(core: EmulatorCore, number: PhoneNumberResponse): PhoneNumberResponse {
	core.state.phoneNumbers.set(number.phone_number, number);
	core.state.registerCreated(number.phone_number);
	return number;
}

function buyNumber({ body, core }: RouteContext): Reply<PhoneNumberResponse> {
	const input = bodyObject(body);
	validateCommon(core, input);
	const params = input as PhoneNumberCreateParams;
	const areaCode = optionalInteger(input, 'area_code');
	const tollFree = optionalBoolean(input, 'toll_free') ?? false;
	if (params.country_code !== undefined && params.country_code !== 'US' && params.country_code !== 'CA') throw badRequest('country_code must be US or CA.');
	if (params.number_provider !== undefined && params.number_provider !== 'twilio' && params.number_provider !== 'telnyx') throw badRequest('number_provider must be twilio or telnyx.');
	if (areaCode !== undefined && (areaCode < 200 || areaCode > 999)) throw badRequest('area_code must be a 3-digit area code.');
	if (areaCode !== undefined && tollFree && !TOLL_FREE_AREA_CODES.includes(areaCode)) throw badRequest(`${areaCode} is not a toll-free area code.`);

	let number: string;
	const wanted = optionalString(input, 'phone_number');
	if (wanted) {
		requireE164(wanted, 'phone_number', false);
		if (core.state.phoneNumbers.has(wanted)) throw badRequest(`${wanted} is not available.`);
		number = wanted;
	} else {
		number = generateNumber(core, areaCode ?? pickArea(core, tollFree));
	}
	const result: PhoneNumberResponse = {
		phone_number: number,
		phone_number_pretty: pretty(number),
		phone_number_type: params.number_provider === 'telnyx' ? 'retell-telnyx' : 'retell-twilio',
		last_modification_timestamp: Date.now(),
	};
	const area = areaCodeOf(number);
	if (area !== undefined) result.area_code = area;
	applyOptional(result, input);
	return created(store(core, result));
}

function importNumber({ body, core }: RouteContext): Reply<PhoneNumberResponse> {
	const input = bodyObject(body);
	validateCommon(core, input);
	const params = input as unknown as PhoneNumberImportParams;
	const number = requireString(input, 'phone_number');
	// SDK 5.66.1 PhoneNumberImportParams.ignore_e164_validation: "If omitted, default is true."
	requireE164(number, 'phone_number', optionalBoolean(input, 'ignore_e164_validation') ?? true);
	const terminationUri = requireString(input, 'termination_uri');
	if (core.state.phoneNumbers.has(number)) throw badRequest(`${number} is already imported.`);
	const result: PhoneNumberResponse = {
		phone_number: number,
		phone_number_pretty: pretty(number),
		phone_number_type: 'custom',
		last_modification_timestamp: Date.now(),
		sip_outbound_trunk_config: {
			termination_uri: terminationUri,
			auth_username: params.sip_trunk_auth_username ?? null,
			transport: params.transport ?? null,
		},
	};
	const area = areaCodeOf(number);
	if (area !== undefined) result.area_code = area;
	applyOptional(result, input);
	return created(store(core, result));
}

function findNumber(core: EmulatorCore, number: string): PhoneNumberResponse {
	const found = core.state.phoneNumbers.get(number);
	if (!found) throw assetNotFound();
	return found;
}

function getNumber({ params, core }: RouteContext): Reply<PhoneNumberResponse> {
	return ok(findNumber(core, params.phone_number!));
}

function updateNumber({ params, body, core }: RouteContext): Reply<PhoneNumberResponse> {
	const existing = findNumber(core, params.phone_number!);
	const input = bodyObject(body);
	validateCommon(core, input);
	const changes = input as PhoneNumberUpdateParams;
	const updated: PhoneNumberResponse = structuredClone(existing);
	applyOptional(updated, input);
	if (changes.termination_uri !== undefined || changes.auth_username !== undefined || changes.transport !== undefined) {
		updated.sip_outbound_trunk_config = {
			...(updated.sip_outbound_trunk_config ?? {}),
			...(changes.termination_uri !== undefined ? { termination_uri: changes.termination_uri } : {}),
			...(changes.auth_username !== undefined ? { auth_username: changes.auth_username } : {}),
			...(changes.transport !== undefined ? { transport: changes.transport } : {}),
		};
	}
	updated.last_modification_timestamp = Date.now();
	core.state.phoneNumbers.set(updated.phone_number, updated);
	return ok(updated);
}

function listNumbers({ query, core }: RouteContext): Reply<PhoneNumberListResponse> {
	return ok(paginate(core.state.phoneNumbers.values(), parsePageRequest(query, { keyStyle: core.options.paginationKeys }), (n) => core.state.seqOf(n.phone_number), (n) => n.phone_number));
}

function deleteNumber({ params, core }: RouteContext): Reply {
	if (!core.state.phoneNumbers.delete(params.phone_number!)) throw assetNotFound();
	return noContent();
}

export const phoneNumberRoutes: Route[] = [
	{ method: 'POST', path: '/create-phone-number', handler: buyNumber },
	{ method: 'POST', path: '/import-phone-number', handler: importNumber },
	{ method: 'GET', path: '/get-phone-number/:phone_number', handler: getNumber },
	{ method: 'PATCH', path: '/update-phone-number/:phone_number', handler: updateNumber },
	{ method: 'GET', path: '/v2/list-phone-numbers', handler: listNumbers },
	{ method: 'DELETE', path: '/delete-phone-number/:phone_number', handler: deleteNumber },
];
