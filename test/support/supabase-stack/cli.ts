/**
 * Runs the Supabase stack until SIGINT/SIGTERM:
 *   npx ts-node --transpile-only test/support/supabase-stack/cli.ts
 * Prints one JSON line on stdout once ready (SupabaseTestConnection fields: url, keys, databaseUrl, ...),
 * progress on stderr.
 */
import { pickConnection } from './connection';
import { startSupabaseStack } from './stack';

async function main(): Promise<void> {
	// Listen before starting: a signal during start-up must still tear down what was started.
	let requested = false;
	let wake = (): void => undefined;
	const onSignal = (): void => {
		requested = true;
		wake();
	};
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);

	const stack = await startSupabaseStack({ log: (line) => console.error(line) });
	if (!requested) {
		process.stdout.write(`${JSON.stringify(pickConnection(stack))}\n`);
		await new Promise<void>((resolve) => {
			wake = resolve;
		});
	}
	const stopping = Date.now();
	await stack.stop();
	console.error(`[supabase-stack] stopped in ${Date.now() - stopping} ms`);
	process.removeListener('SIGINT', onSignal);
	process.removeListener('SIGTERM', onSignal);
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exitCode = 1;
});
