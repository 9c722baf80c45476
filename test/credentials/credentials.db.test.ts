import { getSupabaseTestConnection } from '../support/supabase-stack/connection';
import { closePg, withUnmigratedProject } from '../support/supabase-stack/db';
import { loadPackageCredentialTypes, testCredential } from '../support/harness';
import { type RetellEmulator, startRetellEmulator } from '../support/retell-emulator';

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

		expect(result).toEqual({
			ok: true,
			status: 200,
			url: `${emulator.url}/get-concurrency`,
			message: 'Connection successful!',
		});
		expect(emulator.requests.at(-1)).toMatchObject({
			method: 'GET',
			path: '/get-concurrency',
			headers: expect.objectContaining({ authorization: `Bearer ${emulator.apiKey}` }),
		});
	});

	it('fails with a wrong key, saying which key to copy', async () => {
		const result = await testCredential('retellApi', { apiKey: 'key_wrong', baseUrl: emulator.url });

		expect(result).toMatchObject({ ok: false, status: 401 });
		expect(result.message).toMatch(/^Retell rejected this API key\. .*webhook badge/);
		expect(result.message).not.toContain('key_wrong');
	});

	it('fails with a Base URL that is not Retell, saying so', async () => {
		const result = await testCredential('retellApi', { apiKey: emulator.apiKey, baseUrl: `${emulator.url}/v2` });

		expect(result).toMatchObject({ ok: false, status: 404 });
		expect(result.message).toMatch(/^No Retell API answers at this Base URL/);
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

describe('retellSupabaseApi credential test (the Retell Supabase node checks key, host and migration)', () => {
	const connection = getSupabaseTestConnection();

	afterAll(async () => {
		await closePg();
	});

	it('passes with the service-role key at the project URL', async () => {
		const result = await testCredential('retellSupabaseApi', {
			host: connection.url,
			serviceRole: connection.serviceRoleKey,
		});

		expect(result).toEqual({
			ok: true,
			message: 'Connection successful: the key works and the Retell tables are installed',
		});
	});

	it('passes with a new-style secret key', async () => {
		const result = await testCredential('retellSupabaseApi', { host: connection.url, serviceRole: connection.secretKey });

		expect(result.ok).toBe(true);
	});

	it.each(['/rest/v1', '/rest/v1/', '/'])('accepts a Host pasted with %s, as the node does', async (suffix) => {
		const result = await testCredential('retellSupabaseApi', {
			host: `${connection.url}${suffix}`,
			serviceRole: connection.serviceRoleKey,
		});

		expect(result.ok).toBe(true);
	});

	it('fails with a key the project does not know, naming the field to fix', async () => {
		const result = await testCredential('retellSupabaseApi', { host: connection.url, serviceRole: 'not-a-key' });

		expect(result.ok).toBe(false);
		expect(result.message).toMatch(/^Supabase rejected the key: .*Check the Service Role Secret/);
		expect(result.message).not.toContain('not-a-key');
	});

	it('fails when the host does not answer, naming the host', async () => {
		const result = await testCredential('retellSupabaseApi', {
			host: 'http://127.0.0.1:9',
			serviceRole: connection.serviceRoleKey,
		});

		expect(result.ok).toBe(false);
		expect(result.message).toMatch(/^Could not reach Supabase at http:\/\/127\.0\.0\.1:9\. .*Check the Host/);
	});

	it.each(['my-project', 'https://my project.supabase.co', 'ftp://example.com'])(
		'fails on a Host that is not a web URL (%s) before any request',
		async (host) => {
			const result = await testCredential('retellSupabaseApi', { host, serviceRole: 'x' });

			expect(result).toEqual({
				ok: false,
				message:
					'The Host in the Retell Supabase API credential is not a URL. Use the project URL, like https://your_project.supabase.co (without /rest/v1).',
			});
		},
	);

	it('shows a missing migration when the credential is saved, naming the file to run', async () => {
		await withUnmigratedProject(async (projectUrl) => {
			const result = await testCredential('retellSupabaseApi', { host: projectUrl, serviceRole: connection.serviceRoleKey });

			expect(result.ok).toBe(false);
			expect(result.message).toMatch(
				/^The Retell schema is not installed: the table "retell_call_sessions" is missing\. Run supabase\/migrations\/.*\.sql/,
			);
		});
	});
});
