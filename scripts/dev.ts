/**
 * npm run dev — a real n8n with this package, the Retell emulator, a local Supabase and the example workflows.
 *
 *   node -r ts-node/register/transpile-only scripts/dev.ts [--queue] [--no-build] [--reimport-examples] [--verbose] [--quiet]
 *                                                          [--smoke]
 *
 * --smoke: the same start-up on a fresh n8n user folder and free ports, then proves the editor answers, the examples
 *   are there and a signed Retell event runs one execution, stops everything, checks nothing is left running, deletes
 *   the folder and exits (0 when every check passed). CI runs it.
 *
 * Real services instead of the local ones (both optional, independent):
 *   RETELL_API_KEY=key_… [RETELL_BASE_URL=https://api.retellai.com] [WEBHOOK_URL=https://<tunnel>/]
 *   SUPABASE_URL=https://<project>.supabase.co SUPABASE_SERVICE_ROLE_KEY=…
 * Other settings: N8N_PORT (5678), N8N_DEV_WEBHOOK_PORT (5680, queue mode), RETELL_EMULATOR_PORT (4010),
 *   N8N_DEV_USER_FOLDER (.n8n-dev),
 *   N8N_DEV_OWNER_EMAIL / N8N_DEV_OWNER_PASSWORD.
 * Ctrl-C stops everything this started. n8n's data (workflows, executions, credentials) stays in .n8n-dev/.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Owner } from './n8n/api';
import { CREDENTIALS } from './n8n/examples';
import { tail } from './n8n/n8n';
import { cleanEnv, REPO_ROOT } from './n8n/paths';
import { freePort, portInUse } from './n8n/ports';
import { killAllStarted } from './n8n/process';
import { redisAvailable } from './n8n/redis';
import { smokeCheck } from './n8n/smoke';
import { startStack, stopAndListSurvivors, type RetellTarget, type Stack, type SupabaseTarget } from './n8n/stack';

interface Flags {
	queue: boolean;
	build: boolean;
	reimport: boolean;
	verbose: boolean;
	quiet: boolean;
	smoke: boolean;
}

function parseFlags(argv: string[]): Flags {
	const flags: Flags = { queue: false, build: true, reimport: false, verbose: false, quiet: false, smoke: false };
	for (const arg of argv) {
		if (arg === '--queue') flags.queue = true;
		else if (arg === '--no-build') flags.build = false;
		else if (arg === '--reimport-examples') flags.reimport = true;
		else if (arg === '--verbose') flags.verbose = true;
		else if (arg === '--quiet') flags.quiet = true;
		else if (arg === '--smoke') flags.smoke = true;
		else if (arg === '--help' || arg === '-h') {
			process.stdout.write(readFileSync(__filename, 'utf8').split('*/')[0].replace(/^\/\*\*?|^ \* ?/gm, ''));
			process.exit(0);
		} else {
			process.stderr.write(`Unknown option ${arg} (try --help)\n`);
			process.exit(2);
		}
	}
	return flags;
}

function say(line: string): void {
	process.stdout.write(`${line}\n`);
}

function externalRetell(): RetellTarget | undefined {
	const apiKey = process.env.RETELL_API_KEY;
	if (!apiKey) {
		if (process.env.RETELL_BASE_URL) throw new Error('RETELL_BASE_URL is set but RETELL_API_KEY is not');
		return undefined;
	}
	return { apiKey, baseUrl: process.env.RETELL_BASE_URL ?? 'https://api.retellai.com' };
}

function externalSupabase(): SupabaseTarget | undefined {
	const url = process.env.SUPABASE_URL;
	const serviceRoleKey = process.env.SUPABASE_SERVICE_ROLE_KEY;
	if (!url && !serviceRoleKey) return undefined;
	if (!url || !serviceRoleKey) throw new Error('set both SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY, or neither');
	return { url: url.replace(/\/+$/, '').replace(/\/rest\/v1$/, ''), serviceRoleKey };
}

