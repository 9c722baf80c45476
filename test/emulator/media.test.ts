import type Retell from 'retell-sdk';
import { MAX_AUDIO_MS, presignUrl, recordingWav } from '../support/retell-emulator/media';
import { provision, useEmulatorWithClient } from './helpers';

const env = useEmulatorWithClient({ autoSimulateCalls: false });
afterEach(() => env.emu.reset());

/** The fields of a PCM WAV header, and the data chunk. */
function parseWav(bytes: Buffer) {
	expect(bytes.subarray(0, 4).toString('ascii')).toBe('RIFF');
	expect(bytes.subarray(8, 16).toString('ascii')).toBe('WAVEfmt ');
	expect(bytes.subarray(36, 40).toString('ascii')).toBe('data');
	const dataBytes = bytes.readUInt32LE(40);
	expect(bytes.length).toBe(44 + dataBytes);
	expect(bytes.readUInt32LE(4)).toBe(36 + dataBytes);
	return {
		format: bytes.readUInt16LE(20),
		channels: bytes.readUInt16LE(22),
		sampleRate: bytes.readUInt32LE(24),
		byteRate: bytes.readUInt32LE(28),
		bitsPerSample: bytes.readUInt16LE(34),
		data: bytes.subarray(44),
	};
}

/** The samples of one channel from `fromMs` to `toMs`. */
function samples(data: Buffer, channels: number, channel: number, fromMs: number, toMs: number): number[] {
	const out: number[] = [];
	for (let frame = (fromMs * 8000) / 1000; frame < (toMs * 8000) / 1000; frame++) out.push(data[frame * channels + channel]!);
	return out;
}

const silent = (values: number[]) => values.every((value) => value === 128);

async function download(url: string): Promise<{ status: number; type: string | null; body: Buffer }> {
	const response = await fetch(url);
	return { status: response.status, type: response.headers.get('content-type'), body: Buffer.from(await response.arrayBuffer()) };
}

/** A call through the whole lifecycle, on an agent with these fields. */
async function endedCall(agentFields: Partial<Retell.AgentCreateParams> = {}) {
	const { agent, number } = await provision(env.client, agentFields);
	const placed = await env.client.call.createPhoneCall({ from_number: number.phone_number, to_number: '+12125550123' });
	await env.emu.simulateCall(placed.call_id);
	return { agent, call: await env.client.call.retrieve(placed.call_id) };
}

describe('Recordings', () => {
	it('keeps a mono and a multichannel recording with data_storage_setting everything, as real WAVs of the call length', async () => {
		const { call } = await endedCall();
		const base = `${env.emu.url}/_emulator/recordings/${call.call_id}`;
		expect(call.duration_ms).toBeLessThan(MAX_AUDIO_MS);
		expect(call).toMatchObject({ recording_url: `${base}/recording.wav`, recording_multi_channel_url: `${base}/recording_multichannel.wav` });
		expect(call).not.toHaveProperty('scrubbed_recording_url');
		expect(call).not.toHaveProperty('scrubbed_recording_multi_channel_url');
		const frames = Math.round((call.duration_ms! / 1000) * 8000);

		const mono = await download(call.recording_url!);
		expect([mono.status, mono.type]).toEqual([200, 'audio/wav']);
		const monoWav = parseWav(mono.body);
		expect(monoWav).toMatchObject({ format: 1, channels: 1, sampleRate: 8000, byteRate: 8000, bitsPerSample: 8 });
		expect(monoWav.data.length).toBe(frames);
		// Not silence: the agent's turn (0–2 s) and the user's (2–4 s) both sound.
		expect(silent(samples(monoWav.data, 1, 0, 0, 2000))).toBe(false);
		expect(silent(samples(monoWav.data, 1, 0, 2000, 4000))).toBe(false);

		const multi = await download(call.recording_multi_channel_url!);
		const multiWav = parseWav(multi.body);
		expect(multiWav).toMatchObject({ format: 1, channels: 2, sampleRate: 8000, byteRate: 16000, bitsPerSample: 8 });
		expect(multiWav.data.length).toBe(frames * 2);
		// The agent on the left channel, the user on the right, each silent while the other talks.
		expect(silent(samples(multiWav.data, 2, 0, 0, 2000))).toBe(false);
		expect(silent(samples(multiWav.data, 2, 1, 0, 2000))).toBe(true);
		expect(silent(samples(multiWav.data, 2, 0, 2000, 4000))).toBe(true);
		expect(silent(samples(multiWav.data, 2, 1, 2000, 4000))).toBe(false);
		expect(multi.body.equals(recordingWav('recording_multi_channel_url', call.duration_ms!))).toBe(true);
	});

	it('keeps only the scrubbed recordings with everything_except_pii, silent where PII was said', async () => {
		const { call } = await endedCall({ data_storage_setting: 'everything_except_pii' });
		const base = `${env.emu.url}/_emulator/recordings/${call.call_id}`;
		expect(call).toMatchObject({
			scrubbed_recording_url: `${base}/scrubbed_recording.wav`,
			scrubbed_recording_multi_channel_url: `${base}/scrubbed_recording_multichannel.wav`,
		});
		expect(call).not.toHaveProperty('recording_url');
		expect(call).not.toHaveProperty('recording_multi_channel_url');

		const scrubbed = parseWav((await download(call.scrubbed_recording_url!)).body);
		expect(scrubbed.channels).toBe(1);
		expect(silent(samples(scrubbed.data, 1, 0, 0, 1000))).toBe(false);
		expect(silent(samples(scrubbed.data, 1, 0, 1000, 2000))).toBe(true);
		const scrubbedMulti = parseWav((await download(call.scrubbed_recording_multi_channel_url!)).body);
		expect(scrubbedMulti.channels).toBe(2);
		expect(silent(samples(scrubbedMulti.data, 2, 0, 1000, 2000))).toBe(true);
		// The unscrubbed file is not stored at all.
		const unscrubbed = await download(`${base}/recording.wav`);
		expect([unscrubbed.status, unscrubbed.type]).toEqual([404, 'application/xml']);
		expect(unscrubbed.body.toString()).toContain('<Code>NoSuchKey</Code>');
	});

	it('keeps no recording with basic_attributes_only, and none of a deleted call', async () => {
		const { call } = await endedCall({ data_storage_setting: 'basic_attributes_only' });
		for (const field of ['recording_url', 'recording_multi_channel_url', 'scrubbed_recording_url', 'scrubbed_recording_multi_channel_url']) {
			expect(call).not.toHaveProperty(field);
		}
		const { call: kept } = await endedCall();
		await env.client.call.delete(kept.call_id);
		expect((await download(kept.recording_url!)).status).toBe(404);
	});

	it('caps the audio of a long call at a minute, also on the older <call_id>.wav path of seeded calls', async () => {
		const [seeded] = env.emu.seedCalls(1, { duration_ms: 7_200_000 });
		expect(seeded!.recording_url).toBe(`${env.emu.url}/_emulator/recordings/${seeded!.call_id}.wav`);
		const wav = parseWav((await download(seeded!.recording_url!)).body);
		expect(wav.channels).toBe(1);
		expect(wav.data.length).toBe((MAX_AUDIO_MS / 1000) * 8000);
	});
});

