import { useEmulator } from './helpers';

const env = useEmulator({ resource: 'voice' });
const retell = env.run;

const requests = () => env.emulator.requests.map(({ method, path, query }) => ({ method, path, query }));

describe('Voice → Get', () => {
	it('gets a voice by its ID', async () => {
		const run = await retell({ operation: 'get', voiceId: { __rl: true, mode: 'id', value: '11labs-Jenny' } });

		expect(requests()).toEqual([{ method: 'GET', path: '/get-voice/11labs-Jenny', query: {} }]);
		expect(run.json()).toEqual([
			{
				voice_id: '11labs-Jenny',
				voice_name: 'Jenny',
				provider: 'elevenlabs',
				gender: 'female',
				accent: 'American',
				age: 'Young',
			},
		]);
	});

	it('answers "Voice not found" with the HTTP code when Retell answers 422', async () => {
		const run = await retell({ operation: 'get', voiceId: { __rl: true, mode: 'id', value: 'nobody-Nemo' } });

		expect(run.status).toBe('error');
		expect(run.error?.message).toBe('Voice not found');
		expect(run.error).toMatchObject({ httpCode: '422' });
		expect(run.error?.context.itemIndex).toBe(0);
	});
});

describe('Voice → Get Many', () => {
	it('returns every voice of the one bare-array answer with Return All', async () => {
		const run = await retell({ operation: 'getAll', returnAll: true });

		expect(requests()).toEqual([{ method: 'GET', path: '/list-voices', query: {} }]);
		expect(run.json()).toEqual([...env.emulator.state.voices.values()].map((voice) => ({ ...voice })));
		expect(run.json().length).toBeGreaterThan(3);
	});

	it('cuts the list at Limit itself, since Retell does not paginate voices', async () => {
		const run = await retell({ operation: 'getAll', returnAll: false, limit: 3 });

		expect(requests()).toEqual([{ method: 'GET', path: '/list-voices', query: {} }]);
		expect(run.json().map((voice) => voice.voice_id)).toEqual(['11labs-Jenny', '11labs-Adrian', '11labs-Myra']);
	});
});
