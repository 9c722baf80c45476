import { cleanEnv } from '../../scripts/n8n/paths';

describe('cleanEnv (environment of n8n, npm and the install script started from `npm run …`)', () => {
	// What `npm run` exports here (npm 11): its configuration, this repository's .npmrc included.
	const fromNpmRun = {
		PATH: '/usr/bin',
		npm_config_ignore_scripts: 'true',
		npm_config_local_prefix: '/work/main',
		npm_config_nodedir: '/usr',
		npm_config_registry: 'https://registry.example.test/',
		npm_config_cafile: '/etc/ssl/certs/ca-certificates.crt',
		NPM_CONFIG_HTTPS_PROXY: 'http://proxy.example.test:3128',
		npm_package_name: 'n8n-nodes-retell',
		npm_lifecycle_event: 'test',
		NODE_ENV: 'test',
		N8N_PORT: '5678',
	};

	it('drops npm settings that change what an install does, and npm run’s package metadata', () => {
		const env = cleanEnv(fromNpmRun);
		for (const key of ['npm_config_ignore_scripts', 'npm_config_local_prefix', 'npm_config_nodedir', 'npm_package_name', 'npm_lifecycle_event', 'NODE_ENV']) {
			expect(env).not.toHaveProperty(key);
		}
	});

	it('keeps how to reach the registry, and everything that is not npm’s', () => {
		expect(cleanEnv(fromNpmRun)).toEqual({
			PATH: '/usr/bin',
			npm_config_registry: 'https://registry.example.test/',
			npm_config_cafile: '/etc/ssl/certs/ca-certificates.crt',
			NPM_CONFIG_HTTPS_PROXY: 'http://proxy.example.test:3128',
			N8N_PORT: '5678',
		});
	});
});
