import { getSupabaseTestConnection } from '../backends/supabase/connection';
import { loadPackageCredentialTypes, testCredential } from '../harness';
import { type RetellEmulator, startRetellEmulator } from '../retell-emulator';

describe('retellApi credential test', () => {
	let emulator: RetellEmulator;

	beforeAll(async () => {
		emulator = await startRetellEmulator();
	});

	afterAll(async () => {
		await emulator.close();
	});

	it('passes with the right key, asking get-concurrency with a Bearer header', async () => {
		const result = await testCredential('retellApi', { apiKey: emulator.apiKey, baseUrl: `${emulator.url}/` });

		expect(result).toEqual({ ok: true, status: 200, url: `${emulator.url}/get-concurrency` });
		expect(emulator.requests.at(-1)).toMatchObject({
			method: 'GET',
			path: '/get-concurrency',
			headers: expect.objectContaining({ authorization: `Bearer ${emulator.apiKey}` }),
		});
	});

	it('fails with a wrong key', async () => {
		const result = await testCredential('retellApi', { apiKey: 'key_wrong', baseUrl: emulator.url });

		expect(result).toMatchObject({ ok: false, status: 401 });
	});

	it('fails when the base URL does not answer', async () => {
		const result = await testCredential('retellApi', { apiKey: emulator.apiKey, baseUrl: 'http://127.0.0.1:9' });

		expect(result).toMatchObject({ ok: false, status: 0 });
	});

	it('defaults the base URL to Retell itself', () => {
		const baseUrl = loadPackageCredentialTypes()
			.get('retellApi')
			?.properties.find((property) => property.name === 'baseUrl');

		expect(baseUrl?.default).toBe('https://api.retellai.com');
	});
});

describe('retellSupabaseApi credential test', () => {
	const connection = getSupabaseTestConnection();

	it('passes with the service-role key at the project URL', async () => {
		const result = await testCredential('retellSupabaseApi', {
			host: connection.url,
			serviceRole: connection.serviceRoleKey,
		});

		expect(result).toEqual({ ok: true, status: 200, url: `${connection.url}/rest/v1/` });
	});

	it('passes with a new-style secret key', async () => {
		const result = await testCredential('retellSupabaseApi', { host: connection.url, serviceRole: connection.secretKey });

		expect(result.ok).toBe(true);
	});

	it('fails with a key the project does not know', async () => {
		const result = await testCredential('retellSupabaseApi', { host: connection.url, serviceRole: 'not-a-key' });

		expect(result).toMatchObject({ ok: false, status: 401 });
	});

	it('fails when the host is not a Supabase project', async () => {
		const result = await testCredential('retellSupabaseApi', {
			host: 'http://127.0.0.1:9',
			serviceRole: connection.serviceRoleKey,
		});

		expect(result).toMatchObject({ ok: false, status: 0 });
	});
});
