/**
 * scripts/ensure-n8n.sh marks a cache ready only after its smoke check; these tests prove the check is not a
 * formality. A fresh machine once got an n8n whose SQLite module had never been built (npm's exported
 * npm_config_ignore_scripts=true silenced the rebuild), and `n8n --version` still worked.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureN8n, type N8nInstall } from '../../scripts/n8n/n8n';
import { cleanEnv, REPO_ROOT } from '../../scripts/n8n/paths';
import { run } from '../../scripts/n8n/process';

const SCRIPT = path.join(REPO_ROOT, 'scripts', 'ensure-n8n.sh');

let install: N8nInstall;
beforeAll(async () => {
	install = await ensureN8n({ quiet: true });
});

function check(env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
	return run('bash', [SCRIPT, '--check'], { env: { ...cleanEnv(), ...env }, timeoutMs: 180_000, okCodes: [0, 1] });
}

it('passes on the installed n8n, with the npm configuration `npm run` exports (ignore-scripts on)', async () => {
	const result = await check({ N8N_RETELL_CACHE: path.dirname(install.n8nDir), npm_config_ignore_scripts: 'true' });
	expect(result.stderr).toContain('passed the smoke check');
	expect(result.code).toBe(0);
});

it('fails on an n8n whose SQLite module was installed but never built, and names it', async () => {
	// A cache beside the real one: the same Node 24 and n8n packages, but sqlite3 as npm unpacks it (no build/).
	const cache = mkdtempSync(path.join(tmpdir(), 'retell-broken-cache-'));
	try {
		const nodeDir = path.resolve(install.nodeBinDir, '..', '..', '..');
		symlinkSync(nodeDir, path.join(cache, path.basename(nodeDir)));
		const modules = path.join(cache, path.basename(install.n8nDir), 'node_modules');
		mkdirSync(modules, { recursive: true });
		const realModules = path.join(install.n8nDir, 'node_modules');
		for (const entry of readdirSync(realModules)) {
			const from = path.join(realModules, entry);
			if (entry === 'sqlite3') {
				cpSync(from, path.join(modules, entry), { recursive: true, filter: (source) => !source.startsWith(path.join(from, 'build')) });
			} else {
				symlinkSync(from, path.join(modules, entry));
			}
		}

		const result = await check({ N8N_RETELL_CACHE: cache });
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/sqlite3 does not load under Node v24/);
		expect(result.stderr).not.toContain('passed the smoke check');
	} finally {
		rmSync(cache, { recursive: true, force: true });
	}
});
