import type { INodeExecutionData } from 'n8n-workflow';

import { recordRequests, runError, useEmulator } from './helpers';

const env = useEmulator({ resource: 'voice' });

function sent(requests: ReturnType<ReturnType<typeof recordRequests>>) {
	return requests.map(({ method, path, query, body }) => ({ method, path, query, body }));
}

function audioItem(files: Record<string, { bytes: string; mimeType: string; fileName: string }>): INodeExecutionData {
	return {
		json: {},
		binary: Object.fromEntries(
			Object.entries(files).map(([property, { bytes, mimeType, fileName }]) => [
				property,
				{ data: Buffer.from(bytes).toString('base64'), mimeType, fileName },
			]),
		),
	};
}

describe('Voice → Search', () => {
	it("finds community voices by words of their description in the chosen provider's library", async () => {
		const requests = recordRequests(env.emulator);
		const run = await env.run({ operation: 'search', searchQuery: 'british', voiceProvider: 'elevenlabs', returnAll: true });

		expect(sent(requests())).toEqual([
			{ method: 'POST', path: '/search-community-voice', query: {}, body: { search_query: 'british', voice_provider: 'elevenlabs' } },
		]);
		expect(run.json()).toEqual([
			{
				provider_voice_id: 'XB0fDUnXU5powFXDhCwa',
				name: 'Charlotte',
				description: 'Warm British receptionist, friendly and clear.',
				public_user_id: 'b2c3d4e5f60718293a4b5c6d7e8f90a1',
			},
			{
				provider_voice_id: 'onwK4e9ZLuTAKqWW03F9',
				name: 'Daniel',
				description: 'Authoritative British news presenter.',
				public_user_id: 'c3d4e5f60718293a4b5c6d7e8f90a1b2',
			},
		]);
	});

	it('cuts the matches at Limit, and returns no items when nothing matches', async () => {
		const limited = await env.run({ operation: 'search', searchQuery: 'british', voiceProvider: 'elevenlabs', returnAll: false, limit: 1 });
		const none = await env.run({ operation: 'search', searchQuery: 'british', voiceProvider: 'minimax', returnAll: true });

		expect(limited.json().map((voice) => voice.name)).toEqual(['Charlotte']);
		expect(none.status).toBe('success');
		expect(none.json()).toEqual([]);
	});

	it('requires a search query before any request', async () => {
		const run = await env.run({ operation: 'search', searchQuery: '={{ " " }}', voiceProvider: 'elevenlabs', returnAll: true });

		expect(runError(run)).toMatchObject({ message: 'Search Query is required', itemIndex: 0 });
		expect(env.emulator.requests).toEqual([]);
	});
});

describe('Voice → Add', () => {
	it('adds an ElevenLabs community voice with its owner, and the account lists it', async () => {
		const requests = recordRequests(env.emulator);
		const run = await env.run({
			operation: 'addResource',
			voiceProvider: 'elevenlabs',
			providerVoiceId: 'XB0fDUnXU5powFXDhCwa',
			publicUserId: 'b2c3d4e5f60718293a4b5c6d7e8f90a1',
			voiceName: 'Support – Charlotte',
		});

		expect(sent(requests())).toEqual([
			{
				method: 'POST',
				path: '/add-community-voice',
				query: {},
				body: {
					voice_provider: 'elevenlabs',
					provider_voice_id: 'XB0fDUnXU5powFXDhCwa',
					voice_name: 'Support – Charlotte',
					public_user_id: 'b2c3d4e5f60718293a4b5c6d7e8f90a1',
				},
			},
		]);
		const [voice] = run.json();
		expect(voice).toEqual({
			voice_id: expect.stringMatching(/^custom_voice_/),
			voice_name: 'Support – Charlotte',
			provider: 'elevenlabs',
			gender: 'female',
			accent: 'British',
			age: 'Young',
		});
		expect((await env.sdk.voice.list()).map((listed) => listed.voice_id)).toContain(voice.voice_id);
	});

	it('sends no public user ID for a provider other than ElevenLabs', async () => {
		const requests = recordRequests(env.emulator);
		const run = await env.run({
			operation: 'addResource',
			voiceProvider: 'cartesia',
			providerVoiceId: '79a125e8-cd45-4c13-8a67-188112f4dd22',
			publicUserId: 'left over from ElevenLabs',
			voiceName: 'British Lady',
		});

		expect(run.json()[0]).toMatchObject({ provider: 'cartesia', voice_name: 'British Lady' });
		expect(sent(requests()).map((request) => request.body)).toEqual([
			{ voice_provider: 'cartesia', provider_voice_id: '79a125e8-cd45-4c13-8a67-188112f4dd22', voice_name: 'British Lady' },
		]);
	});

	it('checks the voice name and the ElevenLabs owner before any request', async () => {
		const tooLong = await env.run({
			operation: 'addResource',
			voiceProvider: 'cartesia',
			providerVoiceId: '79a125e8-cd45-4c13-8a67-188112f4dd22',
			voiceName: 'x'.repeat(201),
		});
		const noOwner = await env.run({
			operation: 'addResource',
			voiceProvider: 'elevenlabs',
			providerVoiceId: 'XB0fDUnXU5powFXDhCwa',
			publicUserId: '={{ "" }}',
			voiceName: 'Charlotte',
		});

		expect(runError(tooLong)).toMatchObject({ message: 'Voice Name must be at most 200 characters', itemIndex: 0 });
		expect(runError(noOwner)).toMatchObject({ message: 'Public User ID is required', itemIndex: 0 });
		expect(env.emulator.requests).toEqual([]);
	});

	it("passes on Retell's 400 for a voice the provider's library does not have", async () => {
		const run = await env.run({
			operation: 'addResource',
			voiceProvider: 'minimax',
			providerVoiceId: 'No_Such_Voice',
			voiceName: 'Nobody',
		});

		expect(runError(run)).toMatchObject({ message: expect.stringContaining('No minimax community voice No_Such_Voice'), httpCode: '400', itemIndex: 0 });
	});
});