/** The encryption key must stay the same for the life of .n8n-dev (n8n refuses a different one). */
function devSettings(userFolder: string): { encryptionKey: string } {
	const file = path.join(userFolder, 'dev-settings.json');
	if (existsSync(file)) {
		const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
		if (typeof parsed === 'object' && parsed !== null && 'encryptionKey' in parsed && typeof parsed.encryptionKey === 'string') {
			return { encryptionKey: parsed.encryptionKey };
		}
	}
	const settings = { encryptionKey: randomBytes(24).toString('base64url') };
	mkdirSync(userFolder, { recursive: true });
	writeFileSync(file, JSON.stringify(settings, null, 2), { mode: 0o600 });
	return settings;
}

function build(): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit', env: cleanEnv() });
		child.once('error', reject);
		child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`npm run build exited with ${code}`))));
	});
}

async function pickEmulatorPort(): Promise<number> {
	const wanted = Number(process.env.RETELL_EMULATOR_PORT ?? 4010);
	if (wanted === 0 || !(await portInUse(wanted))) return wanted;
	say(`port ${wanted} is busy; the Retell emulator takes a free port instead`);
	return 0;
}

function banner(stack: Stack, owner: Owner, flags: Flags, started: number): void {
	const host = new URL(stack.publicWebhookUrl).hostname === 'localhost' ? 'localhost' : '127.0.0.1';
	const editor = stack.mainUrl.replace('127.0.0.1', host);
	const lines = [
		'',
		`n8n-nodes-retell dev environment (${stack.mode} mode, ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
		'',
		`  n8n        ${editor}`,
		`             login ${owner.email} / ${owner.password}`,
		`             public API key (X-N8N-API-KEY): ${stack.apiKey}`,
		stack.emulator
			? `  Retell     emulator ${stack.retell.baseUrl}  API key ${stack.retell.apiKey}`
			: `  Retell     ${stack.retell.baseUrl} (real; RETELL_API_KEY)`,
		...(stack.demo
			? [`             demo agent ${stack.demo.agentId}, number ${stack.demo.phoneNumber} (outbound + inbound)`]
			: []),
		stack.supabaseStack
			? `  Supabase   local stack ${stack.supabase.url}  service role key ${stack.supabase.serviceRoleKey}`
			: `  Supabase   ${stack.supabase.url} (real; SUPABASE_URL)`,
		...(stack.supabaseStack ? [`             database ${stack.supabaseStack.databaseUrl}`] : []),
		`  Credentials "${CREDENTIALS.retellApi.name}" (${CREDENTIALS.retellApi.id}), "${CREDENTIALS.retellSupabaseApi.name}" (${CREDENTIALS.retellSupabaseApi.id})`,
		'  Example workflows:',
		...stack.examples.map((example) => {
			const active = stack.published.includes(example) ? 'active ' : 'manual ';
			const urls = example.webhooks.map((webhook) => `\n               ${webhook.method} ${stack.publicWebhookUrl}webhook/${webhook.webhookId}/${webhook.path}`);
			return `    ${active} ${editor}/workflow/${example.workflow.id}  ${example.workflow.name}${urls.join('')}`;
		}),
		`  Logs       ${path.relative(process.cwd(), stack.logDir) || stack.logDir}/`,
		...(flags.queue ? [`  Queue      Redis 127.0.0.1:${stack.redis?.port}, worker + webhook processor (${stack.webhookOrigin})`] : []),
		'',
		flags.smoke ? 'Smoke checks:' : 'Press Ctrl-C to stop everything.',
		'',
	];
	say(lines.join('\n'));
}

async function main(): Promise<void> {
	const started = Date.now();
	const flags = parseFlags(process.argv.slice(2));
	// The smoke run starts like a first-time user (fresh folder: owner created, examples imported) and must not
	// collide with a dev instance that is already running.
	const userFolder = flags.smoke
		? mkdtempSync(path.join(tmpdir(), 'retell-dev-smoke-'))
		: path.resolve(process.env.N8N_DEV_USER_FOLDER ?? path.join(REPO_ROOT, '.n8n-dev'));
	if (flags.smoke) process.once('exit', () => rmSync(userFolder, { recursive: true, force: true }));
	const port = Number(process.env.N8N_PORT ?? (flags.smoke ? await freePort() : 5678));
	const retell = externalRetell();
	const supabase = externalSupabase();
	if (flags.queue && !redisAvailable()) throw new Error('--queue needs redis-server (apt-get install -y redis-server)');
	if (await portInUse(port)) throw new Error(`port ${port} is in use (another n8n?); set N8N_PORT to use another one`);
	const webhookPort = Number(process.env.N8N_DEV_WEBHOOK_PORT ?? (flags.smoke ? await freePort() : 5680));
	if (flags.queue && (await portInUse(webhookPort))) {
		throw new Error(`port ${webhookPort} (webhook processor) is in use; set N8N_DEV_WEBHOOK_PORT to use another one`);
	}

	const owner: Owner = {
		email: process.env.N8N_DEV_OWNER_EMAIL ?? 'owner@example.com',
		password: process.env.N8N_DEV_OWNER_PASSWORD ?? 'RetellDev-2026',
		firstName: 'Dev',
		lastName: 'Owner',
	};

	if (flags.build) {
		say('Building the package (npm run build)…');
		await build();
	}

	let stack: Stack | undefined;
	let stopping = false;
	const stop = async (code: number): Promise<void> => {
		if (stopping) return;
		stopping = true;
		say('\nStopping…');
		const t = Date.now();
		await stack?.stop();
		say(`Stopped in ${((Date.now() - t) / 1000).toFixed(1)} s.`);
		process.exit(code);
	};
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.on(signal, () => {
			if (stopping) {
				// Second Ctrl-C: no more waiting.
				killAllStarted();
				process.exit(130);
			}
			void stop(0);
		});
	}

	stack = await startStack({
		mode: flags.queue ? 'queue' : 'regular',
		userFolder,
		encryptionKey: devSettings(userFolder).encryptionKey,
		owner,
		port,
		webhookPort,
		publicHost: 'localhost',
		publicWebhookUrl: process.env.WEBHOOK_URL,
		retell,
		supabase,
		emulator: {
			port: flags.smoke ? 0 : await pickEmulatorPort(),
			// Simulated calls run 10x faster than real time: a demo call takes a few seconds.
			timeScale: 10,
			log: flags.quiet ? null : (line) => say(`[retell-emulator] ${line}`),
		},
		importExamples: flags.reimport ? 'always' : 'changed',
		allowMissingNodes: true,
		echo: flags.verbose,
		log: (line) => say(`· ${line}`),
		apiKeyLabel: `dev-${new Date().toISOString()}`,
	});
	if (stopping) return;
	banner(stack, owner, flags, started);
	if (flags.smoke) {
		await smokeRun(stack, started);
		return;
	}

	// If any n8n process dies on its own, show why and take the rest down.
	for (const proc of stack.processes) {
		void proc.process.exited.then((code) => {
			if (stopping) return;
			say(`\n${proc.process.name} exited unexpectedly (code ${code}). Last log lines:\n${tail(proc.process.logFile, 30)}`);
			void stop(1);
		});
	}
}

/** --smoke: the checks, then a full stop that must leave nothing running, then the folder is gone. */
async function smokeRun(stack: Stack, started: number): Promise<never> {
	let failure: unknown;
	try {
		await smokeCheck(stack, (line) => say(`smoke: ok  ${line}`));
	} catch (error) {
		failure = error;
		say(`smoke: FAILED ${error instanceof Error ? error.message : String(error)}`);
		for (const proc of stack.processes) say(`--- ${proc.process.logFile} ---\n${tail(proc.process.logFile, 30)}`);
	}
	const survivors = await stopAndListSurvivors(stack);
	if (survivors.length > 0) {
		say(`smoke: FAILED still running after stop: ${JSON.stringify(survivors)}`);
		killAllStarted();
		process.exit(1);
	}
	say('smoke: ok  stopped, nothing left running (the temporary n8n folder is removed on exit)');
	say(failure ? 'smoke: FAILED' : `smoke: passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	process.exit(failure ? 1 : 0);
}

main().catch((error: unknown) => {
	process.stderr.write(`\nnpm run dev failed: ${error instanceof Error ? error.message : String(error)}\n`);
	killAllStarted();
	process.exit(1);
});
