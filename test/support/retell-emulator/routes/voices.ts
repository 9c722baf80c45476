import type { VoiceListResponse, VoiceResponse, VoiceSearchResponse } from 'retell-sdk/resources/voice';
import { COMMUNITY_VOICES, type CommunityVoice } from '../catalog';
import { assetNotFound, badRequest } from '../errors';
import { created, ok, type EmulatorCore, type MultipartBody, type Reply, type Route, type RouteContext } from '../http';
import { newId } from '../ids';
import { bodyObject, optionalString, rejectCamelCase, requireString, type JsonObject } from '../validate';

/** Not paginated: Retell answers with a bare array (retell-api.md §3). */
function listVoices({ core }: RouteContext): Reply<VoiceListResponse> {
	return ok([...core.state.voices.values()]);
}

function getVoice({ params, core }: RouteContext): Reply<VoiceResponse> {
	const voice = core.state.voices.get(params.voice_id!);
	if (!voice) throw assetNotFound();
	return ok(voice);
}

/** Providers of the community libraries (SDK 5.66.1 `VoiceSearchParams.voice_provider`, `VoiceAddResourceParams.voice_provider`). */
const COMMUNITY_PROVIDERS = ['elevenlabs', 'cartesia', 'minimax', 'fish_audio', 'inworld'] as const;
/** Providers that clone (SDK 5.66.1 `VoiceCloneParams.voice_provider`). */
const CLONE_PROVIDERS = ['elevenlabs', 'cartesia', 'minimax', 'fish_audio', 'platform', 'inworld'] as const;
type CloneProvider = (typeof CLONE_PROVIDERS)[number];

const MAX_VOICE_NAME_LENGTH = 200;

function oneOf<T extends string>(allowed: readonly T[], value: unknown): value is T {
	return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}

/**
 * The provider of a community-voice request. Both endpoints type it optional and do not say which library an
 * absent one means ⚠: the emulator takes ElevenLabs, the provider the older clone-voice page names as default
 * (https://docs.retellai.com/api-references/clone-voice: "Defaults to elevenlabs").
 */
function communityProvider(input: JsonObject): CommunityVoice['provider'] {
	const provider = input.voice_provider ?? 'elevenlabs';
	if (!oneOf(COMMUNITY_PROVIDERS, provider)) throw badRequest(`voice_provider must be one of ${COMMUNITY_PROVIDERS.join(', ')}.`);
	return provider;
}

/** voice_name: "Required string length: 1 - 200" (https://docs.retellai.com/api-references/add-voice, clone-voice). */
function checkVoiceName(name: string): string {
	if (name.length > MAX_VOICE_NAME_LENGTH) throw badRequest(`voice_name must be at most ${MAX_VOICE_NAME_LENGTH} characters.`);
	return name;
}

/**
 * "Search query to find voices by name, description, or ID" (SDK 5.66.1 `VoiceSearchParams.search_query`): a
 * case-insensitive part of the name or description, or the provider's voice id. Answers `{voices}`
 * (OpenAPI `searchCommunityVoice`, 200).
 */
function searchCommunityVoices({ body }: RouteContext): Reply<VoiceSearchResponse> {
	const input = bodyObject(body);
	rejectCamelCase(input);
	const query = requireString(input, 'search_query').trim().toLowerCase();
	const provider = communityProvider(input);
	const voices = COMMUNITY_VOICES.filter(
		(voice) =>
			voice.provider === provider &&
			(voice.name.toLowerCase().includes(query) || voice.description.toLowerCase().includes(query) || voice.provider_voice_id.toLowerCase() === query),
	).map(({ provider_voice_id, name, description, public_user_id }) => ({
		provider_voice_id,
		name,
		description,
		// "For elevenlabs only. User id of the voice owner." (SDK 5.66.1 `VoiceSearchResponse.Voice.public_user_id`)
		...(public_user_id ? { public_user_id } : {}),
	}));
	return ok({ voices });
}

/**
 * Voices the account adds or clones get an id of their own; Retell does not document its form ⚠, the emulator
 * uses `custom_voice_<hex>`.
 */
function storeVoice(core: EmulatorCore, voice: Omit<VoiceResponse, 'voice_id'>): VoiceResponse {
	const stored: VoiceResponse = { voice_id: newId('custom_voice_', 12), ...voice };
	core.state.voices.set(stored.voice_id, stored);
	return stored;
}

