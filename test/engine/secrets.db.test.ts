/**
 * The Retell API key and the Supabase service key must never reach what n8n shows or keeps of a run: output
 * items, error messages, descriptions, error context, the serialised error, n8n's logs. Every failure path of the
 * Retell and Retell Supabase nodes runs here with keys too distinctive to turn up by chance, and everything the
 * runs produced is searched for them: whole, a middle slice (a partial or masked leak) and base64/URL-encoded.
 * A canary planted on purpose in an output item and in an error message proves the search finds what is there.
 * The same hunt against a real n8n (its database, log files, REST answers) is test/e2e/secrets.e2e.ts.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import type { IDataObject, INodeParameterResourceLocator, INodeParameters, LogMetadata } from 'n8n-workflow';

import { getSupabaseTestConnection } from '../backends/supabase/connection';
import { closePg, uniqueId, withScratchDatabase } from '../backends/supabase/db';
import { startGateway, type Gateway } from '../backends/supabase/gateway';
import { startPostgrest } from '../backends/supabase/postgrest';
import { freePort } from '../backends/supabase/proc';
import { listSearch, loadOptions, runNode, testCredential, type CredentialFixtures, type WorkflowRun } from '../harness';
import { startRetellEmulator, type RetellEmulator } from '../retell-emulator';
import { distinctive, hunt as huntIn, leakForms } from '../secrets/hunt';


/** The keys a workflow is given; every one must stay out of everything a run produces. */
const SECRETS = {
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
const CANARY = distinctive('canary_SECRETHUNT');

// --- the hunt ------------------------------------------------------------------------------------------------

/** Every form of every named value found in these named texts. */
function hunt(corpora: Record<string, string>, values: Record<string, string>) {
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
const logLines: string[] = [];

/** Every corpus of every run so far, for the canary check and the totals at the end. */
const collected: Record<string, string[]> = {};

function keep(corpora: Record<string, string>): Record<string, string> {
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
function corporaOfRun(run: WorkflowRun, logsBefore: number): Record<string, string> {
	const tasks = Object.values(run.runData).flat();
	return keep({
		'output items': serialise(tasks.map((task) => task.data ?? null)),
		...errorCorpora([run.error, ...tasks.map((task) => task.error)].filter((error) => error !== undefined)),
		logs: logLines.slice(logsBefore).join('\n'),
	});
}

/** A failure that never reached a run (a From List search, a credential test): the thrown error and the logs. */
function corporaOfFailure(error: unknown, logsBefore: number): Record<string, string> {
	return keep({ ...errorCorpora([error]), logs: logLines.slice(logsBefore).join('\n') });
}

function expectNoSecret(corpora: Record<string, string>): void {
	expect(hunt(corpora, SECRETS)).toEqual([]);
}

/** Runs `run` once failing and once under Continue On Fail; checks both, returns both. */
async function bothWays(
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

async function failureOf(action: () => Promise<unknown>): Promise<unknown> {
	try {
		await action();
	} catch (error) {
		return error;
	}
	throw new Error('expected a failure');
}

// --- the services --------------------------------------------------------------------------------------------

let emulator: RetellEmulator;
let gateway: Gateway;
/** Some web server at a wrong Base URL: answers every path with its own 404 page. */
let notRetell: Server;
let notRetellUrl: string;
let unreachableUrl: string;

beforeAll(async () => {
	// n8n's logger is silent in tests (test/setup/env.ts); here every line it is given is kept instead. The engine
	// (LoggerProxy), node contexts (this.logger) and the error reporter all log through this one instance.
	const logger = Container.get(Logger);
	for (const level of ['error', 'warn', 'info', 'debug'] as const) {
		jest.spyOn(logger, level).mockImplementation((message: string, metadata?: LogMetadata) => {
			logLines.push(`${level} ${message} ${serialise(metadata ?? {})}`);
		});
	}
	jest.spyOn(logger, 'scoped').mockReturnValue(logger);

	emulator = await startRetellEmulator({ apiKey: SECRETS.retellKey, autoSimulateCalls: false });
	const connection = getSupabaseTestConnection();
	gateway = await startGateway({
		upstream: connection.postgrestUrl,
		apiKeys: {
			[SECRETS.supabaseKey]: connection.serviceRoleKey,
			[SECRETS.lowPrivilegeKey]: connection.anonKey,
			[SECRETS.unswappedKey]: null,
		},
	});
	notRetell = createHttpServer((_req, res) => {
		res.writeHead(404, { 'content-type': 'text/html' });
		res.end('<html><body><h1>Cannot find this page</h1></body></html>');
	});
	await new Promise<void>((resolve) => notRetell.listen(0, '127.0.0.1', resolve));
	notRetellUrl = `http://127.0.0.1:${(notRetell.address() as AddressInfo).port}/retell`;
	unreachableUrl = `http://127.0.0.1:${await freePort()}`;
});

afterAll(async () => {
	await emulator?.close();
	await gateway?.stop();
	await new Promise((resolve) => notRetell?.close(resolve));
	await closePg();
	jest.restoreAllMocks();
});

function retellCredentials(apiKey = SECRETS.retellKey, baseUrl = emulator.url): CredentialFixtures {
	return { retellApi: { apiKey, baseUrl } };
}

function supabaseCredentials(serviceRole = SECRETS.supabaseKey, host = gateway.url): CredentialFixtures {
	// requestTimeout keeps the unreachable-host retries short where the credential has that field.
	return { retellSupabaseApi: { host, serviceRole, requestTimeout: 1 } };
}

function byId(value: string): INodeParameterResourceLocator {
	return { __rl: true, mode: 'id', value };
}

const GET_AGENT: INodeParameters = { resource: 'agent', operation: 'get', agentId: byId('agent_0123456789abcdef') };
const LOG: INodeParameters = { resource: 'session', operation: 'log' };
const getSession = (callId: string): INodeParameters => ({ resource: 'session', operation: 'get', callId });

function callEnded(callId: string, extra: IDataObject = {}): IDataObject {
	return {
		event: 'call_ended',
		call: {
			call_id: callId,
			call_type: 'phone_call',
			agent_id: 'agent_0123456789abcdef',
			call_status: 'ended',
			start_timestamp: Date.now() - 60_000,
			end_timestamp: Date.now(),
			...extra,
		},
	};
}

async function runRetell(parameters: INodeParameters, credentials: CredentialFixtures, continueOnFail: boolean): Promise<WorkflowRun> {
	return await runNode('retell', parameters, { credentials, continueOnFail });
}

async function runSupabase(
	parameters: INodeParameters,
	credentials: CredentialFixtures,
	continueOnFail: boolean,
	input: IDataObject[] = [{}],
): Promise<WorkflowRun> {
	return await runNode('retellSupabase', parameters, { credentials, continueOnFail, input });
}

// --- Retell --------------------------------------------------------------------------------------------------

describe('Retell node failures keep the key out', () => {
	it('an agent Retell does not know (422)', async () => {
		const { failed, tolerated } = await bothWays((tolerate) => runRetell(GET_AGENT, retellCredentials(), tolerate));
		expect(failed.error?.message).toBe('Agent not found');
		expect(tolerated.json()).toEqual([expect.objectContaining({ httpCode: '422' })]);
	});

	it('a wrong key (401), for one item and for a list', async () => {
		const wrongKey = retellCredentials(SECRETS.wrongRetellKey);
		const { failed } = await bothWays((tolerate) => runRetell(GET_AGENT, wrongKey, tolerate));
		expect(failed.error).toMatchObject({ httpCode: '401', description: 'Check the API key in the Retell API credential.' });
		await bothWays((tolerate) => runRetell({ resource: 'agent', operation: 'getAll', returnAll: true }, wrongKey, tolerate));
		await bothWays((tolerate) => runRetell({ resource: 'call', operation: 'getAll', returnAll: true }, wrongKey, tolerate));
	});

	it('a Base URL where something else answers 404, and one where nothing answers', async () => {
		const { failed } = await bothWays((tolerate) => runRetell(GET_AGENT, retellCredentials(SECRETS.retellKey, notRetellUrl), tolerate));
		expect(failed.error?.message).toBe('The Retell endpoint was not found');
		const unreachable = await bothWays((tolerate) => runRetell(GET_AGENT, retellCredentials(SECRETS.retellKey, unreachableUrl), tolerate));
		expect(unreachable.failed.error?.message).toMatch(/^Could not reach Retell/);
	});

	it('a create Retell does not confirm (500), and rate limiting that never ends (429)', async () => {
		const call: INodeParameters = {
			resource: 'call',
			operation: 'createPhoneCall',
			fromNumber: byId('+14155550100'),
			toNumber: '+14155550123',
		};
		emulator.failNext({ method: 'POST', path: '/v2/create-phone-call' }, { status: 500 }, 2);
		const { failed } = await bothWays((tolerate) => runRetell(call, retellCredentials(), tolerate));
		expect(failed.error?.description).toContain('It may still have been carried out');

		emulator.failNext({ path: /^\/get-agent\// }, { status: 429, headers: { 'retry-after-ms': '1' } }, 26);
		const limited = await bothWays((tolerate) => runRetell(GET_AGENT, retellCredentials(), tolerate));
		expect(limited.failed.error).toMatchObject({ httpCode: '429' });
	});

	it('input the node refuses before any request: a number that is not E.164, JSON that does not parse', async () => {
		const notE164: INodeParameters = { resource: 'call', operation: 'createPhoneCall', fromNumber: byId('+14155550100'), toNumber: '4155550123' };
		await bothWays((tolerate) => runRetell(notE164, retellCredentials(), tolerate));
		const badJson: INodeParameters = {
			resource: 'call',
			operation: 'createPhoneCall',
			fromNumber: byId('+14155550100'),
			toNumber: '+14155550123',
			options: { additionalFieldsJson: '{"metadata": {' },
		};
		const { failed } = await bothWays((tolerate) => runRetell(badJson, retellCredentials(), tolerate));
		expect(failed.error?.message).toContain('Additional Fields (JSON)');
	});

	// A proxy or gateway at the Base URL that quotes the key back once put it in the message, the output item and the logs.
	it('an answer that quotes the key back, as JSON from a gateway and as text from a proxy', async () => {
		const corpora: Array<Record<string, string>> = [];
		for (const body of [{ status: 'error', message: `Invalid API key: ${SECRETS.retellKey}` }, `Forbidden for Bearer ${SECRETS.retellKey}`]) {
			for (const tolerate of [false, true]) {
				emulator.failNext({ path: /^\/get-agent\// }, { status: typeof body === 'string' ? 403 : 401, body });
				const mark = logLines.length;
				corpora.push(corporaOfRun(await runRetell(GET_AGENT, retellCredentials(), tolerate), mark));
			}
		}
		for (const corpus of corpora) expectNoSecret(corpus);
	});

	it('a From List search and the credential test with a wrong key', async () => {
		let mark = logLines.length;
		const searchError = await failureOf(() =>
			listSearch({ type: 'retell', parameters: { resource: 'agent', operation: 'get' } }, 'searchAgents', retellCredentials(SECRETS.wrongRetellKey)),
		);
		expectNoSecret(corporaOfFailure(searchError, mark));

		for (const [apiKey, baseUrl] of [
			[SECRETS.wrongRetellKey, emulator.url],
			[SECRETS.retellKey, notRetellUrl],
			[SECRETS.retellKey, unreachableUrl],
		]) {
			mark = logLines.length;
			const result = await testCredential('retellApi', { apiKey, baseUrl });
			expect(result.ok).toBe(false);
			expectNoSecret(keep({ 'credential test answer': JSON.stringify(result), logs: logLines.slice(mark).join('\n') }));
		}
	});
});

// --- Retell Supabase -----------------------------------------------------------------------------------------

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
