import type * as SupabaseJs from '@supabase/supabase-js';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';
import type { IExecuteFunctions, ILoadOptionsFunctions, INode, JsonObject } from 'n8n-workflow';

import { nodeApiError, redact } from '../../apiError';

import type { Database } from './database';
import { fetchWithinDeadline, readRequestTimeoutMs, requestDeadline, retellWaitsFor, sharedDeadline } from './deadline';
import {
	explainFailure,
	isTimeout,
	isTransient,
	toFailure,
	type ErrorText,
	type PostgrestFailure,
	type RequestTarget,
} from './errors';

export type { RequestTarget, PostgrestFailure, ErrorText } from './errors';
export { MIGRATION_FILE } from './errors';

export type RetellSupabaseClient = SupabaseJs.SupabaseClient<Database>;

export interface RetellSupabaseCredentials {
	host: string;
	serviceRole: string;
	/** Seconds one request may take, retries included; absent in credentials saved before it existed. */
	requestTimeout?: number;
}

/*
 * @supabase/supabase-js is pinned to 2.105.1: from 2.105.2 on, createClient() builds a Realtime client
 * that throws on Node 20 ("native WebSocket not found") although this node never uses Realtime, and
 * n8n 1.x / 2.0 still run on Node 20. On Node 22+ a newer version works with this code unchanged.
 * The module is loaded on first use, so n8n's start-up and the other nodes never pay for it.
 */
type SupabaseModule = typeof SupabaseJs;
let supabaseModule: Promise<SupabaseModule> | undefined;

async function loadSupabase(): Promise<SupabaseModule> {
	supabaseModule ??= import('@supabase/supabase-js');
	return await supabaseModule;
}

interface ClientInfo {
	host: string;
	secret: string;
	timeoutMs: number;
	/** When Retell waits for this execution: the moment all its Supabase requests together must be over. */
	executionDeadline?: number;
}

const clientInfo = new WeakMap<RetellSupabaseClient, ClientInfo>();

/** The project URL as supabase-js wants it: no trailing slash, no pasted /rest/v1. */
export function normaliseHost(host: string): string {
	return host
		.trim()
		.replace(/\/+$/, '')
		.replace(/\/rest\/v1$/i, '');
}

function isHttpUrl(text: string): boolean {
	try {
		return ['http:', 'https:'].includes(new URL(text).protocol) && !/\s/.test(text);
	} catch {
		return false;
	}
}

/** Why a credential cannot make a client, in the words the node and the credential test both show. */
export function credentialProblem(credentials: RetellSupabaseCredentials): ErrorText | undefined {
	if (!isHttpUrl(normaliseHost(String(credentials.host ?? '')))) {
		return {
			message: 'The Host in the Retell Supabase API credential is not a URL',
			description: 'Use the project URL, like https://your_project.supabase.co (without /rest/v1).',
		};
	}
	if (String(credentials.serviceRole ?? '').trim() === '') {
		return { message: 'The Retell Supabase API credential has no Service Role Secret' };
	}
	return undefined;
}

/** A client for already-checked credentials (see credentialProblem). */
export async function createSupabaseClient(credentials: RetellSupabaseCredentials): Promise<RetellSupabaseClient> {
	const host = normaliseHost(String(credentials.host ?? ''));
	const secret = String(credentials.serviceRole ?? '').trim();
	const timeoutMs = readRequestTimeoutMs(credentials.requestTimeout);
	const { createClient } = await loadSupabase();
	const client = createClient<Database>(host, secret, {
		auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
		global: { fetch: fetchWithinDeadline(timeoutMs) },
	});
	clientInfo.set(client, { host, secret, timeoutMs });
	return client;
}

/**
 * A PostgREST `in` list for `.filter(column, 'in', …)`, every value quoted with `\` and `"` escaped. supabase-js's
 * `.in()` quotes only values holding `,` `(` `)` and escapes nothing, so the one ID `a","b` became the two IDs a and b
 * (https://docs.postgrest.org/en/v12/references/api/url_grammar.html#reserved-characters).
 */
export function postgrestList(values: readonly string[]): string {
	return `(${values.map((value) => `"${value.replace(/[\\"]/g, '\\$&')}"`).join(',')})`;
}

/** A node run, or the editor loading a list of options. */
type SupabaseContext = IExecuteFunctions | ILoadOptionsFunctions;

