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

/** @type {import('jest').Config} */
module.exports = {
	testTimeout: 60_000,
	// n8n-core keeps module-level state alive after a test file; run in one process, 90 files grew the heap past 7 GB
	// and the run slowed to a crawl. A worker is replaced once a file leaves it above this. Not lower: jest-worker checks
	// the heap after a file while the next file may already run there, and a replacement then kills that file (SIGTERM
	// on a clean CI clone, 108 files); a file leaves at most ~0.8–2.2 GB behind.
	workerIdleMemoryLimit: '3GB',
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
