import type { VoiceListResponse, VoiceResponse } from 'retell-sdk/resources/voice';
import { assetNotFound } from '../errors';
import { ok, type Reply, type Route, type RouteContext } from '../http';

/** Not paginated: Retell answers with a bare array (retell-api.md §3). */
function listVoices({ core }: RouteContext): Reply<VoiceListResponse> {
	return ok([...core.state.voices.values()]);
}

function getVoice({ params, core }: RouteContext): Reply<VoiceResponse> {
	const voice = core.state.voices.get(params.voice_id!);
	if (!voice) throw assetNotFound();
	return ok(voice);
}

export const voiceRoutes: Route[] = [
	{ method: 'GET', path: '/list-voices', handler: listVoices },
	{ method: 'GET', path: '/get-voice/:voice_id', handler: getVoice },
];
