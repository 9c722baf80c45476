/**
 * The Supabase service key must never reach what n8n shows or keeps of a run: output items, error messages,
 * descriptions, error context, the serialised error, n8n's logs. Every failure path of the Retell Supabase node runs
 * here with keys too distinctive to turn up by chance, and everything the runs produced is searched for them: whole,
 * a middle slice (a partial or masked leak) and base64/URL-encoded. A canary planted on purpose in an output item and
 * in an error message proves the search finds what is there. The Retell node is secretsRetell.db.test.ts; the same
 * hunt against a real n8n (its database, log files, REST answers) is test/e2e/secrets.e2e.ts.
 */
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { INodeParameters } from 'n8n-workflow';

import { getSupabaseTestConnection } from '../support/supabase-stack/connection';
import { uniqueId, withScratchDatabase } from '../support/supabase-stack/db';
import { startGateway } from '../support/supabase-stack/gateway';
import { startPostgrest } from '../support/supabase-stack/postgrest';
import { loadOptions, runNode, testCredential } from '../support/harness';
import { leakForms } from '../support/secrets/hunt';
import {
	bothWays,
	CANARY,
	collected,
	corporaOfFailure,
	corporaOfRun,
	expectNoSecret,
	failureOf,
	hunt,
	keep,
	logLines,
	SECRETS,
} from './secretsCorpora';
import {
	callEnded,
	emulator,
	gateway,
	getSession,
	LOG,
	retellCredentials,
	runSupabase,
	supabaseCredentials,
	unreachableUrl,
	useSecretServices,
} from './secretsServices';

useSecretServices();

describe('Retell Supabase node failures keep the key out', () => {
	it('a key the gateway does not know (401)', async () => {
		const { failed } = await bothWays((tolerate) =>
			runSupabase(LOG, supabaseCredentials(SECRETS.wrongSupabaseKey), tolerate, [callEnded(uniqueId('call'))]),
		);
		expect(failed.error).toMatchObject({ message: 'Supabase rejected the key: Invalid API key', httpCode: '401' });
		await bothWays((tolerate) => runSupabase(getSession('call_x'), supabaseCredentials(SECRETS.wrongSupabaseKey), tolerate));
		await bothWays((tolerate) =>
			runSupabase(
				{ resource: 'agent', operation: 'save', fields: { retellAgentId: 'agent_0123456789abcdef' } },
				supabaseCredentials(SECRETS.wrongSupabaseKey),
				tolerate,
			),
		);
	});

	it('a key PostgREST refuses: one row-level security blocks, one that is not a JWT', async () => {
		const lowPrivilege = await bothWays((tolerate) =>
			runSupabase(LOG, supabaseCredentials(SECRETS.lowPrivilegeKey), tolerate, [callEnded(uniqueId('call'))]),
		);
		expect(lowPrivilege.failed.error?.message).toMatch(/^Permission denied/);
		await bothWays((tolerate) =>
			runSupabase({ resource: 'lead', operation: 'createFromCall' }, supabaseCredentials(SECRETS.lowPrivilegeKey), tolerate, [
				callEnded(uniqueId('call')),
			]),
		);
		const unswapped = await bothWays((tolerate) => runSupabase(getSession('call_x'), supabaseCredentials(SECRETS.unswappedKey), tolerate));
		expect(unswapped.failed.status).toBe('error');
	});

	it('a host where nothing answers', async () => {
		const { failed } = await bothWays((tolerate) =>
			runSupabase(getSession('call_x'), supabaseCredentials(SECRETS.supabaseKey, unreachableUrl), tolerate),
		);
		expect(failed.error?.message).toContain(`Supabase at ${unreachableUrl}`);
	});

	it('rows the database refuses, items without a call, a call that was never logged', async () => {
		const refused = await bothWays((tolerate) =>
			runSupabase(LOG, supabaseCredentials(), tolerate, [callEnded(uniqueId('call'), { agent_version: 1.5 })]),
		);
		expect(refused.tolerated.json()).toEqual([expect.objectContaining({ errorCode: '22P02' })]);
		await bothWays((tolerate) => runSupabase(LOG, supabaseCredentials(), tolerate, [{ event: 'call_ended', call: {} }]));
		const missing = await bothWays((tolerate) => runSupabase(getSession(`call_${CANARY}`), supabaseCredentials(), tolerate));
		expect(missing.failed.error?.message).toBe(`No session for call call_${CANARY}`);
	});

	it('an answer that quotes the key back (a gateway or proxy in front of Supabase)', async () => {
		const quoting = createHttpServer((req, res) => {
			res.writeHead(401, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ message: `Invalid API key ${String(req.headers.apikey)}`, hint: `got ${String(req.headers.authorization)}` }));
		});
		await new Promise<void>((resolve) => quoting.listen(0, '127.0.0.1', resolve));
		try {
			const host = `http://127.0.0.1:${(quoting.address() as AddressInfo).port}`;
			const { failed } = await bothWays((tolerate) => runSupabase(getSession('call_x'), supabaseCredentials(SECRETS.supabaseKey, host), tolerate));
			expect(failed.error?.message).toBe('Supabase rejected the key: Invalid API key [redacted]');
		} finally {
			await new Promise((resolve) => quoting.close(resolve));
		}
	});

	it('a project without the Retell schema (PostgREST 404)', async () => {
		const connection = getSupabaseTestConnection();
		await withScratchDatabase({ supabase: true }, async (databaseUrl) => {
			const dbUri = new URL(databaseUrl);
			dbUri.username = 'authenticator';
			const postgrest = await startPostgrest({ dbUri: dbUri.toString(), jwtSecret: connection.jwtSecret });
			const project = await startGateway({ upstream: postgrest.url, apiKeys: { [SECRETS.supabaseKey]: connection.serviceRoleKey } });
			try {
				const credentials = supabaseCredentials(SECRETS.supabaseKey, project.url);
				const { failed } = await bothWays((tolerate) => runSupabase(LOG, credentials, tolerate, [callEnded(uniqueId('call'))]));
				expect(failed.error?.message).toMatch(/^The Retell schema is not installed/);
				await bothWays((tolerate) => runSupabase(getSession('call_x'), credentials, tolerate));
				const mark = logLines.length;
				const result = await testCredential('retellSupabaseApi', { host: project.url, serviceRole: SECRETS.supabaseKey });
				expect(result.ok).toBe(false);
				expectNoSecret(keep({ 'credential test answer': JSON.stringify(result), logs: logLines.slice(mark).join('\n') }));
			} finally {
				await project.stop();
				await postgrest.stop();
			}
		});
	});

	it('Reconcile with a wrong Retell key, and with a wrong Supabase key', async () => {
		const reconcile: INodeParameters = { resource: 'session', operation: 'reconcile', since: new Date(Date.now() - 86_400_000).toISOString() };
		const { failed } = await bothWays((tolerate) =>
			runNode('retellSupabase', reconcile, {
				credentials: { ...supabaseCredentials(), ...retellCredentials(SECRETS.wrongRetellKey) },
				continueOnFail: tolerate,
			}),
		);
		expect(failed.error).toMatchObject({ httpCode: '401' });
		emulator.seedCalls(2);
		await bothWays((tolerate) =>
			runNode('retellSupabase', reconcile, {
				credentials: { ...supabaseCredentials(SECRETS.wrongSupabaseKey), ...retellCredentials() },
				continueOnFail: tolerate,
			}),
		);
	});

	it('the agent list of the editor and the credential test with a wrong key or host', async () => {
		let mark = logLines.length;
		const loadError = await failureOf(() =>
			loadOptions({ type: 'retellSupabase', parameters: { resource: 'session', operation: 'reconcile' } }, 'getSavedAgents', supabaseCredentials(SECRETS.wrongSupabaseKey)),
		);
		expectNoSecret(corporaOfFailure(loadError, mark));

		for (const [serviceRole, host] of [
			[SECRETS.wrongSupabaseKey, gateway.url],
			[SECRETS.lowPrivilegeKey, gateway.url],
			[SECRETS.supabaseKey, unreachableUrl],
		]) {
			mark = logLines.length;
			const result = await testCredential('retellSupabaseApi', { host, serviceRole, requestTimeout: 1 });
			expect(result.ok).toBe(false);
			expectNoSecret(keep({ 'credential test answer': JSON.stringify(result), logs: logLines.slice(mark).join('\n') }));
		}
	});
});