describe('Voice → Clone', () => {
	it('uploads the named binary fields as the recordings, and the new voice is in the account', async () => {
		const requests = recordRequests(env.emulator);
		const run = await env.run(
			{ operation: 'clone', voiceName: 'Founder', voiceProvider: 'elevenlabs', binaryPropertyNames: 'intro, outro' },
			{
				input: [
					audioItem({
						intro: { bytes: 'RIFF intro sample', mimeType: 'audio/wav', fileName: 'intro.wav' },
						outro: { bytes: 'ID3 outro', mimeType: 'audio/mpeg', fileName: 'outro.mp3' },
						cover: { bytes: 'not audio', mimeType: 'image/png', fileName: 'cover.png' },
					}),
				],
			},
		);

		const [request] = requests();
		expect(sent([request])).toEqual([
			{
				method: 'POST',
				path: '/clone-voice',
				query: {},
				body: {
					voice_name: 'Founder',
					voice_provider: 'elevenlabs',
					files: [
						{ filename: 'intro.wav', size: 17, type: 'audio/wav' },
						{ filename: 'outro.mp3', size: 9, type: 'audio/mpeg' },
					],
				},
			},
		]);
		expect(String(request.headers['content-type'])).toMatch(/^multipart\/form-data/);
		expect(request.status).toBe(201);
		const [voice] = run.json();
		expect(voice).toMatchObject({ voice_id: expect.stringMatching(/^custom_voice_/), voice_name: 'Founder', provider: 'elevenlabs' });
		expect(await env.sdk.voice.retrieve(String(voice.voice_id))).toMatchObject({ voice_name: 'Founder' });
		const preview = await fetch(String(voice.preview_audio_url));
		expect(await preview.text()).toBe('RIFF intro sample');
	});

	it("refuses more files than the provider clones from, and a binary field the item lacks, before any request", async () => {
		const item = audioItem({
			a: { bytes: 'a', mimeType: 'audio/wav', fileName: 'a.wav' },
			b: { bytes: 'b', mimeType: 'audio/wav', fileName: 'b.wav' },
		});
		const tooMany = await env.run(
			{ operation: 'clone', voiceName: 'Founder', voiceProvider: 'cartesia', binaryPropertyNames: 'a, b' },
			{ input: [item] },
		);
		const missing = await env.run(
			{ operation: 'clone', voiceName: 'Founder', voiceProvider: 'elevenlabs', binaryPropertyNames: 'data' },
			{ input: [item] },
		);

		expect(runError(tooMany)).toMatchObject({
			message: 'Input Binary Fields names 2 files; this provider clones from at most 1',
			itemIndex: 0,
		});
		expect(missing.error?.message).toContain("'data'");
		expect(missing.error?.context.itemIndex).toBe(0);
		expect(env.emulator.requests).toEqual([]);
	});

	it('does not clone again after a server error, since the voice may already exist', async () => {
		env.emulator.failNext({ method: 'POST', path: '/clone-voice' }, { status: 500, afterHandling: true });
		const run = await env.run(
			{ operation: 'clone', voiceName: 'Founder', voiceProvider: 'minimax', binaryPropertyNames: 'data' },
			{ input: [audioItem({ data: { bytes: 'sample', mimeType: 'audio/wav', fileName: 'sample.wav' } })] },
		);

		expect(runError(run)).toMatchObject({ httpCode: '500', itemIndex: 0 });
		expect(env.emulator.requests).toHaveLength(1);
	});
});
