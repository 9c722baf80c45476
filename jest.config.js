/**
 * Two projects: `unit` runs everything that needs no database; `database` runs the `*.db.test.ts` files against one
 * local Supabase stack (PostgreSQL + PostgREST + gateway) that its global setup starts. Jest runs a project's global
 * setup only when one of its files is selected, so `npx jest test/retell` starts no database.
 */
const shared = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	modulePathIgnorePatterns: ['<rootDir>/dist/'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
	setupFiles: ['<rootDir>/test/support/setup/env.ts'],
	setupFilesAfterEnv: ['<rootDir>/test/support/setup/afterEnv.ts', '<rootDir>/test/support/setup/contract.ts'],
};

// A worker starts its next file with up to workerIdleMemoryLimit of earlier files' heap; on a clean CI clone the
// 6,500-request trigger fuzz then ran out of Node's default ~4 GB heap mid-file (it needs ~0.4 GB alone). Workers
// inherit this environment, so each gets a ceiling the 2 workers of this machine can afford.
if (!/--max-old-space-size/.test(process.env.NODE_OPTIONS ?? '')) {
	process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=8192`.trim();
}

/** @type {import('jest').Config} */
module.exports = {
	testTimeout: 60_000,
	// n8n-core keeps module-level state alive after a test file; run in one process, 90 files grew the heap past 7 GB
	// and the run slowed to a crawl. A worker is replaced once a file leaves it above this.
	workerIdleMemoryLimit: '1GB',
	testSequencer: '<rootDir>/test/support/setup/sequencer.js',
	projects: [
		{
			...shared,
			displayName: 'unit',
			testMatch: ['**/*.test.ts'],
			testPathIgnorePatterns: ['\\.db\\.test\\.ts$'],
			globalSetup: '<rootDir>/test/support/setup/globalSetup.ts',
			globalTeardown: '<rootDir>/test/support/setup/globalTeardown.ts',
		},
		{
			...shared,
			displayName: 'database',
			testMatch: ['**/*.db.test.ts'],
			globalSetup: '<rootDir>/test/support/setup/databaseSetup.ts',
			globalTeardown: '<rootDir>/test/support/setup/databaseTeardown.ts',
		},
	],
};