// --- the hunt can fail ---------------------------------------------------------------------------------------

describe('the hunt', () => {
	it('finds a key planted whole, cut short, URL-encoded, and base64-encoded at any offset', () => {
		const key = SECRETS.retellKey;
		const planted = [`Bearer ${key}`, `${key.slice(0, 32)}…`, `?apikey=${encodeURIComponent(key)}&x=1`];
		for (const lead of ['', 'a', 'ab']) {
			planted.push(Buffer.from(`${lead}Authorization: Bearer ${key}\n`).toString('base64'), Buffer.from(`${lead}${key}?`).toString('base64url'));
		}
		for (const text of planted) expect({ text, found: hunt({ planted: text }, SECRETS).length > 0 }).toEqual({ text, found: true });
	});

	it('finds the canary where it was planted, in the same corpora it searched for the keys', async () => {
		const mark = logLines.length;
		const logged = await runSupabase(LOG, supabaseCredentials(), false, [callEnded(uniqueId('call'), { metadata: { note: CANARY } })]);
		expect(logged.status).toBe('success');
		corporaOfRun(logged, mark);

		const corpora = Object.fromEntries(Object.entries(collected).map(([name, texts]) => [name, texts.join('\n')]));
		const found = new Set(hunt(corpora, { canary: CANARY }).filter((finding) => finding.form === CANARY).map((finding) => finding.corpus));
		// Planted in a stored session's metadata (output items) and in "No session for call call_<canary>" (an error
		// the engine reports to n8n's logger).
		for (const corpus of ['output items', 'error.message', 'JSON.stringify(error)', 'error, every field', 'logs']) {
			expect({ corpus, found: found.has(corpus) }).toEqual({ corpus, found: true });
		}

		const sizes = Object.entries(collected).map(
			([name, texts]) => `${name}: ${texts.length} records, ${texts.reduce((total, text) => total + Buffer.byteLength(text), 0)} bytes`,
		);
		process.stdout.write(`[secrets] searched ${Object.keys(SECRETS).length} keys × ${leakForms(SECRETS.retellKey).length} forms in\n  ${sizes.join('\n  ')}\n`);
	});
});
