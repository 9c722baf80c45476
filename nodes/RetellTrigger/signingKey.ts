import type { IWebhookFunctions } from 'n8n-workflow';

import { getRetellCredentials } from '../shared/retell/transport';

/** How long an API key read from the credential is reused before the credential is read again. */
export const SIGNING_KEY_TTL_MS = 60_000;

interface LoadedKey {
	apiKey: string;
	loadedAt: number;
}

const keysByCredentialId = new Map<string, LoadedKey>();

/**
 * Whether `verifies` accepts the trigger credential's API key. n8n reads and decrypts a credential from its
 * database on every `getCredentials` (about 25 ms per request on the benchmark machine, docs/benchmarks.md),
 * so the key last read for this credential is tried first, for at most a minute. A request it does not
 * verify reads the credential again, so a new key works from the first request signed with it; a replaced
 * key keeps verifying for at most that minute.
 */
export async function verifiesWithSigningKey(
	context: IWebhookFunctions,
	verifies: (apiKey: string) => boolean,
	now: () => number = Date.now,
): Promise<boolean> {
	const credentialId = context.getNode().credentials?.retellApi?.id ?? undefined;
	const loaded = credentialId === undefined ? undefined : keysByCredentialId.get(credentialId);
	if (loaded !== undefined && now() - loaded.loadedAt < SIGNING_KEY_TTL_MS && verifies(loaded.apiKey)) return true;

	const { apiKey } = await getRetellCredentials(context);
	if (credentialId !== undefined) keysByCredentialId.set(credentialId, { apiKey, loadedAt: now() });
	return verifies(apiKey);
}
