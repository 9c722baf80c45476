import path from 'node:path';

/** The repository root (this file lives in scripts/n8n/). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export const PACKAGE_NAME = 'n8n-nodes-retell';

export const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');

/** The npm settings a child keeps from our environment: how to reach the registry, nothing else. */
const KEPT_NPM_CONFIG = /^npm_config_(registry|cafile|ca|proxy|https?_proxy|noproxy|strict_ssl|cache)$/i;

/**
 * Environment for child processes: drops the variables `npm run` injects (npm_package_*, npm_lifecycle_*…), which
 * would otherwise leak this package's metadata into n8n and into nested npm commands, its whole configuration as
 * npm_config_* (this repository's ignore-scripts=true and local_prefix among them; scripts/ensure-n8n.sh drops the
 * same), and jest's NODE_ENV=test, which switches n8n into its own unit-test behaviour (commands then fail silently).
 */
export function cleanEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(base)) {
		if (value === undefined) continue;
		if (/^npm_(package|lifecycle)_/i.test(key) || /^JEST_/.test(key)) continue;
		if (/^npm_config_/i.test(key) && !KEPT_NPM_CONFIG.test(key)) continue;
		if (key === 'INIT_CWD' || key === 'NODE_OPTIONS' || key === 'NODE_ENV') continue;
		env[key] = value;
	}
	return env;
}