export async function getSupabaseClient(context: SupabaseContext): Promise<RetellSupabaseClient> {
	const credentials = await context.getCredentials<RetellSupabaseCredentials>('retellSupabaseApi');
	const problem = credentialProblem(credentials);
	if (problem) throw new NodeOperationError(context.getNode(), problem.message, { description: problem.description });
	const client = await createSupabaseClient(credentials);
	const info = clientInfo.get(client);
	if (info && isExecution(context)) {
		// Without an id (n8n sets one for every run) requests cannot be told apart by execution: each keeps its own.
		const executionId = context.getExecutionId();
		if (executionId && retellWaitsFor(context)) info.executionDeadline = sharedDeadline(executionId, info.timeoutMs);
	}
	return client;
}

/** A node run (which has input items), not the editor loading options. */
function isExecution(context: SupabaseContext): context is IExecuteFunctions {
	return 'getInputData' in context;
}

/** What every supabase-js query resolves to: data on success, an error object (not thrown) otherwise. */
type PostgrestResult = { data: unknown; error: null; status: number } | { data: null; error: object; status: number };

/** The data type of a query's successful result. */
type SuccessData<R> = R extends { error: null; data: infer D } ? D : never;

export interface SupabaseRequestOptions {
	target: RequestTarget;
	itemIndex?: number;
	/** An operation's own reading of a failure (e.g. a foreign key that means "log the session first"). */
	explain?: (failure: PostgrestFailure) => ErrorText | undefined;
}

/**
 * Runs one PostgREST request and hands back its data, or throws a NodeApiError carrying PostgREST's
 * code, message, details and hint, the HTTP status and the item index, with the key redacted. supabase-js
 * returns errors instead of throwing them, so every result is checked here and nowhere else.
 */
export async function supabaseRequest<R extends PostgrestResult>(
	context: SupabaseContext,
	client: RetellSupabaseClient,
	request: (db: RetellSupabaseClient) => PromiseLike<R>,
	options: SupabaseRequestOptions,
): Promise<SuccessData<R>> {
	const outcome = await settle(client, request);
	if ('data' in outcome) return outcome.data;
	throw toNodeApiError(context.getNode(), client, outcome.failure, options);
}

/** A failed request as a caller that answers it (rather than throwing) reports it: explained, key redacted. */
export interface RequestProblem extends ErrorText {
	/** The same request may succeed a moment later (an outage or a timeout), as opposed to a wrong key or schema. */
	transient: boolean;
}

/**
 * supabaseRequest for code that answers a failure instead of throwing it (the Retell Trigger's session log), with
 * its own deadline: the moment the caller's answer is due, which may come before the credential's Request Timeout.
 */
export async function requestOutcome<R extends PostgrestResult>(
	client: RetellSupabaseClient,
	request: (db: RetellSupabaseClient) => PromiseLike<R>,
	target: RequestTarget,
	deadline: number,
): Promise<{ data: SuccessData<R> } | { problem: RequestProblem }> {
	const outcome = await settle(client, request, true, deadline);
	if ('data' in outcome) return outcome;
	const transient = isTransient(outcome.failure) || isTimeout(outcome.failure);
	return { problem: { ...explain(client, outcome.failure, { target }), transient } };
}

/**
 * The request's data, or its failure with the key redacted (status 0: no HTTP answer at all). Every request
 * this node sends is safe to repeat (reads, upserts and the merge), so a failure that says the database is
 * briefly away (connection refused, 502/503/504) is retried within the request's deadline: a restart of a few
 * seconds then costs a delay, not a failed execution.
 */
async function settle<R extends PostgrestResult>(
	client: RetellSupabaseClient,
	request: (db: RetellSupabaseClient) => PromiseLike<R>,
	retryTransient = true,
	callerDeadline = Infinity,
): Promise<{ data: SuccessData<R> } | { failure: PostgrestFailure }> {
	const info = clientInfo.get(client);
	const ownDeadline = Date.now() + (info?.timeoutMs ?? readRequestTimeoutMs(undefined));
	const deadline = Math.min(ownDeadline, info?.executionDeadline ?? ownDeadline, callerDeadline);
	let unavailable: { failure: PostgrestFailure } | undefined;
	for (let attempt = 0; ; attempt++) {
		const outcome = await requestDeadline.run(deadline, async () => await attemptOnce(client, request));
		if ('data' in outcome) return outcome;
		// The last try running out of time says less than the outage that made it the last.
		if (isTimeout(outcome.failure) && unavailable) return unavailable;
		if (!retryTransient || !isTransient(outcome.failure)) return outcome;
		unavailable = outcome;
		const pause = Math.min(250 * 2 ** attempt, 2_000);
		// An attempt needs a moment of its own; one that could only time out is not worth sending.
		if (Date.now() + pause + MIN_ATTEMPT_MS >= deadline) return outcome;
		await sleep(pause);
	}
}

