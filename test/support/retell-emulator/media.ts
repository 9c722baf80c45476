import { createHmac, timingSafeEqual } from 'node:crypto';

import type { EmulatorState } from './state';
import type { EmulatedCall } from './types';

// Unauthenticated downloads under /_emulator/, standing in for Retell's storage URLs: call recordings and
// knowledge-base source contents. They are real files, so a workflow that downloads them works.

const SAMPLE_RATE = 8000;
/** ⚠ Generated audio stops after a minute, so a two-hour call's file stays under 1 MB (8-bit, 8 kHz). */
export const MAX_AUDIO_MS = 60_000;

/** The recording fields of a call (SDK 5.66.1 `PhoneCallResponse`), each "available after the call ends". */
export const RECORDING_FIELDS = [
	'recording_url',
	'recording_multi_channel_url',
	'scrubbed_recording_url',
	'scrubbed_recording_multi_channel_url',
] as const;
export type RecordingField = (typeof RECORDING_FIELDS)[number];

/** File names as in Retell's OpenAPI examples (`…/Jabr9TXY…/recording.wav`, `…/recording_multichannel.wav`); ⚠ the scrubbed ones. */
const FILE_NAMES: Record<RecordingField, string> = {
	recording_url: 'recording.wav',
	recording_multi_channel_url: 'recording_multichannel.wav',
	scrubbed_recording_url: 'scrubbed_recording.wav',
	scrubbed_recording_multi_channel_url: 'scrubbed_recording_multichannel.wav',
};

/**
 * Which recordings a call keeps under its data_storage_setting (https://docs.retellai.com/accounts/privacy-disable):
 * "Everything: all artifacts (transcripts, recordings, logs) are stored"; "Everything except PII: artifacts are
 * stored with PII removed" ⚠ read as: only the scrubbed recordings; "Basic Attributes Only: no
 * transcripts/recordings/logs are stored".
 */
export function recordingFieldsFor(setting: EmulatedCall['data_storage_setting']): RecordingField[] {
	if (setting === 'basic_attributes_only') return [];
	if (setting === 'everything_except_pii') return ['scrubbed_recording_url', 'scrubbed_recording_multi_channel_url'];
	return ['recording_url', 'recording_multi_channel_url'];
}

// --- Signed URLs -----------------------------------------------------------------------------------------------

/** "If not set, default value of 86400000 (24 hours) will apply" (SDK 5.66.1 `AgentResponse.signed_url_expiration_ms`). */
export const DEFAULT_SIGNED_URL_EXPIRATION_MS = 86_400_000;
const SIGNING_KEY = 'retell-emulator-storage';

