/**
 * Pure translation of PostgREST / Supabase gateway failures into messages a workflow builder can act
 * on. PostgREST bodies carry code, message, details and hint (docs.postgrest.org → Errors); the gateway
 * answers 401 with only message and hint; PostgREST 12 answers an unknown table with a bare `{}`.
 */

export const MIGRATION_FILE = 'supabase/migrations/20261125000000_retell_call_logging.sql';

const RUN_MIGRATION =
	`Run ${MIGRATION_FILE} from the n8n-nodes-retell package on this Supabase project once ` +
	`(psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f ${MIGRATION_FILE}, or paste the file into the Supabase SQL Editor and run it); ` +
	'it is idempotent, so running it again is safe.';

/** A failed request, every field a string ('' when absent); status 0 means no HTTP answer at all. */
export interface PostgrestFailure {
	status: number;
	code: string;
	message: string;
	details: string;
	hint: string;
}

export interface ErrorText {
	message: string;
	description?: string;
}

/** What a request was about, for messages like `the table "leads"`. */
export type RequestTarget = { table: string } | { rpc: string };

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

export function toFailure(status: number, error: unknown): PostgrestFailure {
	const body = typeof error === 'object' && error !== null ? error : {};
	const field = (key: string): string => text((body as Record<string, unknown>)[key]);
	return { status, code: field('code'), message: field('message'), details: field('details'), hint: field('hint') };
}

function describeTarget(target: RequestTarget): string {
	return 'table' in target ? `the table "${target.table}"` : `the function "${target.rpc}"`;
}

/** details, hint and code, the way PostgREST reports them, for an error description. */
export function postgrestDetail(failure: PostgrestFailure): string {
	const parts = [failure.details, failure.hint].map((part) => part.trim()).filter((part) => part !== '');
	if (failure.code) parts.push(`(PostgREST code ${failure.code})`);
	return parts.join(' ');
}

// PGRST202/PGRST205: not in PostgREST's schema cache; 42P01/42883: PostgreSQL has no such relation/function.
const MISSING_OBJECT_CODES = new Set(['PGRST202', 'PGRST205', '42P01', '42883']);
// A column this node writes or filters on is unknown: the schema predates the node.
const OUTDATED_SCHEMA_CODES = new Set(['PGRST204', '42703']);

function joined(...parts: string[]): string {
	return parts.filter((part) => part !== '').join(' ');
}

/** Our own deadline ended the request (see fetchWithinDeadline); postgrest-js marks every abort with this hint. */
export function isTimeout(failure: PostgrestFailure): boolean {
	return failure.status === 0 && failure.hint.startsWith('Request was aborted');
}

// Errors of a server that is there but briefly away (a restart), as opposed to a wrong Host (ENOTFOUND).
const TRANSIENT_NETWORK_CODES = ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET'];
// The gateway without its upstream (Kong's 502), PostgREST without its database (503), a proxy's timeout (504).
const TRANSIENT_STATUSES = [502, 503, 504];

/**
 * PostgREST 12.0.2 now and then answers a request whose database session PostgreSQL's fast shutdown ends with
 * 400 `{"code":"","message":""}`: once among 33,579 merges sent over six restarts here, and in the reliability run.
 * Every 400 PostgREST means carries a PGRST or SQLSTATE code, so one with neither is that lost session.
 */
function isLostSession(failure: PostgrestFailure): boolean {
	return failure.status === 400 && failure.code === '' && failure.message === '';
}

/** A failure that the same request, sent again a moment later, may not meet. */
export function isTransient(failure: PostgrestFailure): boolean {
	if (failure.status === 0) {
		return !isTimeout(failure) && TRANSIENT_NETWORK_CODES.some((code) => failure.details.includes(`(${code})`));
	}
	return TRANSIENT_STATUSES.includes(failure.status) || isLostSession(failure);
}

function unavailableReason(failure: PostgrestFailure): string {
	if (failure.message) return failure.message;
	return isLostSession(failure) ? 'the database session ended during the request (PostgREST answered 400 without an error code)' : `HTTP ${failure.status}`;
}

/**
 * What a workflow builder needs to know after a failure that may heal by itself: the error is what makes
 * Retell deliver the event again, and repeats are harmless, so nothing is lost.
 */
const RETELL_RETRIES =
	'When this item came from a Retell Trigger that answers after the workflow, this failure makes Retell send the event again (up to 3 times), and sending it again is harmless; Session → Reconcile restores whatever is still missing after that.';

export function explainFailure(failure: PostgrestFailure, target: RequestTarget, host = '', timeoutMs = 0): ErrorText {
	const what = describeTarget(target);
	const where = host ? ` at ${host}` : '';
	if (isTimeout(failure)) {
		return {
			message: `Supabase${where} did not answer within ${timeoutMs / 1000} s`,
			description: joined(
				'The request may still be carried out by the database.',
				RETELL_RETRIES,
				'The limit is the Request Timeout of the Retell Supabase API credential; when a Retell Trigger waits for this workflow, all Supabase requests of the execution share it.',
			),
		};
	}
	if (failure.status === 0) {
		return {
			message: `Could not reach Supabase${where}`,
			description: joined(
				networkCause(failure.details) || failure.message,
				isTransient(failure) ? `Tried again until the Request Timeout (${timeoutMs / 1000} s) ran out. ${RETELL_RETRIES}` : '',
				'Check the Host in the Retell Supabase API credential (https://<project>.supabase.co).',
			),
		};
	}
	if (isTransient(failure)) {
		return {
			message: `Supabase${where} is unavailable: ${unavailableReason(failure)}`,
			description: joined(
				`Tried again until the Request Timeout (${timeoutMs / 1000} s) ran out; nothing was written by this request.`,
				RETELL_RETRIES,
				postgrestDetail(failure),
			),
		};
	}
	if (failure.status === 404 && (MISSING_OBJECT_CODES.has(failure.code) || failure.message === '')) {
		return {
			message: `The Retell schema is not installed: ${what} is missing`,
			description: joined(RUN_MIGRATION, postgrestDetail(failure)),
		};
	}
	if (OUTDATED_SCHEMA_CODES.has(failure.code)) {
		return {
			message: `Supabase: ${failure.message}`,
			description: joined('The Retell schema in this project is older than this node.', RUN_MIGRATION, postgrestDetail(failure)),
		};
	}
	if (failure.code === '42501') {
		return {
			message: `Permission denied on ${what}`,
			description: joined(
				'The key in the Retell Supabase API credential may not read or write the Retell tables: row-level security blocks anon and publishable keys.',
				'Use the service_role secret (Project Settings → API keys) or an sb_secret_… key.',
				postgrestDetail(failure),
			),
		};
	}
	if (failure.status === 401 || failure.status === 403) {
		return {
			message: `Supabase rejected the key: ${failure.message || `HTTP ${failure.status}`}`,
			description: joined(
				'Check the Service Role Secret and the Host in the Retell Supabase API credential.',
				postgrestDetail(failure),
			),
		};
	}
	return {
		message: `Supabase: ${failure.message || `HTTP ${failure.status}`}`,
		description: postgrestDetail(failure) || undefined,
	};
}

/** supabase-js puts "Caused by: …" and a whole stack into `details` of a network failure. */
function networkCause(details: string): string {
	const lines = details.split('\n').map((line) => line.trim());
	const cause = lines.find((line) => line.startsWith('Caused by:'));
	return cause ? cause.slice('Caused by:'.length).trim() : (lines[0] ?? '');
}

