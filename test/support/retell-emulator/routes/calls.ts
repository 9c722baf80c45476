import type { AgentResponse } from 'retell-sdk/resources/agent';
import type {
	CallCreatePhoneCallParams,
	CallCreateWebCallParams,
	CallListResponse,
	CallUpdateParams,
	CreateWebCallResponse,
	PhoneCallResponse,
	WebCallResponse,
} from 'retell-sdk/resources/call';
import type { PhoneNumberResponse } from 'retell-sdk/resources/phone-number';
import { RetellHttpError, assetNotFound, badRequest } from '../errors';
import { compileCallFilter } from '../filters';
import { created, noContent, ok, type EmulatorCore, type Reply, type Route, type RouteContext } from '../http';
import { newId } from '../ids';
import { paginate, parsePageRequest } from '../pagination';
import type { EmulatedCall } from '../types';
import { bodyObject, isRecord, optionalBoolean, optionalStringMap, rejectCamelCase, requireE164, requireString, type JsonObject } from '../validate';

const MAX_METADATA_BYTES = 50 * 1024;
const WEB_CALL_TOKEN_TTL_MS = 30_000;

/** Resolves an agent version: a number, a tag (`latest`, `latest_published`) or nothing (latest). */
function resolveVersion(core: EmulatorCore, agentId: string, version: unknown): AgentResponse {
	const versions = core.state.agentVersions.get(agentId);
	if (!versions || versions.length === 0) throw assetNotFound();
	if (version === undefined || version === null || version === 'latest') return versions[versions.length - 1]!;
	if (version === 'latest_published') {
		const published = versions.filter((v) => v.is_published);
		if (published.length === 0) throw assetNotFound();
		return published[published.length - 1]!;
	}
	const wanted = typeof version === 'string' && /^\d+$/.test(version) ? Number(version) : version;
	const found = versions.find((v) => v.version === wanted);
	if (!found) throw assetNotFound();
	return found;
}

/** Picks one of the number's weighted outbound agents. */
function pickOutbound(core: EmulatorCore, number: PhoneNumberResponse): AgentResponse | undefined {
	const bindings = number.outbound_agents ?? [];
	if (bindings.length === 0) return undefined;
	let roll = core.random();
	for (const binding of bindings) {
		roll -= binding.weight;
		if (roll < 0) return resolveVersion(core, binding.agent_id, binding.agent_version);
	}
	const last = bindings[bindings.length - 1]!;
	return resolveVersion(core, last.agent_id, last.agent_version);
}

function checkCallConcurrency(core: EmulatorCore): void {
	if (core.state.liveCallCount() >= core.options.callConcurrencyLimit) throw new RetellHttpError(429);
}

function validateCallExtras(input: JsonObject): void {
	optionalStringMap(input, 'retell_llm_dynamic_variables');
	optionalStringMap(input, 'custom_sip_headers');
	if (input.metadata !== undefined && Buffer.byteLength(JSON.stringify(input.metadata)) > MAX_METADATA_BYTES) throw badRequest('metadata must be at most 50 kB.');
}

export function registerCall(core: EmulatorCore, call: EmulatedCall, batchCallId?: string): EmulatedCall {
	core.state.calls.set(call.call_id, call);
	core.state.registerCreated(call.call_id);
	core.state.callCreatedAt.set(call.call_id, Date.now());
	if (batchCallId) core.state.callBatch.set(call.call_id, batchCallId);
	if (core.options.autoSimulateCalls) void core.simulator.simulate(call.call_id).catch(() => undefined);
	return call;
}

/** What a new call takes from its agent and from the create request, as phone and web calls share it. */
function fromAgent(agent: AgentResponse, params: Pick<CallCreateWebCallParams, 'metadata' | 'retell_llm_dynamic_variables'>) {
	return {
		agent_id: agent.agent_id,
		agent_version: agent.version,
		call_status: 'registered' as const,
		data_storage_setting: agent.data_storage_setting ?? 'everything',
		opt_in_signed_url: agent.opt_in_signed_url ?? false,
		...(agent.agent_name ? { agent_name: agent.agent_name } : {}),
		...(params.metadata !== undefined ? { metadata: params.metadata } : {}),
		...(params.retell_llm_dynamic_variables ? { retell_llm_dynamic_variables: params.retell_llm_dynamic_variables } : {}),
	};
}