/** `20261205T093000Z`, S3's `X-Amz-Date`. */
function amzDate(ms: number): string {
	return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function signature(path: string, date: string, expires: string): string {
	return createHmac('sha256', SIGNING_KEY).update(`GET\n${path}\n${date}\n${expires}`).digest('hex');
}

/**
 * A signed URL the way S3 presigns one (https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-presigned-url.html):
 * `X-Amz-Date` + `X-Amz-Expires` (seconds) and `X-Amz-Signature`; ⚠ Retell does not document its URLs' format.
 * The lifetime is rounded down to whole seconds ⚠, so a lifetime under a second is expired at once.
 */
export function presignUrl(url: string, signedAtMs: number, lifetimeMs: number): string {
	const parsed = new URL(url);
	const date = amzDate(signedAtMs);
	const expires = String(Math.max(0, Math.floor(lifetimeMs / 1000)));
	parsed.search = new URLSearchParams({
		'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
		'X-Amz-Credential': `AKIAEMULATOR000000/${date.slice(0, 8)}/us-west-2/s3/aws4_request`,
		'X-Amz-Date': date,
		'X-Amz-Expires': expires,
		'X-Amz-SignedHeaders': 'host',
		'X-Amz-Signature': signature(parsed.pathname, date, expires),
	}).toString();
	return parsed.toString();
}

/** How long a call's signed URLs live: its agent version's `signed_url_expiration_ms`, else 24 h. */
function signedUrlLifetime(state: EmulatorState, call: EmulatedCall): number {
	const agent = state.getAgent(call.agent_id, call.agent_version) ?? state.getAgent(call.agent_id);
	return agent?.signed_url_expiration_ms ?? DEFAULT_SIGNED_URL_EXPIRATION_MS;
}

/**
 * The call's recording URLs signed anew, for a call whose agent opted in to signed URLs: "Every time you request the
 * URLs of your call's recording and log, we will generate a URL with a signature that will expire 24 hours after it
 * is generated" (https://docs.retellai.com/accounts/signed-secure-url). The call keeps `opt_in_signed_url` from
 * when it was created: "Files created while secure URLs were enabled will continue to generate signed URLs … even
 * after you opt out". For get-call: `resignRecordingUrls(core.state, structuredClone(call))`.
 */
export function resignRecordingUrls<T extends EmulatedCall>(state: EmulatorState, call: T, now = Date.now()): T {
	if (!call.opt_in_signed_url) return call;
	const lifetime = signedUrlLifetime(state, call);
	for (const field of RECORDING_FIELDS) {
		const url = call[field];
		if (url) call[field] = presignUrl(url, now, lifetime);
	}
	return call;
}

/** Sets the recordings a call has once it ended, signed when its agent opted in. */
export function attachRecordings(state: EmulatorState, call: EmulatedCall, baseUrl: string): void {
	const kept = recordingFieldsFor(call.data_storage_setting);
	for (const field of RECORDING_FIELDS) {
		if (kept.includes(field)) call[field] = `${baseUrl}/_emulator/recordings/${encodeURIComponent(call.call_id)}/${FILE_NAMES[field]}`;
		else delete call[field];
	}
	resignRecordingUrls(state, call);
}

// --- Audio -----------------------------------------------------------------------------------------------------

/** ⚠ The agent talks for 2 s (440 Hz), then the user (660 Hz), and so on. */
const TURN_MS = 2_000;
/** ⚠ What scrubbing silences: the second second of audio, standing in for a spoken phone number. */
const SCRUBBED_FROM_MS = 1_000;
const SCRUBBED_TO_MS = 2_000;

function toneSample(frequency: number, index: number): number {
	return Math.round(128 + 90 * Math.sin((2 * Math.PI * frequency * index) / SAMPLE_RATE));
}

/** The samples of one party at sample `index`: the tone while it is its turn, else silence (128). */
function partySample(party: 'agent' | 'user', index: number, scrubbed: boolean): number {
	const ms = (index * 1000) / SAMPLE_RATE;
	if (scrubbed && ms >= SCRUBBED_FROM_MS && ms < SCRUBBED_TO_MS) return 128;
	const agentTurn = Math.floor(ms / TURN_MS) % 2 === 0;
	if (party === 'agent') return agentTurn ? toneSample(440, index) : 128;
	return agentTurn ? 128 : toneSample(660, index);
}

/**
 * The WAV a recording field serves: 8-bit unsigned PCM at 8 kHz, mono (both parties mixed) or, for the multichannel
 * recordings, the agent on the left channel and the user on the right; `durationMs` long, at most `MAX_AUDIO_MS`.
 */
export function recordingWav(field: RecordingField, durationMs: number): Buffer {
	const channels = field.includes('multi_channel') ? 2 : 1;
	const scrubbed = field.startsWith('scrubbed_');
	const frames = Math.round((Math.min(Math.max(durationMs, 0), MAX_AUDIO_MS) / 1000) * SAMPLE_RATE);
	const dataBytes = frames * channels;
	const wav = Buffer.alloc(44 + dataBytes);
	wav.write('RIFF', 0, 'ascii');
	wav.writeUInt32LE(36 + dataBytes, 4);
	wav.write('WAVE', 8, 'ascii');
	wav.write('fmt ', 12, 'ascii');
	wav.writeUInt32LE(16, 16);
	wav.writeUInt16LE(1, 20);
	wav.writeUInt16LE(channels, 22);
	wav.writeUInt32LE(SAMPLE_RATE, 24);
	wav.writeUInt32LE(SAMPLE_RATE * channels, 28);
	wav.writeUInt16LE(channels, 32);
	wav.writeUInt16LE(8, 34);
	wav.write('data', 36, 'ascii');
	wav.writeUInt32LE(dataBytes, 40);
	for (let frame = 0; frame < frames; frame++) {
		const agent = partySample('agent', frame, scrubbed);
		const user = partySample('user', frame, scrubbed);
		if (channels === 2) {
			wav[44 + frame * 2] = agent;
			wav[45 + frame * 2] = user;
		} else {
			// One party talks at a time, so the mix is whichever is not silent.
			wav[44 + frame] = agent !== 128 ? agent : user;
		}
	}
	return wav;
}

// --- Serving -----------------------------------------------------------------------------------------------------

export interface MediaReply {
	status: number;
	contentType: string;
	body: Buffer;
}

/** S3's error document (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html). */
function storageError(status: number, code: string, message: string): MediaReply {
	const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
	return { status, contentType: 'application/xml', body: Buffer.from(body, 'utf8') };
}

/** Why a signed request is refused, or undefined when its signature holds and has not expired. */
function refusal(pathname: string, query: URLSearchParams, now: number): MediaReply | undefined {
	const date = query.get('X-Amz-Date');
	const expires = query.get('X-Amz-Expires');
	const given = query.get('X-Amz-Signature');
	if (!date || !expires || !given) return storageError(403, 'AccessDenied', 'Access Denied');
	const expected = Buffer.from(signature(pathname, date, expires), 'utf8');
	const actual = Buffer.from(given, 'utf8');
	if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
		return storageError(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.');
	}
	const signedAt = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(date);
	if (!signedAt) return storageError(403, 'AuthorizationQueryParametersError', 'X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd\'T\'HHmmss\'Z\'"');
	const [, year, month, day, hour, minute, second] = signedAt.map(Number);
	// Expired from the instant X-Amz-Date + X-Amz-Expires is reached ⚠ (S3's own boundary is undocumented).
	if (now >= Date.UTC(year, month - 1, day, hour, minute, second) + Number(expires) * 1000) {
		return storageError(403, 'AccessDenied', 'Request has expired');
	}
	return undefined;
}

function serveRecording(state: EmulatorState, pathname: string, query: URLSearchParams): MediaReply | undefined {
	// `<call_id>.wav` is the older single-recording path, still used by seeded calls.
	const match = /^\/_emulator\/recordings\/([^/]+?)(?:\.wav|\/([a-z_]+\.wav))$/.exec(pathname);
	if (!match) return undefined;
	const field = match[2] ? RECORDING_FIELDS.find((name) => FILE_NAMES[name] === match[2]) : 'recording_url';
	const call = state.calls.get(decodeURIComponent(match[1]!));
	if (call?.opt_in_signed_url) {
		const refused = refusal(pathname, query, Date.now());
		if (refused) return refused;
	}
	// Gone with the call, or when the storage setting was restricted after the call (update-call, update-live-call).
	if (!call || !field || !call[field] || !recordingFieldsFor(call.data_storage_setting).includes(field)) {
		return storageError(404, 'NoSuchKey', 'The specified key does not exist.');
	}
	return { status: 200, contentType: 'audio/wav', body: recordingWav(field, call.duration_ms ?? 0) };
}

export function serveMedia(state: EmulatorState, pathname: string, query: URLSearchParams = new URLSearchParams()): MediaReply {
	const recording = serveRecording(state, pathname, query);
	if (recording) return recording;
	const file = /^\/_emulator\/files\/([^/]+)$/.exec(pathname);
	const stored = file ? state.files.get(decodeURIComponent(file[1]!)) : undefined;
	if (stored) return { status: 200, contentType: stored.contentType, body: stored.data };
	return { status: 404, contentType: 'text/plain; charset=utf-8', body: Buffer.from('Not found') };
}
