/**
 * The host-network copy of the user's compose file (hostNetwork.ts), made from the real docker/docker-compose.yml
 * as Debian's docker-compose resolves it, and read back by docker-compose: what the container tests run.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { resolveCompose, writeUserEnv } from './deployment';
import { toHostNetwork, type ComposeConfig, type HostPorts } from './hostNetwork';

const PORTS: HostPorts = {
	postgres: 41001,
	redis: 41002,
	main: 41003,
	webhook: 41004,
	broker: { n8n: 41005, 'n8n-webhook': 41006, 'n8n-worker': 41007, 'n8n-worker-2': 41008 },
	workerHealth: { 'n8n-worker': 41009, 'n8n-worker-2': 41010 },
};
const BCRYPT_LIKE = '$2a$10$abcdefghijklmnopqrstuv';

let dir: string;
let userConfig: ComposeConfig;
let hostConfig: ComposeConfig;

beforeAll(async () => {
	dir = mkdtempSync(path.join(tmpdir(), 'retell-compose-'));
	// Set around the tests: docker-compose would prefer them to the .env file; the helpers must keep them out.
	const around = { N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL, EXECUTIONS_MODE: process.env.EXECUTIONS_MODE };
	process.env.N8N_LOG_LEVEL = 'debug';
	process.env.EXECUTIONS_MODE = 'regular';
	const envFile = writeUserEnv(dir, {
		N8N_ENCRYPTION_KEY: 'unit-key',
		POSTGRES_PASSWORD: 'pa$$word',
		WEBHOOK_URL: 'http://127.0.0.1:41004/',
		EXECUTIONS_MODE: 'queue',
		COMPOSE_PROFILES: 'queue',
	});
	userConfig = await resolveCompose(envFile);
	const file = path.join(dir, 'host.json');
	writeFileSync(file, JSON.stringify(toHostNetwork(userConfig, PORTS, { workers: 2, extraEnv: { OWNER_HASH: BCRYPT_LIKE } })));
	// Read back through docker-compose itself: the file must be valid, and its `$` must survive interpolation.
	hostConfig = await resolveCompose(envFile, file);
	for (const [key, value] of Object.entries(around)) {
		if (value === undefined) delete process.env[key];
		else process.env[key] = value;
	}
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A service's environment as strings (compose keeps numbers as numbers, and writes `$` as `$$`). */
const env = (service: string, config = hostConfig): Record<string, string> =>
	Object.fromEntries(Object.entries(config.services[service].environment ?? {}).map(([key, value]) => [key, String(value)]));
const asComposeWritesIt = (value: string): string => value.replace(/\$/g, '$$$$');

it('puts every service on the host network, with no published ports and the service names mapped to loopback', () => {
	expect(Object.keys(hostConfig.services).sort()).toEqual(['n8n', 'n8n-webhook', 'n8n-worker', 'n8n-worker-2', 'postgres', 'redis']);
	for (const service of Object.values(hostConfig.services)) {
		expect(service.network_mode).toBe('host');
		expect(service.ports).toBeUndefined();
		expect(service.build).toBeUndefined();
		expect(service.extra_hosts?.sort()).toEqual(['postgres:127.0.0.1', 'redis:127.0.0.1']);
	}
});

it('gives every listening socket its own port', () => {
	const listening = [
		env('postgres').PGPORT,
		hostConfig.services.redis.command?.at(-1),
		env('n8n').N8N_PORT,
		env('n8n-webhook').N8N_PORT,
		...['n8n', 'n8n-webhook', 'n8n-worker', 'n8n-worker-2'].map((name) => env(name).N8N_RUNNERS_BROKER_PORT),
		...['n8n-worker', 'n8n-worker-2'].map((name) => env(name).QUEUE_HEALTH_CHECK_PORT),
	].map(String);
	expect(listening).toHaveLength(10);
	expect(new Set(listening).size).toBe(10);
	expect(listening).not.toContain('undefined');
	for (const name of ['n8n', 'n8n-webhook', 'n8n-worker', 'n8n-worker-2']) {
		expect(env(name)).toMatchObject({ DB_POSTGRESDB_HOST: 'postgres', DB_POSTGRESDB_PORT: '41001', QUEUE_BULL_REDIS_PORT: '41002' });
	}
	expect(hostConfig.services.redis.healthcheck?.test).toEqual(['CMD', 'redis-cli', '-p', '41002', 'ping']);
});

it('binds every server to loopback only (on the host network, 0.0.0.0 is every interface of the machine)', () => {
	expect(hostConfig.services.postgres.command).toEqual(['postgres', '-c', 'listen_addresses=127.0.0.1']);
	expect(hostConfig.services.redis.command).toEqual(['redis-server', '--appendonly', 'yes', '--port', '41002', '--bind', '127.0.0.1']);
	for (const name of ['n8n', 'n8n-webhook', 'n8n-worker', 'n8n-worker-2']) expect(env(name).N8N_LISTEN_ADDRESS).toBe('127.0.0.1');
	for (const name of ['n8n-worker', 'n8n-worker-2']) expect(env(name).N8N_WORKER_SERVER_ADDRESS).toBe('127.0.0.1');
});

it("keeps everything else of the user's services: images, entrypoints, commands, environment, volumes, health checks, profiles, start order", () => {
	// What the host network changes, and nothing more: the network, published ports, the build (done beforehand),
	// the servers' ports and addresses (in the environment and in postgres's and redis's commands and redis's check).
	const changed = new Set(['network_mode', 'networks', 'ports', 'build', 'extra_hosts', 'environment']);
	const rest = (service: ComposeConfig['services'][string], name: string): Record<string, unknown> =>
		Object.fromEntries(
			Object.entries(service).filter(([key]) => !changed.has(key) && !(['postgres', 'redis'].includes(name) && key === 'command') && !(name === 'redis' && key === 'healthcheck')),
		);
	for (const name of ['n8n', 'n8n-webhook', 'n8n-worker', 'postgres', 'redis']) {
		expect({ name, ...rest(hostConfig.services[name], name) }).toEqual({ name, ...rest(userConfig.services[name], name) });
		for (const [key, value] of Object.entries(env(name, userConfig))) {
			if (/PORT$/.test(key)) continue;
			expect({ name, key, value: env(name)[key] }).toEqual({ name, key, value });
		}
	}
	expect(hostConfig.services.redis.healthcheck).toMatchObject({ ...userConfig.services.redis.healthcheck, test: expect.any(Array) });
	expect(hostConfig.services['n8n-worker-2'].profiles).toEqual(['queue']);
	expect({ ...hostConfig.services['n8n-worker-2'], environment: env('n8n-worker-2') }).toEqual({
		...hostConfig.services['n8n-worker'],
		environment: { ...env('n8n-worker'), N8N_RUNNERS_BROKER_PORT: '41008', QUEUE_HEALTH_CHECK_PORT: '41010' },
	});
	expect(env('postgres').POSTGRES_PASSWORD).toBe(asComposeWritesIt('pa$$word'));
	// From the .env file, not from the variables set around the tests (debug, regular).
	expect([env('n8n').N8N_LOG_LEVEL, env('n8n').EXECUTIONS_MODE]).toEqual(['info', 'queue']);
});

it('passes added values through compose interpolation unchanged ($ in a bcrypt hash: read back as compose writes $)', () => {
	for (const name of ['n8n', 'n8n-webhook', 'n8n-worker', 'n8n-worker-2']) expect(env(name).OWNER_HASH).toBe(asComposeWritesIt(BCRYPT_LIKE));
	expect(env('postgres').OWNER_HASH).toBeUndefined();
});
