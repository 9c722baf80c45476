/**
 * docker/docker-compose.yml brought up for real on the engine at DOCKER_HOST (scripts/docker/test.sh starts it):
 * the user's .env (docker/.env.example, filled in), resolved by `docker-compose config`, run on the host network
 * (hostNetwork.ts) under its own project name. The image is built from docker/Dockerfile by the caller.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

import { createApiKey, ownerEnv, PublicApi, type Owner } from '../../scripts/n8n/api';
import type { N8nInstall } from '../../scripts/n8n/n8n';
import { sleep, waitForHttp } from '../../scripts/n8n/n8n';
import { REPO_ROOT } from '../../scripts/n8n/paths';
import { freePort } from '../../scripts/n8n/ports';
import { run } from '../../scripts/n8n/process';
import { toHostNetwork, type ComposeConfig, type HostPorts } from './hostNetwork';
import { isRecord } from '../../scripts/n8n/json';

export const DOCKER = process.env.DOCKER ?? 'docker';
const COMPOSE_FILE = path.join(REPO_ROOT, 'docker', 'docker-compose.yml');
const DOCKERFILE = path.join(REPO_ROOT, 'docker', 'Dockerfile');

export const DOCKER_OWNER: Owner = {
	email: 'docker-owner@example.com',
	password: 'Docker-Owner-Passw0rd',
	firstName: 'Docker',
	lastName: 'Owner',
};

/**
 * Only what docker and docker-compose need: compose gives the shell's variables precedence over the .env file, so
 * anything else set around the tests (N8N_LOG_LEVEL, EXECUTIONS_MODE…) would silently change what runs.
 */
function composeEnv(): NodeJS.ProcessEnv {
	const { PATH, HOME, DOCKER_HOST } = process.env;
	return { PATH, HOME, ...(DOCKER_HOST ? { DOCKER_HOST } : {}) };
}

function dockerEnv(): NodeJS.ProcessEnv {
	if (!process.env.DOCKER_HOST) throw new Error('DOCKER_HOST is not set: run through scripts/docker/test.sh');
	return composeEnv();
}

export async function docker(args: string[], timeoutMs = 600_000): Promise<string> {
	return (await run(DOCKER, args, { env: { ...dockerEnv(), DOCKER_BUILDKIT: '1' }, timeoutMs })).stdout.trim();
}

/** docker/.env.example with these values set (as a user fills it in), written as `<dir>/.env`; returns its path. */
export function writeUserEnv(dir: string, settings: Record<string, string>): string {
	const example = readFileSync(path.join(REPO_ROOT, 'docker', '.env.example'), 'utf8');
	const filled = example.replace(/^([A-Z0-9_]+)=.*$/gm, (line, key: string) => (key in settings ? `${key}=${settings[key]}` : line));
	const added = Object.entries(settings)
		.filter(([key]) => !new RegExp(`^${key}=`, 'm').test(example))
		.map(([key, value]) => `${key}=${value}\n`);
	const file = path.join(dir, '.env');
	writeFileSync(file, filled + added.join(''));
	return file;
}

/** A compose file as `docker-compose config` resolves it with an env file (talks to no engine). */
export async function resolveCompose(envFile: string, file = COMPOSE_FILE): Promise<ComposeConfig> {
	const args = ['--project-directory', path.dirname(file), '-f', file, '--env-file', envFile, 'config'];
	const resolved: unknown = parse((await run('docker-compose', args, { env: composeEnv() })).stdout);
	if (!isRecord(resolved) || !isRecord(resolved.services)) throw new Error(`docker-compose config of ${file}: no services`);
	return resolved as ComposeConfig;
}

/**
 * The two image names docker/ uses: the one the compose file runs (built from docker/Dockerfile) and the official
 * n8n image the Dockerfile starts from, with its ARG default.
 */
