import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { constants } from 'node:os';

/** A process killed by a signal, as a shell reports it: 128 + the signal's number (SIGSEGV → 139). */
function exitCodeOf(signal: NodeJS.Signals): number {
	return 128 + (constants.signals[signal] ?? 0);
}

/**
 * A long-running child (n8n, redis-server…) started in its own process group, so that stopping it also stops
 * whatever it spawned (n8n's task runners). Output goes to a log file, and optionally to our stdout with a prefix.
 */
export class ManagedProcess {
	readonly exited: Promise<number | null>;

	private exitCode: number | null | undefined;

	private constructor(
		readonly name: string,
		readonly child: ChildProcess,
		readonly logFile: string,
		private readonly log: WriteStream,
	) {
		this.exited = new Promise((resolve) => {
			child.once('exit', (code, signal) => {
				this.exitCode = code ?? (signal ? exitCodeOf(signal) : null);
				live.delete(this);
				resolve(this.exitCode);
			});
		});
	}

	static start(
		name: string,
		command: string,
		args: string[],
		options: { env: NodeJS.ProcessEnv; cwd?: string; logFile: string; echo?: boolean },
	): ManagedProcess {
		const log = createWriteStream(options.logFile, { flags: 'a' });
		const spawnOptions: SpawnOptions = {
			cwd: options.cwd,
			env: options.env,
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		};
		const child = spawn(command, args, spawnOptions);
		const managed = new ManagedProcess(name, child, options.logFile, log);
		live.add(managed);
		const forward = (chunk: Buffer): void => {
			log.write(chunk);
			if (options.echo) {
				for (const line of chunk.toString('utf8').split('\n')) {
					if (line.trim() !== '') process.stdout.write(`[${name}] ${line}\n`);
				}
			}
		};
		child.stdout?.on('data', forward);
		child.stderr?.on('data', forward);
		child.once('error', (error) => log.write(`spawn error: ${error.message}\n`));
		return managed;
	}

	get pid(): number | undefined {
		return this.child.pid;
	}

	get running(): boolean {
		return this.exitCode === undefined;
	}

	/** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves once the leader has exited. */
	async stop(graceMs = 15_000): Promise<void> {
		if (this.running) {
			signalGroup(this.child, 'SIGTERM');
			const timer = setTimeout(() => signalGroup(this.child, 'SIGKILL'), graceMs);
			await this.exited;
			clearTimeout(timer);
		}
		// Children of the leader (task runners) may outlive it for a moment.
		await endGroup(this.child);
		await new Promise<void>((resolve) => this.log.end(resolve));
	}
}

const live = new Set<ManagedProcess>();
/** Short-lived commands from run(), also killed if we exit early. */
const liveCommands = new Set<ChildProcess>();

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		// ESRCH: the group is already gone.
	}
}

/** Kills whatever is left in a finished command's process group and waits until it is gone (at most 5 s). */
async function endGroup(child: ChildProcess): Promise<void> {
	signalGroup(child, 'SIGKILL');
	for (let waited = 0; waited < 5_000 && child.pid !== undefined; waited += 20) {
		try {
			process.kill(-child.pid, 0);
		} catch {
			return;
		}
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

// Last resort when our own process ends without a clean stop (an uncaught error, jest tearing down): nothing we
// started may survive us. process.kill is synchronous, so it works inside an 'exit' handler.
process.once('exit', () => {
	for (const managed of live) signalGroup(managed.child, 'SIGKILL');
	for (const child of liveCommands) signalGroup(child, 'SIGKILL');
});

/** Kills (SIGKILL) every process group still running; for signal handlers that must exit now. */
export function killAllStarted(): void {
	for (const managed of live) signalGroup(managed.child, 'SIGKILL');
	for (const child of liveCommands) signalGroup(child, 'SIGKILL');
}

/** Runs a command to completion; rejects with its output when it fails. */
export function run(
	command: string,
	args: string[],
	options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number; okCodes?: number[] } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			cwd: options.cwd,
			env: options.env ?? process.env,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		liveCommands.add(child);
		const out: Buffer[] = [];
		const err: Buffer[] = [];
		child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
		child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
		const timer =
			options.timeoutMs === undefined
				? undefined
				: setTimeout(() => signalGroup(child, 'SIGKILL'), options.timeoutMs);
		child.once('error', (error) => {
			clearTimeout(timer);
			liveCommands.delete(child);
			reject(error);
		});
		child.once('close', async (code, signal) => {
			clearTimeout(timer);
			// What the command started in its group (n8n's task runner, which outlives a CLI that crashed on exit)
			// ends with it.
			await endGroup(child);
			liveCommands.delete(child);
			const result = {
				code: code ?? (signal ? exitCodeOf(signal) : -1),
				stdout: Buffer.concat(out).toString('utf8'),
				stderr: Buffer.concat(err).toString('utf8'),
			};
			if ((options.okCodes ?? [0]).includes(result.code)) resolve(result);
			else
				reject(
					new Error(
						`${command} ${args.join(' ')} exited with ${result.code}${signal ? ` (${signal})` : ''}\n` +
							`${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`,
					),
				);
		});
	});
}
