import type { AgentResponse } from 'retell-sdk/resources/agent';
import type {
	CallCreatePhoneCallParams,
	CallCreateWebCallParams,
	CallListenLiveResponse,
	CallListResponse,
	CallRegisterPhoneCallParams,
	CallTakeOverLiveResponse,
	CallUpdateLiveResponse,
	CallUpdateParams,
	CreateWebCallResponse,
	PhoneCallResponse,
	WebCallResponse,
} from 'retell-sdk/resources/call';
import type { PhoneNumberResponse } from 'retell-sdk/resources/phone-number';
import { buildAnalysis, dialOutcome, type Outcome } from '../conversation';
import { RetellHttpError, assetNotFound, badRequest } from '../errors';
import { compileCallFilter } from '../filters';
import { created, noContent, ok, type EmulatorCore, type Reply, type Route, type RouteContext } from '../http';
import { newId } from '../ids';
import { paginate, parsePageRequest } from '../pagination';
import type { EmulatedCall } from '../types';
import { bodyObject, isRecord, optionalBoolean, optionalString, optionalStringMap, rejectCamelCase, requireE164, requireString, type JsonObject } from '../validate';
import { RECORDING_FIELDS, recordingFieldsFor, resignRecordingUrls } from '../media';

const MAX_METADATA_BYTES = 50 * 1024;
const WEB_CALL_TOKEN_TTL_MS = 30_000;
const GATEWAY_ICE_SERVERS = [{ urls: ['stun:stun.l.google.com:19302'] }];

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
		ice_servers: GATEWAY_ICE_SERVERS,
		transport: 'gateway',
	});
}

function findCall(core: EmulatorCore, callId: string): EmulatedCall {
	const call = core.state.calls.get(callId);
	if (!call) throw assetNotFound();
	return call;
}

/** "Each get-call signs the recording and log URLs anew" (https://docs.retellai.com/accounts/signed-secure-url). */
function getCall({ params, core }: RouteContext): Reply<EmulatedCall> {
	return ok(resignRecordingUrls(core.state, structuredClone(findCall(core, params.call_id!))));
}

/** From most to least kept: a call's setting can only move right (SDK 5.66.1 `CallUpdateParams.data_storage_setting`). */
const DATA_STORAGE_SETTINGS = ['everything', 'everything_except_pii', 'basic_attributes_only'] as const;
type DataStorageSetting = (typeof DATA_STORAGE_SETTINGS)[number];

/**
 * A data_storage_setting change of update-call or update-live-call: "Cannot be downgraded from more restrictive to
 * less restrictive settings" (SDK 5.66.1 `CallUpdateParams`, `CallUpdateLiveParams.FieldsToOverride`); 400 ⚠ code.
 */
function checkDataStorageSetting(call: EmulatedCall, value: unknown): DataStorageSetting | undefined {
	if (value === undefined) return undefined;
	const wanted = DATA_STORAGE_SETTINGS.find((setting) => setting === value);
	if (!wanted) throw badRequest(`data_storage_setting must be one of ${DATA_STORAGE_SETTINGS.join(', ')}.`);
	const current = call.data_storage_setting ?? 'everything';
	if (DATA_STORAGE_SETTINGS.indexOf(wanted) < DATA_STORAGE_SETTINGS.indexOf(current)) {
		throw badRequest(`data_storage_setting cannot go from ${current} back to the less restrictive ${wanted}.`);
	}
	return wanted;
}