export async function imageNames(dir: string): Promise<{ ours: string; base: string }> {
	const config = await resolveCompose(writeUserEnv(dir, { N8N_ENCRYPTION_KEY: 'x', POSTGRES_PASSWORD: 'x' }));
	const ours = config.services.n8n?.image;
	const dockerfile = readFileSync(DOCKERFILE, 'utf8');
	const version = /^ARG N8N_VERSION=(\S+)$/m.exec(dockerfile)?.[1];
	const from = /^FROM (\S*n8nio\/n8n:)\$\{N8N_VERSION\}$/m.exec(dockerfile)?.[1];
	if (!ours || !version || !from) throw new Error('docker/: cannot find the n8n image names');
	return { ours, base: `${from}${version}` };
}

/** `docker build -f docker/Dockerfile` of a context (the repository, or a copy of it); returns the image ID. */
export async function buildImage(tag: string, context = REPO_ROOT): Promise<string> {
	await docker(['build', '--quiet', '--network', 'host', '-f', path.join(context, 'docker', 'Dockerfile'), '-t', tag, context]);
	return await docker(['image', 'inspect', '--format', '{{.Id}}', tag]);
}

export async function imageSize(image: string): Promise<number> {
	return Number(await docker(['image', 'inspect', '--format', '{{.Size}}', image]));
}

/**
 * A copy of what the image is built from (the files docker/Dockerfile.dockerignore lets in) with another package
 * version, for the upgrade story.
 */
export function contextWithVersion(target: string, version: string): void {
	for (const entry of ['package.json', 'package-lock.json', 'tsconfig.json', 'gulpfile.js', 'index.js', 'credentials', 'nodes', 'docker']) {
		cpSync(path.join(REPO_ROOT, entry), path.join(target, entry), { recursive: true });
	}
	for (const file of ['package.json', 'package-lock.json']) {
		const manifest: unknown = JSON.parse(readFileSync(path.join(target, file), 'utf8'));
		if (!isRecord(manifest)) throw new Error(`${file} is not an object`);
		manifest.version = version;
		const root = isRecord(manifest.packages) ? manifest.packages[''] : undefined;
		if (isRecord(root)) root.version = version;
		writeFileSync(path.join(target, file), JSON.stringify(manifest, null, 2));
	}
}

export interface DeploymentOptions {
	mode: 'regular' | 'queue';
	workDir: string;
	install: N8nInstall;
	/** Worker containers in queue mode (copies of n8n-worker). */
	workers?: number;
}

export class Deployment {
	private constructor(
		readonly project: string,
		readonly file: string,
		readonly ports: HostPorts,
		/** The services this mode runs, as the user's profiles select them. */
		readonly services: string[],
	) {}

	get mainUrl(): string {
		return `http://127.0.0.1:${this.ports.main}`;
	}

	/** Where Retell's requests go: the webhook processor in queue mode, else the main instance. */
	get webhookOrigin(): string {
		return this.services.includes('n8n-webhook') ? `http://127.0.0.1:${this.ports.webhook}` : this.mainUrl;
	}

	get workers(): string[] {
		return this.services.filter((service) => service.startsWith('n8n-worker'));
	}

	/** Writes the user's .env and the host-network compose file beside it; starts nothing. */
	static async prepare(options: DeploymentOptions): Promise<Deployment> {
		mkdirSync(options.workDir, { recursive: true });
		// The queue-mode services are in the resolved file in either mode (inactive profiles included): each gets its
		// ports, and the user's profiles decide what `up` starts.
		const workers = options.mode === 'queue' ? (options.workers ?? 1) : 1;
		const workerNames = Array.from({ length: workers }, (_, i) => (i === 0 ? 'n8n-worker' : `n8n-worker-${i + 1}`));
		const ports: HostPorts = {
			postgres: await freePort(),
			redis: await freePort(),
			main: await freePort(),
			webhook: await freePort(),
			broker: {},
			workerHealth: {},
		};
		for (const name of ['n8n', 'n8n-webhook', ...workerNames]) ports.broker[name] = await freePort();
		for (const name of workerNames) ports.workerHealth[name] = await freePort();

		// docker/.env.example as a user fills it in, for plain http on this machine. docker-compose reads it again
		// from the generated file's folder, so COMPOSE_PROFILES selects the services as it would for the user.
		const envFile = writeUserEnv(options.workDir, {
			N8N_ENCRYPTION_KEY: 'docker-test-0123456789abcdef0123456789abcdef',
			POSTGRES_PASSWORD: 'docker-test-db-password',
			WEBHOOK_URL: `http://127.0.0.1:${options.mode === 'queue' ? ports.webhook : ports.main}/`,
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			N8N_PROXY_HOPS: '0',
			N8N_SECURE_COOKIE: 'false',
			N8N_PUBLISHED_PORT: String(ports.main),
			N8N_WEBHOOK_PUBLISHED_PORT: String(ports.webhook),
			...(options.mode === 'queue' ? { EXECUTIONS_MODE: 'queue', COMPOSE_PROFILES: 'queue' } : {}),
		});
		const hostConfig = toHostNetwork(await resolveCompose(envFile), ports, {
			workers,
			extraEnv: ownerEnv(options.install, DOCKER_OWNER),
		});
		const file = path.join(options.workDir, 'compose.host-network.json');
		writeFileSync(file, JSON.stringify(hostConfig, null, 2));
		const services = options.mode === 'queue' ? ['postgres', 'redis', 'n8n', 'n8n-webhook', ...workerNames] : ['postgres', 'n8n'];
		return new Deployment(`retell${options.mode}${process.pid}`, file, ports, services);
	}

