import { DEFAULT_API_KEY, startRetellEmulator, type RetellEmulatorOptions } from './index';

// Command-line entry: npx ts-node --transpile-only test/support/retell-emulator/cli.ts --port 4010 …
// Flags win over environment variables; both are optional.

const USAGE = `Retell API emulator

Options (environment variable in brackets):
  --port <n>               port, 0 = any free one          [RETELL_EMULATOR_PORT]          default 4010
  --host <addr>            interface to bind                [RETELL_EMULATOR_HOST]          default 127.0.0.1
  --api-key <key>          key clients must send            [RETELL_EMULATOR_API_KEY]       default ${DEFAULT_API_KEY}
  --latency <ms>           added to every API response      [RETELL_EMULATOR_LATENCY_MS]    default 0
  --concurrency <n>        max API requests in flight (429) [RETELL_EMULATOR_CONCURRENCY]   default unlimited
  --call-concurrency <n>   max live calls (429)             [RETELL_EMULATOR_CALL_CONCURRENCY] default unlimited
  --retry-after <s>        retry-after header on 429s       [RETELL_EMULATOR_RETRY_AFTER]   default none
  --error-rate <0..1>      share of requests answered 500   [RETELL_EMULATOR_ERROR_RATE]    default 0
  --seed <n>               PRNG seed                         [RETELL_EMULATOR_SEED]          default 1
  --time-scale <x>         call simulation speed-up          [RETELL_EMULATOR_TIME_SCALE]    default 1 (real time)
  --account-webhook-url <url> webhook for agents without one [RETELL_EMULATOR_ACCOUNT_WEBHOOK_URL]
  --pagination-keys <style> cursor (opaque) or lastId      [RETELL_EMULATOR_PAGINATION_KEYS] default cursor
  --no-auto-simulate       leave created calls registered    [RETELL_EMULATOR_AUTO_SIMULATE=false]
  --quiet                  do not log requests and webhooks  [RETELL_EMULATOR_QUIET=true]
  --help
`;

type Kind = 'number' | 'string';
const FLAGS: Record<string, { env: string; option: keyof RetellEmulatorOptions; kind: Kind }> = {
	'--port': { env: 'RETELL_EMULATOR_PORT', option: 'port', kind: 'number' },
	'--host': { env: 'RETELL_EMULATOR_HOST', option: 'host', kind: 'string' },
	'--api-key': { env: 'RETELL_EMULATOR_API_KEY', option: 'apiKey', kind: 'string' },
	'--latency': { env: 'RETELL_EMULATOR_LATENCY_MS', option: 'latencyMs', kind: 'number' },
	'--concurrency': { env: 'RETELL_EMULATOR_CONCURRENCY', option: 'concurrencyLimit', kind: 'number' },
	'--call-concurrency': { env: 'RETELL_EMULATOR_CALL_CONCURRENCY', option: 'callConcurrencyLimit', kind: 'number' },
	'--retry-after': { env: 'RETELL_EMULATOR_RETRY_AFTER', option: 'rateLimitRetryAfterSeconds', kind: 'number' },
	'--error-rate': { env: 'RETELL_EMULATOR_ERROR_RATE', option: 'errorRate', kind: 'number' },
	'--seed': { env: 'RETELL_EMULATOR_SEED', option: 'seed', kind: 'number' },
	'--time-scale': { env: 'RETELL_EMULATOR_TIME_SCALE', option: 'timeScale', kind: 'number' },
	'--account-webhook-url': { env: 'RETELL_EMULATOR_ACCOUNT_WEBHOOK_URL', option: 'accountWebhookUrl', kind: 'string' },
	'--pagination-keys': { env: 'RETELL_EMULATOR_PAGINATION_KEYS', option: 'paginationKeys', kind: 'string' },
};

function fail(message: string): never {
	process.stderr.write(`${message}\n\n${USAGE}`);
	process.exit(2);
}

function convert(flag: string, raw: string, kind: Kind): string | number {
	if (kind === 'string') return raw;
	const value = Number(raw);
	if (raw.trim() === '' || !Number.isFinite(value)) fail(`${flag} expects a number, got "${raw}"`);
	return value;
}

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv): { options: RetellEmulatorOptions; quiet: boolean } {
	const values: Record<string, string | number | boolean> = { port: 4010, timeScale: 1 };
	for (const spec of Object.values(FLAGS)) {
		const raw = env[spec.env];
		if (raw !== undefined && raw !== '') values[spec.option] = convert(spec.env, raw, spec.kind);
	}
	if (env.RETELL_EMULATOR_AUTO_SIMULATE === 'false') values.autoSimulateCalls = false;
	let quiet = env.RETELL_EMULATOR_QUIET === 'true';
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		if (arg === '--help' || arg === '-h') {
			process.stdout.write(USAGE);
			process.exit(0);
		}
		if (arg === '--no-auto-simulate') values.autoSimulateCalls = false;
		else if (arg === '--quiet') quiet = true;
		else {
			const [flag, inline] = arg.split(/=(.*)/s, 2) as [string, string | undefined];
			const spec = FLAGS[flag];
			if (!spec) fail(`Unknown option ${arg}`);
			const raw = inline ?? argv[++i];
			if (raw === undefined) fail(`${flag} needs a value`);
			values[spec.option] = convert(flag, raw, spec.kind);
		}
	}
	return { options: values as RetellEmulatorOptions, quiet };
}

async function main(): Promise<void> {
	const { options, quiet } = parseArgs(process.argv.slice(2), process.env);
	const log = quiet ? null : (line: string): void => void process.stdout.write(`${new Date().toISOString()} ${line}\n`);
	const emulator = await startRetellEmulator({ ...options, log });
	process.stdout.write(`Retell emulator listening on ${emulator.url}\nAPI key: ${emulator.apiKey}\n`);

	let stopping = false;
	const stop = (signal: NodeJS.Signals): void => {
		if (stopping) return;
		stopping = true;
		process.stdout.write(`${signal}: stopping the Retell emulator\n`);
		// Exit on our own once closed: a handle left open would keep the process alive, and the guard says so.
		setTimeout(() => {
			process.stderr.write('The emulator did not stop within 5 s\n');
			process.exit(1);
		}, 5000).unref();
		emulator.close().then(
			() => process.stdout.write('stopped\n'),
			(error: unknown) => {
				process.stderr.write(`close failed: ${String(error)}\n`);
				process.exitCode = 1;
			},
		);
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

if (require.main === module) {
	main().catch((error: unknown) => {
		process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
		process.exit(1);
	});
}
