import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from '../support/retell-emulator/cli';

const ROOT = join(__dirname, '..', '..');

describe('emulator CLI', () => {
	it('prints its URL and key, serves the API, and exits cleanly on SIGTERM', async () => {
		const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'test/support/retell-emulator/cli.ts', '--port', '0', '--api-key', 'key_cli_test', '--latency', '5', '--time-scale', '50'], {
			cwd: ROOT,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
		try {
			const url = await new Promise<string>((resolve, reject) => {
				child.stdout.on('data', (chunk: Buffer) => {
					stdout += chunk.toString();
					const match = /listening on (http:\/\/\S+)\nAPI key: (\S+)\n/.exec(stdout);
					if (match) resolve(match[1]!);
				});
				void exited.then((code) => reject(new Error(`CLI exited early with ${code}: ${stderr}`)));
			});
			expect(stdout).toContain('API key: key_cli_test');
			const ok = await fetch(`${url}/get-concurrency`, { headers: { Authorization: 'Bearer key_cli_test' } });
			expect(ok.status).toBe(200);
			expect(await ok.json()).toMatchObject({ current_concurrency: 0 });
			expect((await fetch(`${url}/get-concurrency`, { headers: { Authorization: 'Bearer nope' } })).status).toBe(401);
			child.kill('SIGTERM');
			expect(await exited).toBe(0);
			expect(stdout).toContain('GET /get-concurrency → 200');
			expect(stdout).toContain('stopped');
		} finally {
			if (child.exitCode === null) child.kill('SIGKILL');
		}
	}, 30_000);

	it('takes the pagination key style from --pagination-keys or its variable', () => {
		expect(parseArgs(['--pagination-keys', 'lastId'], {}).options.paginationKeys).toBe('lastId');
		expect(parseArgs([], { RETELL_EMULATOR_PAGINATION_KEYS: 'lastId' }).options.paginationKeys).toBe('lastId');
		expect(parseArgs([], {}).options.paginationKeys).toBeUndefined();
	});
});
