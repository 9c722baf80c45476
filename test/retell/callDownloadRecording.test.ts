import type { IBinaryData, INodeExecutionData } from 'n8n-workflow';
import type Retell from 'retell-sdk';

import { MAX_AUDIO_MS, recordingWav } from '../support/retell-emulator/media';
import { recordRequests, runError, useAccount } from './helpers';

const env = useAccount();

let llmId: string | undefined;

/** A call that has ended and been analyzed, on the account's agent or on a new agent with these fields. */
async function endedCall(agentFields?: Partial<Retell.AgentCreateParams>): Promise<Retell.CallResponse> {
	let override: string | undefined;
	if (agentFields) {
		llmId ??= (await env.sdk.llm.create({ general_prompt: 'You book appointments.' })).llm_id;
		const agent = await env.sdk.agent.create({
			response_engine: { type: 'retell-llm', llm_id: llmId },
			voice_id: '11labs-Jenny',
			...agentFields,
		});
		override = agent.agent_id;
	}
	const placed = await env.sdk.call.createPhoneCall({
		from_number: env.account.fromNumber,
		to_number: '+14155550182',
		...(override ? { override_agent_id: override } : {}),
	});
	await env.emulator.simulateCall(placed.call_id);
	return await env.sdk.call.retrieve(placed.call_id);
}

/** The binary a run put in `property` of its first item, with its bytes. */
function fileOf(item: INodeExecutionData | undefined, property = 'data'): { meta: IBinaryData; bytes: Buffer } {
	const meta = item?.binary?.[property];
	if (!meta) throw new Error(`No binary "${property}" in ${JSON.stringify(item?.json)}`);
	return { meta, bytes: Buffer.from(meta.data, 'base64') };
}

/** Channels, sample rate and bits of a PCM WAV, and its length in frames. */
function wavFormat(bytes: Buffer) {
	expect(bytes.subarray(0, 4).toString('ascii')).toBe('RIFF');
	expect(bytes.subarray(8, 12).toString('ascii')).toBe('WAVE');
	expect(bytes.subarray(36, 40).toString('ascii')).toBe('data');
	const channels = bytes.readUInt16LE(22);
	expect(bytes.length).toBe(44 + bytes.readUInt32LE(40));
	return {
		format: bytes.readUInt16LE(20),
		channels,
		sampleRate: bytes.readUInt32LE(24),
		bitsPerSample: bytes.readUInt16LE(34),
		frames: bytes.readUInt32LE(40) / channels,
	};
}

const framesOf = (durationMs: number) => Math.round((Math.min(durationMs, MAX_AUDIO_MS) / 1000) * 8000);

