/**
 * The compose file users run (docker/docker-compose.yml, as `docker-compose config` resolves it with their .env),
 * turned into one that runs on the test machines: every container on the host network (no bridge networks can be
 * made here), each server on a free loopback port, the service names `postgres` and `redis` mapped to 127.0.0.1.
 * Everything else — images, commands, entrypoints, environment, volumes, health checks, profiles and start order —
 * is the user's, so the containers run as they would. Debian's docker-compose 1.29.2 refuses `ports:` together
 * with `network_mode: host`, which is why this is a generated file and not an override of the user's.
 */

export interface ComposeService {
	image?: string;
	build?: unknown;
	command?: string[] | string;
	environment?: Record<string, string | number>;
	ports?: unknown[];
	networks?: unknown;
	network_mode?: string;
	extra_hosts?: string[];
	healthcheck?: { test?: string[] | string; [key: string]: unknown };
	depends_on?: Record<string, { condition: string }> | string[];
	profiles?: string[];
	volumes?: string[];
	[key: string]: unknown;
}

export interface ComposeConfig {
	services: Record<string, ComposeService>;
	volumes?: Record<string, unknown>;
	networks?: unknown;
	[key: string]: unknown;
}

/** One port per listening socket; several n8n processes on one network namespace must not share any. */
export interface HostPorts {
	postgres: number;
	redis: number;
	/** The editor/API of the main instance (the user's N8N_PUBLISHED_PORT). */
	main: number;
	/** The webhook processor (the user's N8N_WEBHOOK_PUBLISHED_PORT). */
	webhook: number;
	/** n8n's task broker (N8N_RUNNERS_BROKER_PORT), one per n8n container, by service name. */
	broker: Record<string, number>;
	/** A worker's health endpoint (QUEUE_HEALTH_CHECK_PORT, 5678 by default), by worker service name. */
	workerHealth: Record<string, number>;
}


/** Compose reads `$` in the file as interpolation: values added here are escaped as `config` escapes its own. */
function literal(value: string | number): string {
	return String(value).replace(/\$/g, '$$$$');
}

/**
 * Host-network copy of a resolved compose configuration. `workers` copies of the worker service replace
 * `--scale n8n-worker=N` (scaled replicas would share one environment, so their task brokers and health
 * endpoints would clash on the host network). `extraEnv` goes to every n8n container (literal values).
 */
export function toHostNetwork(
	config: ComposeConfig,
	ports: HostPorts,
	options: { workers?: number; extraEnv?: Record<string, string> } = {},
): ComposeConfig {
	const services: Record<string, ComposeService> = {};
	const workerNames = new Set<string>();
	for (const [name, original] of Object.entries(config.services)) {
		if (name === 'n8n-worker') {
			for (let copy = 1; copy <= (options.workers ?? 1); copy++) {
				const workerName = copy === 1 ? name : `${name}-${copy}`;
				workerNames.add(workerName);
				services[workerName] = structuredClone(original);
			}
		} else {
			services[name] = structuredClone(original);
		}
	}

	for (const [name, service] of Object.entries(services)) {
		delete service.ports;
		delete service.networks;
		// The image is built beforehand from docker/Dockerfile (BuildKit); compose 1.29's own builder is not BuildKit.
		delete service.build;
		service.network_mode = 'host';
		service.extra_hosts = ['postgres:127.0.0.1', 'redis:127.0.0.1'];
		const env: Record<string, string | number> = { ...service.environment };

		// Every server listens on loopback only: on the host network, 0.0.0.0 would be every interface of the machine.
		if (name === 'postgres') {
			// The server, initdb's temporary server and pg_isready in the health check all read PGPORT.
			env.PGPORT = ports.postgres;
			service.command = [...commandOf(service, ['postgres']), '-c', 'listen_addresses=127.0.0.1'];
		} else if (name === 'redis') {
			service.command = [...commandOf(service, ['redis-server']), '--port', String(ports.redis), '--bind', '127.0.0.1'];
			service.healthcheck = { ...service.healthcheck, test: ['CMD', 'redis-cli', '-p', String(ports.redis), 'ping'] };
		} else if (name === 'n8n' || name === 'n8n-webhook' || workerNames.has(name)) {
			env.DB_POSTGRESDB_PORT = ports.postgres;
			env.QUEUE_BULL_REDIS_PORT = ports.redis;
			const broker = ports.broker[name];
			if (broker === undefined) throw new Error(`no task-broker port for ${name}`);
			env.N8N_RUNNERS_BROKER_PORT = broker;
			env.N8N_LISTEN_ADDRESS = '127.0.0.1';
			if (name === 'n8n') env.N8N_PORT = ports.main;
			if (name === 'n8n-webhook') env.N8N_PORT = ports.webhook;
			if (workerNames.has(name)) {
				const health = ports.workerHealth[name];
				if (health === undefined) throw new Error(`no health port for ${name}`);
				env.QUEUE_HEALTH_CHECK_PORT = health;
				env.N8N_WORKER_SERVER_ADDRESS = '127.0.0.1';
			}
			for (const [key, value] of Object.entries(options.extraEnv ?? {})) env[key] = literal(value);
		}
		service.environment = env;
	}
	const result: ComposeConfig = { ...config, services };
	delete result.networks;
	return result;
}

/** The service's command as a list; the image's default command when the file sets none. */
function commandOf(service: ComposeService, imageDefault: string[]): string[] {
	if (Array.isArray(service.command)) return service.command;
	if (typeof service.command === 'string') return service.command.split(/\s+/).filter(Boolean);
	return imageDefault;
}