/**
 * add-community-voice answers 200 with the new voice of the account (OpenAPI `addCommunityVoice`; retell-api.md §2.5),
 * which get-voice and list-voices then show. `public_user_id` is "Required for ElevenLabs only"
 * (SDK 5.66.1 `VoiceAddResourceParams`). A voice the provider's library does not have: the endpoint documents no
 * 404/422, so 400 ⚠.
 */
function addCommunityVoice({ body, core }: RouteContext): Reply<VoiceResponse> {
	const input = bodyObject(body);
	rejectCamelCase(input);
	const providerVoiceId = requireString(input, 'provider_voice_id');
	const voiceName = checkVoiceName(requireString(input, 'voice_name'));
	const provider = communityProvider(input);
	const publicUserId = optionalString(input, 'public_user_id') ?? undefined;
	if (provider === 'elevenlabs' && !publicUserId) throw badRequest('public_user_id is required for ElevenLabs voices.');
	const found = COMMUNITY_VOICES.find(
		(voice) =>
			voice.provider === provider &&
			voice.provider_voice_id === providerVoiceId &&
			(provider !== 'elevenlabs' || voice.public_user_id === publicUserId),
	);
	if (!found) throw badRequest(`No ${provider} community voice ${providerVoiceId}${publicUserId ? ` of user ${publicUserId}` : ''}.`);
	const { gender, accent, age } = found;
	return ok(storeVoice(core, { voice_name: voiceName, provider, gender, ...(accent ? { accent } : {}), ...(age ? { age } : {}) }));
}

/** "Up to 25 files allowed. For Cartesia and MiniMax, only 1 file is supported. For Inworld, up to 3" (SDK 5.66.1 `VoiceCloneParams.files`). */
function maxCloneFiles(provider: CloneProvider): number {
	if (provider === 'cartesia' || provider === 'minimax') return 1;
	if (provider === 'inworld') return 3;
	return 25;
}

function requireMultipart(multipart: MultipartBody | undefined): MultipartBody {
	if (!multipart) throw badRequest('clone-voice expects multipart/form-data.');
	return multipart;
}

/**
 * clone-voice: multipart `files`, `voice_name`, `voice_provider`, all required (OpenAPI `cloneVoice`, SDK 5.66.1
 * `VoiceCloneParams`), answering 201 with the new voice, which get-voice and list-voices then show. The first sample is
 * served back as the voice's preview ⚠ (Retell's preview of a clone is not documented). The response type requires
 * a gender that nothing in the request gives ⚠: the emulator reports `female`.
 */
function cloneVoice({ multipart, core }: RouteContext): Reply<VoiceResponse> {
	const form = requireMultipart(multipart);
	const voiceName = form.fields.voice_name?.[0];
	if (!voiceName) throw badRequest('voice_name is required and must be a non-empty string.');
	checkVoiceName(voiceName);
	const provider = form.fields.voice_provider?.[0];
	if (!oneOf(CLONE_PROVIDERS, provider)) throw badRequest(`voice_provider is required and must be one of ${CLONE_PROVIDERS.join(', ')}.`);
	const files = form.files.files ?? [];
	const [sample] = files;
	if (!sample) throw badRequest('files is required: upload at least one audio file.');
	if (files.length > maxCloneFiles(provider)) throw badRequest(`${provider} clones from at most ${maxCloneFiles(provider)} file(s); got ${files.length}.`);
	const fileId = newId('voicesample_');
	core.state.files.set(fileId, { contentType: sample.type || 'application/octet-stream', data: sample.data });
	const voice = storeVoice(core, { voice_name: voiceName, provider, gender: 'female', preview_audio_url: `${core.baseUrl()}/_emulator/files/${fileId}` });
	return created(voice);
}

export const voiceRoutes: Route[] = [
	{ method: 'GET', path: '/list-voices', handler: listVoices },
	{ method: 'GET', path: '/get-voice/:voice_id', handler: getVoice },
	{ method: 'POST', path: '/search-community-voice', handler: searchCommunityVoices },
	{ method: 'POST', path: '/add-community-voice', handler: addCommunityVoice },
	{ method: 'POST', path: '/clone-voice', handler: cloneVoice },
];