const MIN_ATTEMPT_MS = 500;

async function attemptOnce<R extends PostgrestResult>(
	client: RetellSupabaseClient,
	request: (db: RetellSupabaseClient) => PromiseLike<R>,
): Promise<{ data: SuccessData<R> } | { failure: PostgrestFailure }> {
	let result: R;
	try {
		result = await request(client);
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		return { failure: redactFailure(client, toFailure(0, { message })) };
	}
	if (isSuccess(result)) return { data: result.data };
	return { failure: redactFailure(client, toFailure(result.status, result.error)) };
}

function isSuccess<R extends PostgrestResult>(result: R): result is Extract<R, { error: null }> & { data: SuccessData<R> } {
	return result.error === null;
}

function redactFailure(client: RetellSupabaseClient, failure: PostgrestFailure): PostgrestFailure {
	const secret = clientInfo.get(client)?.secret ?? '';
	const clean = (value: string): string => redact(value, secret);
	return {
		status: failure.status,
		code: clean(failure.code),
		message: clean(failure.message),
		details: clean(failure.details),
		hint: clean(failure.hint),
	};
}

function explain(client: RetellSupabaseClient, failure: PostgrestFailure, options: SupabaseRequestOptions): ErrorText {
	const info = clientInfo.get(client);
	const explained = options.explain?.(failure) ?? explainFailure(failure, options.target, info?.host, info?.timeoutMs);
	const secret = clientInfo.get(client)?.secret ?? '';
	return {
		message: redact(explained.message, secret),
		description: explained.description === undefined ? undefined : redact(explained.description, secret),
	};
}

function toNodeApiError(
	node: INode,
	client: RetellSupabaseClient,
	failure: PostgrestFailure,
	options: SupabaseRequestOptions,
): NodeApiError {
	const response: JsonObject = {
		status: failure.status || null,
		code: failure.code || null,
		message: failure.message || null,
		details: failure.details || null,
		hint: failure.hint || null,
	};
	return nodeApiError(node, response, {
		...explain(client, failure, options),
		httpCode: failure.status ? String(failure.status) : undefined,
		itemIndex: options.itemIndex,
	});
}

/**
 * What the credential test checks: the key is accepted and every table and function the nodes use is
 * there, so a missing migration shows when the credential is saved, not at the first call. The tables are
 * only read; the merge function runs with no rows, which writes nothing. Each probe is bounded by the
 * credential's Request Timeout, so a host that never answers does not keep the test spinning.
 */
export async function findSetupProblem(client: RetellSupabaseClient): Promise<ErrorText | undefined> {
	const probes: Array<[RequestTarget, (db: RetellSupabaseClient) => PromiseLike<PostgrestResult>]> = [
		[
			{ table: 'retell_call_sessions' },
			(db) => db.from('retell_call_sessions').select('call_id').limit(0),
		],
		[{ table: 'agents' }, (db) => db.from('agents').select('retell_agent_id').limit(0)],
		// The columns a migration from before Lead → Create From Call mapped lead details lacks.
		[{ table: 'leads' }, (db) => db.from('leads').select('call_id,interest,appointment_time').limit(0)],
		[
			{ rpc: 'retell_merge_call_sessions' },
			(db) => db.rpc('retell_merge_call_sessions', { p_rows: [], p_return_rows: false }),
		],
		[
			{ rpc: 'retell_agent_stats' },
			(db) => {
				const now = new Date().toISOString();
				return db.rpc('retell_agent_stats', { p_from: now, p_to: now, p_group_by: 'total' });
			},
		],
	];
	for (const [target, probe] of probes) {
		// A credential being saved is answered at once: a refused connection is a wrong Host more often than a restart.
		const outcome = await settle(client, probe, false);
		if ('failure' in outcome) return explain(client, outcome.failure, { target });
	}
	return undefined;
}

/** The PostgREST error code a NodeApiError from supabaseRequest carries ('' for other errors). */
export function postgrestCode(error: unknown): string {
	if (!(error instanceof NodeApiError)) return '';
	const code = error.errorResponse?.code;
	return typeof code === 'string' ? code : '';
}