describe('Signed recording URLs (opt_in_signed_url)', () => {
	it('signs the URLs S3-style for 24 h by default, and refuses them without or with a wrong signature', async () => {
		const { call } = await endedCall({ opt_in_signed_url: true });
		const url = new URL(call.recording_url!);
		expect(url.pathname).toBe(`/_emulator/recordings/${call.call_id}/recording.wav`);
		expect([...url.searchParams.keys()]).toEqual([
			'X-Amz-Algorithm',
			'X-Amz-Credential',
			'X-Amz-Date',
			'X-Amz-Expires',
			'X-Amz-SignedHeaders',
			'X-Amz-Signature',
		]);
		expect(url.searchParams.get('X-Amz-Expires')).toBe('86400');
		expect(url.searchParams.get('X-Amz-Date')).toMatch(/^\d{8}T\d{6}Z$/);
		expect(new URL(call.recording_multi_channel_url!).searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);

		expect((await download(call.recording_url!)).status).toBe(200);
		const unsigned = await download(`${url.origin}${url.pathname}`);
		expect(unsigned.status).toBe(403);
		expect(unsigned.body.toString()).toContain('<Code>AccessDenied</Code><Message>Access Denied</Message>');
		url.searchParams.set('X-Amz-Expires', '604800');
		const tampered = await download(url.toString());
		expect(tampered.status).toBe(403);
		expect(tampered.body.toString()).toContain('<Code>SignatureDoesNotMatch</Code>');
	});

	it('answers 403 "Request has expired" once X-Amz-Date + X-Amz-Expires has passed', async () => {
		const { call } = await endedCall({ opt_in_signed_url: true });
		const bare = call.recording_url!.split('?')[0]!;
		const dayOld = presignUrl(bare, Date.now() - 25 * 3_600_000, 86_400_000);
		const expired = await download(dayOld);
		expect([expired.status, expired.type]).toEqual([403, 'application/xml']);
		expect(expired.body.toString()).toContain('<Code>AccessDenied</Code><Message>Request has expired</Message>');
		expect((await download(presignUrl(bare, Date.now() - 23 * 3_600_000, 86_400_000))).status).toBe(200);
	});

	it("signs with the agent's signed_url_expiration_ms, and get-call signs anew with the agent's current setting", async () => {
		// A lifetime under a second is expired as soon as it is signed: how the tests get an expired URL.
		const { agent, call } = await endedCall({ opt_in_signed_url: true, signed_url_expiration_ms: 0 });
		expect(new URL(call.recording_url!).searchParams.get('X-Amz-Expires')).toBe('0');
		expect((await download(call.recording_url!)).status).toBe(403);

		await env.client.agent.update(agent.agent_id, { signed_url_expiration_ms: 3_600_000 });
		const again = await env.client.call.retrieve(call.call_id);
		expect(new URL(again.recording_url!).searchParams.get('X-Amz-Expires')).toBe('3600');
		expect((await download(again.recording_url!)).status).toBe(200);
	});

	it('leaves the URLs of calls of agents that did not opt in unsigned', async () => {
		const { call } = await endedCall();
		expect(call.recording_url).not.toContain('?');
		expect((await download(`${call.recording_url!}?X-Amz-Signature=whatever`)).status).toBe(200);
	});
});