describe('Call → Download Recording', () => {
	it('downloads the recording as a mono WAV, with a summary of the file as JSON', async () => {
		const call = await endedCall();
		const requests = recordRequests(env.emulator);
		const run = await env.run({ resource: 'call', operation: 'downloadRecording', callId: call.call_id });

		expect(run.status).toBe('success');
		const [item] = run.items();
		const { meta, bytes } = fileOf(item);
		expect(item!.json).toEqual({
			call_id: call.call_id,
			recording: 'recording_url',
			file_name: `${call.call_id}.wav`,
			mime_type: 'audio/wav',
			size_bytes: bytes.length,
			duration_ms: call.duration_ms,
		});
		expect(meta).toMatchObject({ fileName: `${call.call_id}.wav`, mimeType: 'audio/wav', fileExtension: 'wav', fileType: 'audio' });
		expect(wavFormat(bytes)).toEqual({ format: 1, channels: 1, sampleRate: 8000, bitsPerSample: 8, frames: framesOf(call.duration_ms!) });
		expect(bytes.equals(recordingWav('recording_url', call.duration_ms!))).toBe(true);
		expect(item!.pairedItem).toEqual({ item: 0 });
		// One API request: the file comes from the storage URL, not the API.
		expect(requests().map((request) => `${request.method} ${request.path}`)).toEqual([`GET /v2/get-call/${call.call_id}`]);
	});

	it('downloads the multichannel recording as a two-channel WAV into the chosen field and file name', async () => {
		const call = await endedCall();
		const run = await env.run({
			resource: 'call',
			operation: 'downloadRecording',
			callId: call.call_id,
			recording: 'recording_multi_channel_url',
			binaryPropertyName: 'audio',
			options: { fileName: '={{ "calls/" + $json.name + ".wav" }}' },
		}, { input: [{ name: 'ada' }] });

		const [item] = run.items();
		const { meta, bytes } = fileOf(item, 'audio');
		expect(Object.keys(item!.binary!)).toEqual(['audio']);
		// n8n keeps only the base name of a file name.
		expect(item!.json).toMatchObject({ recording: 'recording_multi_channel_url', file_name: 'ada.wav', size_bytes: bytes.length });
		expect(meta).toMatchObject({ fileName: 'ada.wav', mimeType: 'audio/wav' });
		expect(wavFormat(bytes)).toEqual({ format: 1, channels: 2, sampleRate: 8000, bitsPerSample: 8, frames: framesOf(call.duration_ms!) });
	});

	it('downloads both scrubbed recordings of a call whose agent keeps everything except PII', async () => {
		const call = await endedCall({ data_storage_setting: 'everything_except_pii' });
		const run = await env.run(
			{ resource: 'call', operation: 'downloadRecording', callId: call.call_id, recording: '={{ $json.kind }}' },
			{ input: [{ kind: 'scrubbed_recording_url' }, { kind: 'scrubbed_recording_multi_channel_url' }] },
		);

		const [mono, multi] = run.items();
		expect(mono!.json).toMatchObject({ recording: 'scrubbed_recording_url', file_name: `${call.call_id}-scrubbed.wav` });
		expect(wavFormat(fileOf(mono).bytes)).toMatchObject({ channels: 1, sampleRate: 8000, frames: framesOf(call.duration_ms!) });
		expect(fileOf(mono).bytes.equals(recordingWav('scrubbed_recording_url', call.duration_ms!))).toBe(true);
		expect(multi!.json).toMatchObject({ recording: 'scrubbed_recording_multi_channel_url', file_name: `${call.call_id}-scrubbed-multichannel.wav` });
		expect(wavFormat(fileOf(multi).bytes)).toMatchObject({ channels: 2, sampleRate: 8000 });
	});

	it('downloads a signed recording URL while it is valid', async () => {
		const call = await endedCall({ opt_in_signed_url: true });
		expect(call.recording_url).toContain('X-Amz-Signature=');
		const run = await env.run({ resource: 'call', operation: 'downloadRecording', callId: call.call_id });

		expect(run.status).toBe('success');
		expect(wavFormat(fileOf(run.items()[0]).bytes).channels).toBe(1);
	});

	it('explains that a call which has not ended has no recording yet', async () => {
		const placed = await env.sdk.call.createPhoneCall({ from_number: env.account.fromNumber, to_number: '+14155550183' });
		const run = await env.run({ resource: 'call', operation: 'downloadRecording', callId: placed.call_id });

		expect(runError(run)).toEqual({
			message: 'The call has not ended yet, so it has no recording',
			description:
				"Its call_status is registered. Retell makes recordings available after the call ends: run this from Retell Trigger's call_ended or call_analyzed event, or later.",
			itemIndex: 0,
			httpCode: undefined,
		});
	});

	it('names the recordings a call has when it lacks the chosen one', async () => {
		const call = await endedCall();
		const run = await env.run({ resource: 'call', operation: 'downloadRecording', callId: call.call_id, recording: 'scrubbed_recording_url' });

		expect(runError(run)).toMatchObject({ message: 'The call has no Scrubbed Recording', itemIndex: 0 });
		expect(runError(run).description).toBe(
			'Its data_storage_setting is everything. It has Recording (recording_url), Multichannel Recording (recording_multi_channel_url): pick one of them under Recording. Scrubbed recordings exist for agents whose Data Storage Setting is Everything Except PII, with PII categories to scrub (pii_config) (https://docs.retellai.com/accounts/privacy-disable).',
		);
	});

	it('says Retell keeps no recording of a call with basic_attributes_only', async () => {
		const call = await endedCall({ data_storage_setting: 'basic_attributes_only' });
		const run = await env.run({ resource: 'call', operation: 'downloadRecording', callId: call.call_id });

		expect(runError(run)).toMatchObject({
			message: 'Retell keeps no recording of this call',
			description: expect.stringContaining('Its data_storage_setting is basic_attributes_only: Retell stores no transcripts, recordings or logs of it'),
			itemIndex: 0,
		});
	});

	it('explains an expired signed URL without showing its signature', async () => {
		// The agent's URLs live for 0 s, so the one get-call hands out has expired when it is downloaded.
		const call = await endedCall({ opt_in_signed_url: true, signed_url_expiration_ms: 0 });
		const signature = new URL(call.recording_url!).searchParams.get('X-Amz-Signature')!;
		const run = await env.run({ resource: 'call', operation: 'downloadRecording', callId: call.call_id });

		const error = runError(run);
		expect(error).toMatchObject({ message: "The recording's signed URL has expired", itemIndex: 0, httpCode: '403' });
		expect(error.description).toBe(
			`${env.emulator.url}/_emulator/recordings/${call.call_id}/recording.wav answered 403 AccessDenied: Request has expired. Retell's signed URLs expire: for agents with opt_in_signed_url after the agent's signed_url_expiration_ms (24 hours by default), and with a PII opt-out the webhook's link after about 10 minutes (https://docs.retellai.com/accounts/signed-secure-url). This node asks Retell for a freshly signed URL on every run, so run it again; if the URL expires at once, raise the agent's signed_url_expiration_ms. To keep recordings, download them right after call_ended or call_analyzed.`,
		);
		const everything = JSON.stringify(run.error) + JSON.stringify(run.runData);
		expect(everything).not.toContain('X-Amz-');
		expect(everything).not.toContain(signature.slice(0, 16));
	});

	it('says when storage no longer has the recording', async () => {
		const [seeded] = env.emulator.seedCalls(1, { recording_url: `${env.emulator.url}/_emulator/recordings/call_gone/recording.wav` });
		const run = await env.run({ resource: 'call', operation: 'downloadRecording', callId: seeded!.call_id });

		expect(runError(run)).toMatchObject({
			message: 'The recording is no longer in storage',
			description: expect.stringMatching(
				/\/_emulator\/recordings\/call_gone\/recording\.wav answered 404 NoSuchKey: The specified key does not exist\. Retell no longer stores it/,
			),
			itemIndex: 0,
			httpCode: '404',
		});
	});

	it('with Continue On Fail, turns a failed item into an error item and downloads the others', async () => {
		const ended = await endedCall();
		const live = await env.sdk.call.createPhoneCall({ from_number: env.account.fromNumber, to_number: '+14155550184' });
		const run = await env.run(
			{ resource: 'call', operation: 'downloadRecording', callId: '={{ $json.id }}' },
			{ input: [{ id: live.call_id }, { id: ended.call_id }], continueOnFail: true },
		);

		expect(run.status).toBe('success');
		const [failed, downloaded] = run.items();
		expect(failed).toEqual({
			json: {
				error: 'The call has not ended yet, so it has no recording',
				errorDescription:
					"Its call_status is registered. Retell makes recordings available after the call ends: run this from Retell Trigger's call_ended or call_analyzed event, or later.",
			},
			pairedItem: { item: 0 },
		});
		expect(downloaded!.json).toMatchObject({ call_id: ended.call_id, recording: 'recording_url' });
		expect(downloaded!.pairedItem).toEqual({ item: 1 });
		expect(wavFormat(fileOf(downloaded).bytes).channels).toBe(1);
	});
});
