import type { IWebhookFunctions } from 'n8n-workflow';

import { isDataObject } from '../../shared/dataObject';
import { logSessionRow, type StoredRow } from '../../shared/supabase/sessionLog';
import { toSessionRow, unstorableReason } from '../../shared/supabase/sessionRow';
import { credentialProblem, type RetellSupabaseCredentials } from '../../shared/supabase/transport';
import { SIGNING_KEY_TTL_MS } from '../signingKey';
import { getRequest, type Rejection } from './request';

interface LoadedCredentials {
	credentials: RetellSupabaseCredentials;
	loadedAt: number;
}

/**
 * n8n reads and decrypts a credential from its database on every getCredentials (~25 ms, as for the signing key in
 * signingKey.ts), more than the whole merge. So the credential is reused for a minute, and read again at once
 * after a store fails for a reason other than an outage (a replaced key, a moved project).
 */
const credentialsById = new Map<string, LoadedCredentials>();

async function readCredentials(context: IWebhookFunctions): Promise<RetellSupabaseCredentials> {
	const id = context.getNode().credentials?.retellSupabaseApi?.id ?? undefined;
	const loaded = id === undefined ? undefined : credentialsById.get(id);
	if (loaded && Date.now() - loaded.loadedAt < SIGNING_KEY_TTL_MS) return loaded.credentials;
	const credentials = await context.getCredentials<RetellSupabaseCredentials>('retellSupabaseApi');
	if (id !== undefined) credentialsById.set(id, { credentials, loadedAt: Date.now() });
	return credentials;
}

function forgetCredentials(context: IWebhookFunctions): void {
	const id = context.getNode().credentials?.retellSupabaseApi?.id ?? undefined;
	if (id !== undefined) credentialsById.delete(id);
}

const RETELL_RETRIES = 'Retell sends the event again (up to 3 times); storing it twice is harmless';

/**
 * Log Every Event: the event's session row is merged (as Session → Log merges it) before Retell gets its answer,
 * so a 2xx always means the row is stored. Every failure is a non-2xx answer, which Retell retries.
 */
export async function logEvent(context: IWebhookFunctions, body: unknown): Promise<{ stored: StoredRow } | { rejection: Rejection }> {
	const row = isDataObject(body) ? toSessionRow(body) : undefined;
	if (!row) return { rejection: { status: 400, message: 'The event has no "call" with a "call_id": there is nothing to log' } };
	const unstorable = unstorableReason(row);
	if (unstorable) return { rejection: { status: 422, message: `Could not log call ${row.call_id}: ${unstorable}` } };

	let credentials: RetellSupabaseCredentials;
	try {
		credentials = await readCredentials(context);
	} catch (error) {
		context.logger.error(`Retell Trigger could not read its Retell Supabase API credential: ${error instanceof Error ? error.message : String(error)}`);
		return { rejection: { status: 500, message: 'The Retell Trigger cannot read its Retell Supabase API credential' } };
	}
	const problem = credentialProblem(credentials);
	if (problem) {
		forgetCredentials(context);
		context.logger.error(`Retell Trigger cannot log events: ${problem.message}`);
		return { rejection: { status: 500, message: problem.message } };
	}

	const outcome = await logSessionRow(credentials, row, getRequest(context).rawBody?.length ?? 0);
	if ('stored' in outcome) return outcome;
	const { message, description, transient } = outcome.problem;
	if (!transient) forgetCredentials(context);
	context.logger.warn(`Retell Trigger did not acknowledge an event of call ${row.call_id}: ${message}. ${description ?? ''} ${RETELL_RETRIES}.`);
	return { rejection: { status: transient ? 503 : 500, message: `Could not store the event: ${message}. ${RETELL_RETRIES}.` } };
}
