import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import type { LogMetadata } from 'n8n-workflow';

import type { WorkflowRun } from '../support/harness';
import { distinctive, hunt as huntIn } from '../support/secrets/hunt';

/*
 * The keys the secrets tests hand to workflows, what n8n shows and keeps of their runs (the corpora), and the
 * search of those corpora for every form of the keys. Module state is per test file: jest loads it once for each.
 */

/** The keys a workflow is given; every one must stay out of everything a run produces. */
export const SECRETS = {
	retellKey: distinctive('key_SECRETHUNT'),
	wrongRetellKey: distinctive('key_SECRETHUNT_WRONG'),
	supabaseKey: distinctive('sb_secret_SECRETHUNT'),
	wrongSupabaseKey: distinctive('sb_secret_SECRETHUNT_WRONG'),
	/** Accepted by the gateway but swapped for the anon JWT: row-level security refuses it. */
	lowPrivilegeKey: distinctive('sb_secret_SECRETHUNT_ANON'),
	/** Accepted by the gateway and passed on unchanged: PostgREST has to refuse it as a JWT. */
	unswappedKey: distinctive('sb_secret_SECRETHUNT_RAW'),
};

/** Harmless, planted in an output item and an error message: the hunt must find it. */
export const CANARY = distinctive('canary_SECRETHUNT');

// --- the hunt ------------------------------------------------------------------------------------------------

/** Every form of every named value found in these named texts. */
export function hunt(corpora: Record<string, string>, values: Record<string, string>) {
	return huntIn(Object.entries(corpora).map(([name, text]) => ({ name, text })), values);
}

/**
 * A value as plain data, for JSON: errors with every own property (message, stack, cause, errorResponse…, which
 * their toJSON leaves out), Headers and Maps as entries, buffers as text; an object met again only once.
 */
function plain(value: unknown, seen: WeakSet<object>): unknown {
	if (typeof value === 'bigint') return String(value);
	if (typeof value !== 'object' || value === null) return value;
	if (seen.has(value)) return '[seen]';
	seen.add(value);
	if (Buffer.isBuffer(value)) return value.toString('utf8');
	if (Array.isArray(value)) return value.map((item: unknown) => plain(item, seen));
	if (value instanceof Map || value instanceof Headers) return plain(Object.fromEntries(value.entries()), seen);
	const names = value instanceof Error ? new Set(['name', 'message', 'stack', 'cause', ...Object.getOwnPropertyNames(value)]) : Object.keys(value);
	return Object.fromEntries([...names].map((name) => [name, plain(Reflect.get(value, name), seen)]));
}

function serialise(value: unknown): string {
	return JSON.stringify(plain(value, new WeakSet())) ?? '';
}

// --- what the runs produced ----------------------------------------------------------------------------------

/** Everything n8n's logger received (engine, node contexts, error reporter), level and metadata included. */
export const logLines: string[] = [];

/** Every corpus of every run so far, for the canary check and the totals at the end. */
export const collected: Record<string, string[]> = {};

export function keep(corpora: Record<string, string>): Record<string, string> {
	for (const [name, text] of Object.entries(corpora)) (collected[name] ??= []).push(text);
	return corpora;
}

interface ErrorFields {
	message?: unknown;
	description?: unknown;
	context?: unknown;
}

function errorCorpora(errors: unknown[]): Record<string, string> {
	const fields = errors.filter((error): error is ErrorFields & object => typeof error === 'object' && error !== null);
	return {
		'error.message': fields.map((error) => String(error.message ?? '')).join('\n'),
		'error.description': fields.map((error) => String(error.description ?? '')).join('\n'),
		'error.context': fields.map((error) => serialise(error.context ?? null)).join('\n'),
		'JSON.stringify(error)': errors.map((error) => JSON.stringify(error) ?? '').join('\n'),
		'error, every field': errors.map((error) => serialise(error)).join('\n'),
	};
}

/** What n8n would show and store of a run: each node's items and errors, the run's error, the logs. */
export function corporaOfRun(run: WorkflowRun, logsBefore: number): Record<string, string> {
	const tasks = Object.values(run.runData).flat();
	return keep({
		'output items': serialise(tasks.map((task) => task.data ?? null)),
		...errorCorpora([run.error, ...tasks.map((task) => task.error)].filter((error) => error !== undefined)),
		logs: logLines.slice(logsBefore).join('\n'),
	});
}

/** A failure that never reached a run (a From List search, a credential test): the thrown error and the logs. */
export function corporaOfFailure(error: unknown, logsBefore: number): Record<string, string> {
	return keep({ ...errorCorpora([error]), logs: logLines.slice(logsBefore).join('\n') });
}

export function expectNoSecret(corpora: Record<string, string>): void {
	expect(hunt(corpora, SECRETS)).toEqual([]);
}

/** Runs `run` once failing and once under Continue On Fail; checks both, returns both. */
export async function bothWays(
	run: (continueOnFail: boolean) => Promise<WorkflowRun>,
): Promise<{ failed: WorkflowRun; tolerated: WorkflowRun }> {
	let mark = logLines.length;
	const failed = await run(false);
	expectNoSecret(corporaOfRun(failed, mark));
	mark = logLines.length;
	const tolerated = await run(true);
	expectNoSecret(corporaOfRun(tolerated, mark));
	return { failed, tolerated };
}

export async function failureOf(action: () => Promise<unknown>): Promise<unknown> {
	try {
		await action();
	} catch (error) {
		return error;
	}
	throw new Error('expected a failure');
}

/** Keeps every line n8n's logger is given, until jest.restoreAllMocks(). */
export function captureLogs(): void {
	// n8n's logger is silent in tests (test/support/setup/env.ts); here every line it is given is kept instead. The engine
	// (LoggerProxy), node contexts (this.logger) and the error reporter all log through this one instance.
	const logger = Container.get(Logger);
	for (const level of ['error', 'warn', 'info', 'debug'] as const) {
		jest.spyOn(logger, level).mockImplementation((message: string, metadata?: LogMetadata) => {
			logLines.push(`${level} ${message} ${serialise(metadata ?? {})}`);
		});
	}
	jest.spyOn(logger, 'scoped').mockReturnValue(logger);
}
