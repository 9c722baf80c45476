import type { SupabaseClient } from '@supabase/supabase-js';
import type { IExecuteFunctions, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { Database } from './database';
import {
	explainFailure,
	redact,
	toFailure,
	type ErrorText,
	type PostgrestFailure,
	type RequestTarget,
} from './errors';

export type { RequestTarget, PostgrestFailure, ErrorText } from './errors';
export { MIGRATION_FILE } from './errors';

export type RetellSupabaseClient = SupabaseClient<Database>;

export interface RetellSupabaseCredentials {
	host: string;
	serviceRole: string;
}

/*
 * @supabase/supabase-js is pinned to 2.105.1: from 2.105.2 on, createClient() builds a Realtime client
 * that throws on Node 20 ("native WebSocket not found") although this node never uses Realtime, and
 * n8n 1.x / 2.0 still run on Node 20. On Node 22+ a newer version works with this code unchanged.
 * The module is loaded on first use, so n8n's start-up and the other nodes never pay for it.
 */
type SupabaseModule = typeof import('@supabase/supabase-js');
let supabaseModule: Promise<SupabaseModule> | undefined;

async function loadSupabase(): Promise<SupabaseModule> {
	supabaseModule ??= import('@supabase/supabase-js');
	return await supabaseModule;
}

interface ClientInfo {
	host: string;
	secret: string;
}

const clientInfo = new WeakMap<RetellSupabaseClient, ClientInfo>();

/** The project URL as supabase-js wants it: no trailing slash, no pasted /rest/v1. */
export function normaliseHost(host: string): string {
	return host
		.trim()
		.replace(/\/+$/, '')
		.replace(/\/rest\/v1$/i, '');
}

export async function getSupabaseClient(context: IExecuteFunctions): Promise<RetellSupabaseClient> {
	const credentials = await context.getCredentials<RetellSupabaseCredentials>('retellSupabaseApi');
	const host = normaliseHost(String(credentials.host ?? ''));
	const secret = String(credentials.serviceRole ?? '').trim();
	if (!/^https?:\/\/[^/\s]+/i.test(host)) {
		throw new NodeOperationError(context.getNode(), 'The Host in the Retell Supabase API credential is not a URL', {
			description: 'Use the project URL, like https://your_project.supabase.co (without /rest/v1).',
		});
	}
	if (secret === '') {
		throw new NodeOperationError(context.getNode(), 'The Retell Supabase API credential has no Service Role Secret');
	}
	const { createClient } = await loadSupabase();
	const client = createClient<Database>(host, secret, {
		auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
	});
	clientInfo.set(client, { host, secret });
	return client;
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
	context: IExecuteFunctions,
	client: RetellSupabaseClient,
	request: (db: RetellSupabaseClient) => PromiseLike<R>,
	options: SupabaseRequestOptions,
): Promise<SuccessData<R>> {
	let result: R;
	try {
		result = await request(client);
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		throw toNodeApiError(context.getNode(), client, toFailure(0, { message }), options);
	}
	if (isSuccess(result)) return result.data;
	throw toNodeApiError(context.getNode(), client, toFailure(result.status, result.error), options);
}

function isSuccess<R extends PostgrestResult>(result: R): result is Extract<R, { error: null }> & { data: SuccessData<R> } {
	return result.error === null;
}

function toNodeApiError(
	node: INode,
	client: RetellSupabaseClient,
	failure: PostgrestFailure,
	options: SupabaseRequestOptions,
): NodeApiError {
	const info = clientInfo.get(client);
	const clean = (value: string): string => (info ? redact(value, info.secret) : value);
	const safe: PostgrestFailure = {
		status: failure.status,
		code: clean(failure.code),
		message: clean(failure.message),
		details: clean(failure.details),
		hint: clean(failure.hint),
	};
	const explained = options.explain?.(safe) ?? explainFailure(safe, options.target, info?.host);
	const response: JsonObject = {
		status: safe.status || null,
		code: safe.code || null,
		message: safe.message || null,
		details: safe.details || null,
		hint: safe.hint || null,
	};
	return new NodeApiError(node, response, {
		message: clean(explained.message),
		description: explained.description === undefined ? undefined : clean(explained.description),
		httpCode: safe.status ? String(safe.status) : undefined,
		itemIndex: options.itemIndex,
	});
}

/** The PostgREST error code a NodeApiError from supabaseRequest carries ('' for other errors). */
export function postgrestCode(error: unknown): string {
	if (!(error instanceof NodeApiError)) return '';
	const code = error.errorResponse?.code;
	return typeof code === 'string' ? code : '';
}