function applyDataStorageSetting(call: EmulatedCall, setting: DataStorageSetting): void {
	call.data_storage_setting = setting;
	if (setting === 'basic_attributes_only') dropTranscripts(call);
	const kept = recordingFieldsFor(setting);
	for (const field of RECORDING_FIELDS) if (!kept.includes(field)) delete call[field];
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
	const setting = checkDataStorageSetting(call, changes.data_storage_setting);
	if (setting) applyDataStorageSetting(call, setting);
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

/**
 * register-phone-call, for calls on the user's own telephony ("Dial to SIP URI",
 * https://docs.retellai.com/deploy/custom-telephony): 201 with a phone call in `registered` status running `agent_id`
 * (https://docs.retellai.com/api-references/register-phone-call). From, to and direction are "Stored for tracking
 * purpose"; an unknown agent is 422 as for every call (OpenAPI `registerPhoneCall` lists 422). The call then runs like
 * any other when `autoSimulateCalls` is on, as if the user's telephony had dialled in.
 */
function registerPhoneCall({ body, core }: RouteContext): Reply<PhoneCallResponse> {
	const input = bodyObject(body);
	rejectCamelCase(input);
	const agentId = requireString(input, 'agent_id');
	const direction = input.direction ?? 'inbound';
	if (direction !== 'inbound' && direction !== 'outbound') throw badRequest('direction must be inbound or outbound.');
	// "in E.164 format" (SDK 5.66.1 `CallRegisterPhoneCallParams.from_number`, `to_number`); whether Retell checks it ⚠.
	const numbers = { from_number: optionalString(input, 'from_number'), to_number: optionalString(input, 'to_number') };
	for (const [key, value] of Object.entries(numbers)) if (value) requireE164(value, key, false);
	validateCallExtras(input);
	const params = input as unknown as CallRegisterPhoneCallParams;
	const agent = resolveVersion(core, agentId, params.agent_version);
	checkCallConcurrency(core);
	const call: PhoneCallResponse = {
		call_id: newId('call_'),
		call_type: 'phone_call',
		// "All traffic appears as inbound to Retell when using this method, so it's up to your system to specify the call
		// direction" (Retell's custom telephony guide): inbound unless told. Numbers not given come back empty ⚠.
		direction,
		from_number: numbers.from_number ?? '',
		to_number: numbers.to_number ?? '',
		...fromAgent(agent, params),
	};
	registerCall(core, call);
	return created(structuredClone(call));
}

/** The live-call endpoints are newer resources: an unknown call is 404, not 422 (retell-api.md §1, §8). */
function findLiveCall(core: EmulatorCore, callId: string): EmulatedCall {
	const call = core.state.calls.get(callId);
	if (!call) throw new RetellHttpError(404);
	return call;
}

/**
 * "The call must be in ONGOING status" (SDK 5.66.1 `call.listenLive`, `call.takeOverLive`); update-live-call is for
 * "an ongoing call" (https://docs.retellai.com/api-references/update-live-call). Retell's code for a call that is not
 * is undocumented ⚠: 400 with stop-call's text.
 */
function requireOngoing(call: EmulatedCall): void {
	if (call.call_status !== 'ongoing') throw badRequest('The call is not ongoing.');
}

function optionalObject(input: JsonObject, key: string): JsonObject | undefined {
	const value = input[key];
	if (value === undefined) return undefined;
	if (!isRecord(value)) throw badRequest(`${key} must be an object.`);
	return value;
}

/** Seconds since the call connected, in simulated time like the transcript's word timings. */
function callSeconds(core: EmulatorCore, call: EmulatedCall): number {
	const elapsedMs = (Date.now() - (call.start_timestamp ?? Date.now())) * core.options.timeScale;
	return Math.round(elapsedMs) / 1000;
}

/**
 * update-live-call (PATCH, 200 `{success: true}`, https://docs.retellai.com/api-references/update-live-call):
 * - `call_control.additional_context` is "appended to the call transcript with role "injected"" (SDK 5.66.1
 *   `CallUpdateLiveParams.CallControl`), so it shows in `transcript_with_tool_calls` with its `time_sec`;
 * - `fields_to_override.metadata` and `data_storage_setting` "are also persisted to the call record";
 * - `override_dynamic_variables` and `trigger_response` act on the running agent only. The simulated conversation is
 *   scripted when the call connects, so they are checked here and change nothing the emulator shows.
 * "An empty object is a no-op".
 */
function updateLiveCall({ params, body, core }: RouteContext): Reply<CallUpdateLiveResponse> {
	const call = findLiveCall(core, params.call_id!);
	const input = bodyObject(body);
	rejectCamelCase(input);
	const control = optionalObject(input, 'call_control') ?? {};
	const overrides = optionalObject(input, 'fields_to_override') ?? {};
	const context = optionalString(control, 'additional_context');
	if (context === '') throw badRequest('call_control.additional_context must be non-empty.');
	optionalBoolean(control, 'trigger_response');
	if (overrides.override_dynamic_variables !== null) optionalStringMap(overrides, 'override_dynamic_variables');
	validateCallExtras({ metadata: overrides.metadata });
	requireOngoing(call);
	const setting = checkDataStorageSetting(call, overrides.data_storage_setting);

	if (setting) applyDataStorageSetting(call, setting);
	if (overrides.metadata !== undefined) call.metadata = overrides.metadata;
	if (context && call.data_storage_setting !== 'basic_attributes_only') {
		const injected: PhoneCallResponse.InjectedUtterance = { role: 'injected', content: context, time_sec: callSeconds(core, call) };
		// The simulator appends each turn to this same array while the call goes on.
		(call.transcript_with_tool_calls ??= []).push(injected);
	}
	return ok({ success: true });
}

/**
 * rerun-call-analysis (PUT; answers the call, SDK 5.66.1 `call.rerunAnalysis`): a new `call_analysis` made with "the
 * analysis prompts from the latest draft version of the agent—even if the call was originally handled by an older
 * published version" (https://docs.retellai.com/features/rerun-call-analysis). Rerunning "does not resend webhooks"
 * (Retell's Call & chat history page, "Rerun analysis"), so no call_analyzed follows. Calls are an older resource, so an
 * unknown one is 422 (retell-api.md §1); a call still live has no analysis to rerun: 400 ⚠.
 */
function rerunCallAnalysis({ params, core }: RouteContext): Reply<EmulatedCall> {
	const call = findCall(core, params.call_id!);
	if (call.call_status === 'registered' || call.call_status === 'ongoing') throw badRequest('Call analysis can only be rerun after the call has ended.');
	const latestAgent = core.state.getAgent(call.agent_id);
	const outcome: Outcome = call.call_status === 'ended' ? dialOutcome(call) : { connected: false, reason: 'dial_failed' };
	call.call_analysis = buildAnalysis(latestAgent, outcome, () => core.random(), call.retell_llm_dynamic_variables ?? {});
	return ok(structuredClone(call));
}

/** Listener identities handed out by listen-live-call, per call: take-over-live-call accepts only these. */
const liveListeners = new WeakMap<EmulatedCall, Set<string>>();

/**
 * listen-live-call (POST): "a subscribe-only access token for an in-progress call"; the `participant_id` it returns is
 * "the value to hand back to /v2/take-over-live-call" (SDK 5.66.1 `CallListenLiveResponse`). Answered like v3
 * create-web-call, on the `gateway` transport; 200 and the token's lifetime are not documented ⚠.
 */
function listenLiveCall({ params, core }: RouteContext): Reply<CallListenLiveResponse> {
	const call = findLiveCall(core, params.call_id!);
	requireOngoing(call);
	const participantId = newId('listener_', 10);
	const listeners = liveListeners.get(call) ?? new Set<string>();
	listeners.add(participantId);
	liveListeners.set(call, listeners);
	return ok({
		access_token: newId('', 24),
		expires_at: Date.now() + WEB_CALL_TOKEN_TTL_MS,
		participant_id: participantId,
		// "Always the call's original room" ⚠ its name.
		room_name: call.call_id,
		transport: 'gateway',
		ice_servers: GATEWAY_ICE_SERVERS,
	});
}

/**
 * take-over-live-call (POST `{participant_id}`, 200 `{success}`): "The agent stops responding and the specified
 * live-listen participant is allowed to speak directly to the caller" (SDK 5.66.1 `call.takeOverLive`). A
 * participant_id that listen-live-call did not hand out for this call is 400 ⚠. The scripted conversation of the
 * simulator goes on regardless.
 */
function takeOverLiveCall({ params, body, core }: RouteContext): Reply<CallTakeOverLiveResponse> {
	const call = findLiveCall(core, params.call_id!);
	const input = bodyObject(body);
	rejectCamelCase(input);
	const participantId = requireString(input, 'participant_id');
	requireOngoing(call);
	if (!liveListeners.get(call)?.has(participantId)) throw badRequest(`participant_id ${participantId} is not listening to this call; get one from listen-live-call.`);
	return ok({ success: true });
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
	{ method: 'POST', path: '/v2/register-phone-call', handler: registerPhoneCall },
	{ method: 'PATCH', path: '/v2/update-live-call/:call_id', handler: updateLiveCall },
	{ method: 'PUT', path: '/rerun-call-analysis/:call_id', handler: rerunCallAnalysis },
	{ method: 'POST', path: '/v2/listen-live-call/:call_id', handler: listenLiveCall },
	{ method: 'POST', path: '/v2/take-over-live-call/:call_id', handler: takeOverLiveCall },
];
