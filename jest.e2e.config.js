/**
 * End-to-end tests: a real n8n (pinned, cached outside the repo by scripts/ensure-n8n.sh) with this package
 * installed as a community package, the Retell emulator, the local Supabase stack and, in queue mode, Redis.
 * Run with `npm run build && jest -c jest.e2e.config.js --runInBand` (the package is packed from dist/).
 * Each file starts and stops its own stack; files run one after another.
 * @type {import('jest').Config}
 */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.ts'],
	modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.n8n-dev/'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
	setupFilesAfterEnv: ['<rootDir>/test/support/setup/contract.ts'],
	// Cold start of n8n (fresh database, CLI imports) takes up to a minute on a loaded 2-core machine.
	testTimeout: 300_000,
	maxWorkers: 1,
	verbose: true,
};