/**
 * Checks a create-phone-call body and builds the call it would place (nothing is stored yet); batch calls use it
 * for each task. A `from_number` that is not a number of the account answers 422 (SPEC lists 422 for this
 * endpoint; Retell's exact code for this case is not documented).
 */
export function preparePhoneCall(core: EmulatorCore, input: JsonObject): PhoneCallResponse {
	rejectCamelCase(input);
	const from = requireString(input, 'from_number');
	const to = requireString(input, 'to_number');
	// SDK 5.66.1 CallCreatePhoneCallParams.ignore_e164_validation: "useful when you want to dial to internal pseudo
	// numbers. This only applies when you are using custom telephony and does not apply when you are using Retell
	// Telephony": so it covers both numbers, and only when the from_number is an imported (custom) one.
	const number = core.state.phoneNumbers.get(from);
	const ignoreE164 = optionalBoolean(input, 'ignore_e164_validation') === true && number?.phone_number_type === 'custom';
	requireE164(from, 'from_number', ignoreE164);
	requireE164(to, 'to_number', ignoreE164);
	validateCallExtras(input);
	const params = input as unknown as CallCreatePhoneCallParams;

	if (!number) throw new RetellHttpError(422, `from_number ${from} is not a phone number of this account.`);
	let agent: AgentResponse | undefined;
	if (params.override_agent_id !== undefined) {
		if (typeof params.override_agent_id !== 'string' || params.override_agent_id === '') throw badRequest('override_agent_id must be a non-empty string.');
		agent = resolveVersion(core, params.override_agent_id, params.override_agent_version);
	} else {
		agent = pickOutbound(core, number);
	}
	if (!agent) throw badRequest(`from_number ${from} has no outbound agent; bind outbound_agents to it or pass override_agent_id.`);

	const call: PhoneCallResponse = {
		call_id: newId('call_'),
		call_type: 'phone_call',
		direction: 'outbound',
		from_number: from,
		to_number: to,
		...fromAgent(agent, params),
	};
	if (params.custom_sip_headers) call.custom_sip_headers = params.custom_sip_headers;
	if (number.phone_number_type === 'retell-twilio') call.telephony_identifier = { twilio_call_sid: newId('CA') };
	return call;
}

function createPhoneCall({ body, core }: RouteContext): Reply<PhoneCallResponse> {
	const call = preparePhoneCall(core, bodyObject(body));
	checkCallConcurrency(core);
	registerCall(core, call);
	return created(structuredClone(call));
}

function createWebCall({ body, core }: RouteContext): Reply<CreateWebCallResponse> {
	const input = bodyObject(body);
	rejectCamelCase(input);
	const agentId = requireString(input, 'agent_id');
	validateCallExtras(input);
	const params = input as unknown as CallCreateWebCallParams;
	const agent = resolveVersion(core, agentId, params.agent_version);
	checkCallConcurrency(core);
	const accessToken = newId('', 24);
	const call: WebCallResponse = {
		call_id: newId('call_'),
		call_type: 'web_call',
		access_token: accessToken,
		...fromAgent(agent, params),
	};
	registerCall(core, call);
	// v3 answers with a join descriptor, not a call object (retell-api.md §2.1).
	return created({
		access_token: accessToken,
		call_id: call.call_id,
		expires_at: Date.now() + WEB_CALL_TOKEN_TTL_MS,
		ice_servers: [{ urls: ['stun:stun.l.google.com:19302'] }],
		transport: 'gateway',
	});
}

function findCall(core: EmulatorCore, callId: string): EmulatedCall {
	const call = core.state.calls.get(callId);
	if (!call) throw assetNotFound();
	return call;
}

function getCall({ params, core }: RouteContext): Reply<EmulatedCall> {
	return ok(structuredClone(findCall(core, params.call_id!)));
}

