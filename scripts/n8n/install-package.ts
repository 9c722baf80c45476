import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cleanEnv, PACKAGE_NAME, REPO_ROOT } from './paths';
import { run } from './process';

export interface InstalledPackage {
	version: string;
	/** `<userFolder>/.n8n/nodes/node_modules/n8n-nodes-retell` */
	directory: string;
}

/**
 * Installs the built package into an n8n user folder the way n8n's community-package installer does
 * (n8n 2.41.1 packages/cli/src/modules/community-packages/community-packages.service.ts, downloadPackage):
 * `npm pack`, untar into `.n8n/nodes/node_modules/<pkg>`, drop dev/peer/optional dependencies from its
 * package.json, then `npm install --ignore-scripts` inside it for the runtime dependencies (retell-sdk,
 * @supabase/supabase-js). n8n-workflow is not installed: n8n resolves it from its own tree (it adds its
 * module paths to NODE_PATH when it loads packages), exactly as for a package installed from the UI.
 *
 * Needs `dist/` (run `npm run build` first). Node types load as `n8n-nodes-retell.<name>`.
 */
export async function installPackageInto(
	userFolder: string,
	options: { allowMissingFiles?: boolean; warn?: (line: string) => void } = {},
): Promise<InstalledPackage> {
	if (!existsSync(path.join(REPO_ROOT, 'dist'))) {
		throw new Error('dist/ is missing: run `npm run build` first');
	}
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const directory = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	const packDir = mkdtempSync(path.join(tmpdir(), 'retell-pack-'));
	const env = { ...cleanEnv(), npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
	try {
		const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packDir], {
			cwd: REPO_ROOT,
			env,
		});
		const tarball = path.join(packDir, packFilename(packed.stdout));

		rmSync(directory, { recursive: true, force: true });
		mkdirSync(directory, { recursive: true });
		await run('tar', ['-xzf', tarball, '-C', directory, '--strip-components=1']);

		const manifestPath = path.join(directory, 'package.json');
		const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
		delete manifest.devDependencies;
		delete manifest.peerDependencies;
		delete manifest.optionalDependencies;
		dropMissingFiles(manifest, directory, options);
		writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
		await run(
			'npm',
			[
				'install',
				'--audit=false',
				'--fund=false',
				'--bin-links=false',
				'--install-strategy=shallow',
				'--ignore-scripts=true',
				'--package-lock=false',
				'--prefer-offline',
				'--no-update-notifier',
			],
			{ cwd: directory, env, timeoutMs: 300_000 },
		);

		const version = typeof manifest.version === 'string' ? manifest.version : '0.0.0';
		// What n8n's installer keeps in `.n8n/nodes/package.json`.
		writeFileSync(
			path.join(nodesDir, 'package.json'),
			JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [PACKAGE_NAME]: version } }, null, 2),
		);
		return { version, directory };
	} finally {
		rmSync(packDir, { recursive: true, force: true });
	}
}

/**
 * n8n refuses the whole package when one file listed in its "n8n" section is missing. While nodes are being
 * written that would hide the ones that exist, so `allowMissingFiles` drops the missing entries (with a warning).
 */
function dropMissingFiles(
	manifest: Record<string, unknown>,
	directory: string,
	options: { allowMissingFiles?: boolean; warn?: (line: string) => void },
): void {
	const section = manifest.n8n;
	if (typeof section !== 'object' || section === null) throw new Error('package.json has no "n8n" section');
	const entries = section as Record<string, unknown>;
	for (const key of ['nodes', 'credentials']) {
		const files = entries[key];
		if (!Array.isArray(files)) continue;
		const missing = files.filter((file): file is string => typeof file === 'string' && !existsSync(path.join(directory, file)));
		if (missing.length === 0) continue;
		if (!options.allowMissingFiles) {
			throw new Error(`the packed package lacks ${missing.join(', ')} (listed in package.json "n8n"); run npm run build`);
		}
		options.warn?.(`WARNING: not built yet, left out of this install: ${missing.join(', ')}`);
		entries[key] = files.filter((file) => !missing.includes(file));
	}
}

function packFilename(stdout: string): string {
	const parsed: unknown = JSON.parse(stdout.slice(stdout.indexOf('[')));
	if (Array.isArray(parsed)) {
		const first: unknown = parsed[0];
		if (typeof first === 'object' && first !== null && 'filename' in first && typeof first.filename === 'string') {
			return first.filename;
		}
	}
	throw new Error(`npm pack printed no filename:\n${stdout}`);
}