	async compose(args: string[], timeoutMs = 300_000): Promise<string> {
		return (await run('docker-compose', ['-p', this.project, '-f', this.file, ...args], { env: dockerEnv(), timeoutMs })).stdout;
	}

	/** `up -d` as the user runs it (no service named: the profiles choose); resolves when every n8n answers. */
	async up(): Promise<void> {
		await this.compose(['up', '-d', '--no-build']);
		await this.waitReady();
	}

	/** Services with a running container. */
	async running(): Promise<string[]> {
		return (await this.compose(['ps', '--services', '--filter', 'status=running'])).split('\n').filter(Boolean).sort();
	}

	async waitReady(timeoutMs = 180_000): Promise<void> {
		try {
			await waitForHttp(`${this.mainUrl}/healthz/readiness`, { timeoutMs });
			// Readiness answers before the REST routes exist; login is what the tests need next.
			await waitForHttp(`${this.mainUrl}/rest/settings`, { timeoutMs });
			if (this.services.includes('n8n-webhook')) await waitForHttp(`${this.webhookOrigin}/healthz`, { timeoutMs });
			for (const worker of this.workers) {
				await waitForHttp(`http://127.0.0.1:${this.ports.workerHealth[worker]}/healthz`, { timeoutMs });
			}
		} catch (error) {
			// restart: unless-stopped turns a crash into a silent restart loop: show the containers and their last lines.
			const state = await this.compose(['ps']).catch(() => '');
			const logs = await this.compose(['logs', '--no-color', '--tail', '60']).catch(() => '');
			throw new Error(`${error instanceof Error ? error.message : String(error)}\n${state}\n${logs}`);
		}
	}

	async logs(service: string): Promise<string> {
		return await this.compose(['logs', '--no-color', service]);
	}

	async containerId(service: string): Promise<string> {
		return (await this.compose(['ps', '-q', service])).trim();
	}

	/** Runs a command in a running service's container. */
	async exec(service: string, command: string[]): Promise<string> {
		return await this.compose(['exec', '-T', service, ...command]);
	}

	async api(label: string): Promise<PublicApi> {
		// The owner is applied from the environment as the main instance starts; logging in may need a moment more.
		for (let attempt = 0; ; attempt++) {
			try {
				return new PublicApi(this.mainUrl, await createApiKey(this.mainUrl, DOCKER_OWNER, label));
			} catch (error) {
				if (attempt >= 20) throw error;
				await sleep(500);
			}
		}
	}

	/** Stops and removes the containers; `volumes` also removes the volumes (the end of a story). */
	async down(volumes: boolean): Promise<void> {
		try {
			// Kept beside the compose file (the suite keeps its folder with DOCKER_KEEP=1).
			writeFileSync(path.join(path.dirname(this.file), 'containers.log'), await this.compose(['logs', '--no-color', '--timestamps']));
		} finally {
			await this.compose(['down', '--timeout', '20', ...(volumes ? ['--volumes'] : [])], 180_000);
		}
	}
}