function dropTranscripts(call: EmulatedCall): void {
	delete call.transcript;
	delete call.transcript_object;
	delete call.transcript_with_tool_calls;
	delete call.scrubbed_transcript_with_tool_calls;
}

function updateCall({ params, body, core }: RouteContext): Reply<EmulatedCall> {
	const call = findCall(core, params.call_id!);
	const input = bodyObject(body);
	rejectCamelCase(input);
	if (input.override_dynamic_variables !== undefined) throw badRequest('override_dynamic_variables was removed on 2026-08-31; use update-live-call.');
	// Since 2026-08-31 update-call is for ended calls only (https://docs.retellai.com/deprecation-notice).
	if (call.call_status === 'registered' || call.call_status === 'ongoing') throw badRequest('update-call applies to ended calls; use update-live-call for a live call.');
	validateCallExtras(input);
	const changes = input as CallUpdateParams;
	const attributes = input.custom_attributes;
	if (attributes !== undefined) {
		if (!isRecord(attributes) || Object.values(attributes).some((v) => !['string', 'number', 'boolean'].includes(typeof v))) {
			throw badRequest('custom_attributes values must be strings, numbers or booleans.');
		}
		call.custom_attributes = { ...(call.custom_attributes ?? {}), ...changes.custom_attributes };
	}
	if (changes.data_storage_setting !== undefined) {
		if (!['everything', 'everything_except_pii', 'basic_attributes_only'].includes(changes.data_storage_setting)) throw badRequest('data_storage_setting is not valid.');
		call.data_storage_setting = changes.data_storage_setting;
		if (changes.data_storage_setting === 'basic_attributes_only') {
			dropTranscripts(call);
			delete call.recording_url;
		}
	}
	if (input.metadata !== undefined) call.metadata = input.metadata;
	return ok(structuredClone(call));
}

function deleteCall({ params, core }: RouteContext): Reply {
	const callId = params.call_id!;
	findCall(core, callId);
	core.state.calls.delete(callId);
	core.state.callBatch.delete(callId);
	return noContent();
}

function stopCall({ params, core }: RouteContext): Reply {
	findCall(core, params.call_id!);
	if (!core.simulator.stop(params.call_id!)) throw badRequest('The call is not ongoing.');
	return noContent();
}

export function callSortKey(core: EmulatorCore, call: EmulatedCall): number {
	return call.start_timestamp ?? core.state.callCreatedAt.get(call.call_id) ?? 0;
}

type ListItem = CallListResponse['items'][number];

/**
 * "The v3 response omits the transcript, transcript_object, transcript_with_tool_calls, and recording_url fields"
 * (https://docs.retellai.com/api-references/list-calls). The SDK's v3 item type still lists recording_url; the docs win.
 */
function listItem(call: EmulatedCall): ListItem {
	const item = structuredClone(call);
	dropTranscripts(item);
	delete item.recording_url;
	return item;
}

function listCalls({ body, core }: RouteContext): Reply<CallListResponse> {
	const input = bodyObject(body);
	rejectCamelCase(input);
	const page = parsePageRequest(input, { allowSkip: true, keyStyle: core.options.paginationKeys });
	const keep = compileCallFilter(input.filter_criteria, core.state);
	const matching = [...core.state.calls.values()].filter(keep);
	const sortKeyOfId = (callId: string): number | undefined => {
		const call = core.state.calls.get(callId);
		return call && callSortKey(core, call);
	};
	return ok(paginate(matching, page, (call) => callSortKey(core, call), (call) => call.call_id, listItem, sortKeyOfId));
}

export const callRoutes: Route[] = [
	{ method: 'POST', path: '/v2/create-phone-call', handler: createPhoneCall },
	{ method: 'POST', path: '/v3/create-web-call', handler: createWebCall },
	{ method: 'GET', path: '/v2/get-call/:call_id', handler: getCall },
	{ method: 'PATCH', path: '/v2/update-call/:call_id', handler: updateCall },
	{ method: 'DELETE', path: '/v2/delete-call/:call_id', handler: deleteCall },
	{ method: 'POST', path: '/v2/stop-call/:call_id', handler: stopCall },
	{ method: 'POST', path: '/v3/list-calls', handler: listCalls },
];
