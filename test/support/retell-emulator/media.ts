import type { EmulatorState } from './state';

// Unauthenticated downloads under /_emulator/, standing in for Retell's signed storage URLs: call recordings
// and knowledge-base source contents. They are real files, so a workflow that downloads them works.

const SAMPLE_RATE = 8000;
const MAX_RECORDING_MS = 10 * 60 * 1000;

/** A mono 8-bit PCM WAV of silence lasting `durationMs`. */
export function silentWav(durationMs: number): Buffer {
	const samples = Math.round((Math.min(Math.max(durationMs, 0), MAX_RECORDING_MS) / 1000) * SAMPLE_RATE);
	const header = Buffer.alloc(44);
	header.write('RIFF', 0, 'ascii');
	header.writeUInt32LE(36 + samples, 4);
	header.write('WAVE', 8, 'ascii');
	header.write('fmt ', 12, 'ascii');
	header.writeUInt32LE(16, 16);
	header.writeUInt16LE(1, 20);
	header.writeUInt16LE(1, 22);
	header.writeUInt32LE(SAMPLE_RATE, 24);
	header.writeUInt32LE(SAMPLE_RATE, 28);
	header.writeUInt16LE(1, 32);
	header.writeUInt16LE(8, 34);
	header.write('data', 36, 'ascii');
	header.writeUInt32LE(samples, 40);
	return Buffer.concat([header, Buffer.alloc(samples, 128)]);
}

export interface MediaReply {
	status: number;
	contentType: string;
	body: Buffer;
}

export function serveMedia(state: EmulatorState, pathname: string): MediaReply {
	const recording = /^\/_emulator\/recordings\/([^/]+)\.wav$/.exec(pathname);
	if (recording) {
		const call = state.calls.get(decodeURIComponent(recording[1]!));
		if (call?.recording_url) return { status: 200, contentType: 'audio/wav', body: silentWav(call.duration_ms ?? 0) };
	}
	const file = /^\/_emulator\/files\/([^/]+)$/.exec(pathname);
	const stored = file ? state.files.get(decodeURIComponent(file[1]!)) : undefined;
	if (stored) return { status: 200, contentType: stored.contentType, body: stored.data };
	return { status: 404, contentType: 'text/plain; charset=utf-8', body: Buffer.from('Not found') };
}
