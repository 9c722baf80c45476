/**
 * The container tests: docker/Dockerfile built and docker/docker-compose.yml run on a Docker engine of their own.
 * Run through `npm run test:docker` (scripts/docker/test.sh starts the engine and builds the stand-in images).
 * @type {import('jest').Config}
 */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/docker'],
	testMatch: ['**/*.docker.ts'],
	modulePathIgnorePatterns: ['<rootDir>/dist/'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
	testTimeout: 300_000,
	verbose: true,
};
