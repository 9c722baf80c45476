/**
 * The Retell API key and the Supabase service key must never reach what a real n8n shows, answers or keeps:
 * execution data (public API and database), error messages, n8n's logs, the answers of its webhooks and REST API.
 * A regular-mode n8n runs with keys too distinctive to turn up by chance; the workflows take the success path
 * (signed call events → Log session) and every failure path we can reach (401/404/422 from Retell, a wrong or
 * unreachable Supabase, forged webhooks, credential tests). Then everything n8n produced is searched for the keys:
 * whole, a middle slice (a partial or masked leak) and base64/URL-encoded. A canary planted on purpose in an output
 * and an error message must be found in the same corpora, so the hunt is shown to find what is there.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import Retell from 'retell-sdk';

import { retellTrigger, setNode, webhookNode, type NodeSpec } from '../../bench/lib/workflows';
import { loginCookie } from '../../scripts/n8n/api';
import { CREDENTIALS } from '../../scripts/n8n/examples';
import { isRecord } from '../../scripts/n8n/json';
import { waitForWebhook } from '../../scripts/n8n/stack';
import { startGateway, type Gateway } from '../support/supabase-stack/gateway';
import { freePort } from '../support/supabase-stack/proc';
import { startSupabaseStack, type SupabaseStack } from '../support/supabase-stack/stack';
import { hunt, leakForms } from '../support/secrets/hunt';
import { E2E_OWNER, eventually, settledExecutions, startE2eStack, supabaseSelect, WORKFLOWS, type E2eStack } from './helpers';
import {
	answers,
	byId,
	callEnded,
	callEventsTrigger,
	CANARY,
	createBrokenCredentials,
	deployFanOut,
	dumpDatabase,
	exportDecryptedCredentials,
	fileCorpus,
	filesBelow,
	jsonStrings,
	postAsRetell,
	postOnceLive,
	retellNode,
	SECRETS,
	send,
	supabaseNode,
	type BrokenCredentials,
	type Corpus,
	type CredentialRef,
} from './secretsFixtures';

// --- the stack -----------------------------------------------------------------------------------------------

let supabase: SupabaseStack;
let gateway: Gateway;
let stack: E2eStack;
/** A loopback origin nothing listens on (set in beforeAll). */
let unreachable = '';
let broken: BrokenCredentials;

function ready(): E2eStack {
	if (!stack) throw new Error('the e2e stack did not start (see beforeAll)');
	return stack;
}

beforeAll(async () => {
	unreachable = `http://127.0.0.1:${await freePort()}`;
	// The stack's own gateway knows only its fixed keys: a second one in front of the same PostgREST takes ours and
	// swaps it for the minted service-role JWT, as Supabase's gateway does with sb_secret_ keys.
	supabase = await startSupabaseStack();
	SECRETS.serviceRoleJwt = supabase.serviceRoleKey;
	gateway = await startGateway({ upstream: supabase.postgrestUrl, apiKeys: { [SECRETS.supabaseKey]: supabase.serviceRoleKey } });
	stack = await startE2eStack('regular', {
		retellApiKey: SECRETS.retellKey,
		supabase: { url: gateway.url, serviceRoleKey: SECRETS.supabaseKey },
		// The most n8n ever logs, to its log file as well as to the output the harness keeps.
		n8nEnv: { N8N_LOG_LEVEL: 'debug', N8N_LOG_OUTPUT: 'console,file' },
	});
	broken = await createBrokenCredentials(stack, gateway.url, unreachable);
}, 900_000);

afterAll(async () => {
	await stack?.teardown();
	await gateway?.stop();
	await supabase?.stop();
}, 120_000);

const workflowIds: string[] = [];

// --- the runs ------------------------------------------------------------------------------------------------

describe('a real n8n, run with distinctive keys', () => {
	it('logs the sessions of calls placed through Retell (success: signed events → Log session)', async () => {
		const emulator = ready().retellEmulator();
		const retell = new Retell({ apiKey: SECRETS.retellKey, baseURL: emulator.url, maxRetries: 0 });
		const before = new Set(emulator.state.calls.keys());
		for (const to of ['+14155550123', '+14155550124']) {
			await retell.call.createPhoneCall({ from_number: String(ready().demo?.phoneNumber), to_number: to, metadata: { note: CANARY } });
		}
		await emulator.idle();
		const ids = [...emulator.state.calls.keys()].filter((id) => !before.has(id));
		expect(emulator.webhooks.filter((webhook) => ids.some((id) => webhook.body.includes(id))).every((webhook) => webhook.status === 200)).toBe(true);
		const rows = await eventually(
			() => supabaseSelect(ready(), 'retell_call_sessions', `call_id=in.(${ids.join(',')})&select=call_id,last_event,metadata`),
			(found) => found.length === ids.length && found.every((row) => row.last_event === 'call_analyzed'),
			30_000,
			'the analyzed sessions',
		);
		expect(rows.every((row) => JSON.stringify(row.metadata).includes(CANARY))).toBe(true);

		const booked = await postAsRetell(
			ready().exampleWebhookUrl(WORKFLOWS.customFunction),
			JSON.stringify({ name: 'book_appointment', call: { call_id: 'call_secrets_1', call_status: 'ongoing' }, args: { date: '2030-01-08', time: '14:00', name: 'Ada' } }),
		);
		expect(booked.status).toBe(200);
		const inbound = await postAsRetell(
			ready().exampleWebhookUrl(WORKFLOWS.inboundCall),
			JSON.stringify({ event: 'call_inbound', call_inbound: { from_number: '+14155550123', to_number: ready().demo?.phoneNumber } }),
		);
		expect(inbound.status).toBe(200);
	});

	it('refuses forged webhooks with 401: unsigned, signed with another key, a body other than the signed one', async () => {
		const body = callEnded(ready(), 'call_secrets_forged');
		for (const id of [WORKFLOWS.callEvents, WORKFLOWS.customFunction, WORKFLOWS.inboundCall]) {
			const url = ready().exampleWebhookUrl(id);
			expect((await postAsRetell(url, body, { unsigned: true })).status).toBe(401);
			expect((await postAsRetell(url, body, { signWith: SECRETS.wrongRetellKey })).status).toBe(401);
			expect((await postAsRetell(url, body.replace('forged', 'tampered'), { signedBody: body })).status).toBe(401);
		}
	});

	it('runs the Retell node into 401, 404, 422, an unreachable and a foreign Base URL, and input it refuses', async () => {
		const good = { ...CREDENTIALS.retellApi };
		const agent = byId('agent_0123456789abcdef');

		const failuresPath = `secrets-retell-${randomBytes(4).toString('hex')}`;
		workflowIds.push(
			await deployFanOut(ready(), 'secrets: Retell failures', webhookNode(randomUUID(), failuresPath, 'lastNode'), [
				retellNode('Unknown agent (422)', { resource: 'agent', operation: 'get', agentId: agent }, good),
				retellNode('Wrong key (401)', { resource: 'agent', operation: 'get', agentId: agent }, broken.wrongRetellKey),
				retellNode('Wrong key, list (401)', { resource: 'call', operation: 'getAll', returnAll: true }, broken.wrongRetellKey),
				retellNode('Wrong path (404)', { resource: 'agent', operation: 'get', agentId: agent }, broken.retellWrongPath),
				retellNode('Another server (404)', { resource: 'agent', operation: 'get', agentId: agent }, broken.retellOtherServer),
				retellNode('Nothing there', { resource: 'agent', operation: 'get', agentId: agent }, broken.retellNothingThere),
				retellNode(
					'Bad JSON',
					{ resource: 'call', operation: 'createPhoneCall', fromNumber: byId('+14155550100'), toNumber: '+14155550123', options: { additionalFieldsJson: '{"metadata": {' } },
					good,
				),
				retellNode('Not E.164', { resource: 'call', operation: 'createPhoneCall', fromNumber: byId('+14155550100'), toNumber: '4155550123' }, good),
			]),
		);
		const stopPath = `secrets-retell-stop-${randomBytes(4).toString('hex')}`;
		workflowIds.push(
			await deployFanOut(ready(), 'secrets: Retell failure stops the run', webhookNode(randomUUID(), stopPath, 'lastNode'), [
				retellNode('Wrong key', { resource: 'agent', operation: 'get', agentId: agent }, broken.wrongRetellKey, { tolerate: false }),
			]),
		);
		const canaryPath = `secrets-canary-${randomBytes(4).toString('hex')}`;
		workflowIds.push(await deployFanOut(ready(), 'secrets: canary', webhookNode(randomUUID(), canaryPath, 'lastNode'), [setNode({ canary: CANARY })]));
		// n8n logs the error that stops an execution (not those Continue On Fail turns into items): this one carries the canary.
		const canaryErrorPath = `secrets-canary-error-${randomBytes(4).toString('hex')}`;
		workflowIds.push(
			await deployFanOut(ready(), 'secrets: canary in an error', webhookNode(randomUUID(), canaryErrorPath, 'lastNode'), [
				supabaseNode('Never logged', { resource: 'session', operation: 'get', callId: `call_${CANARY}` }, { retellSupabaseApi: { ...CREDENTIALS.retellSupabaseApi } }, { tolerate: false }),
			]),
		);

		expect((await postOnceLive(ready(), failuresPath)).status).toBe(200);
		expect((await postOnceLive(ready(), stopPath)).status).toBe(500);
		expect((await postOnceLive(ready(), canaryPath)).text).toContain(CANARY);
		expect((await postOnceLive(ready(), canaryErrorPath)).status).toBe(500);
	});

	it('runs the Retell Supabase node into a wrong key, an unreachable host, refused rows, a missing session, a failing Reconcile', async () => {
		const good = { ...CREDENTIALS.retellSupabaseApi };
		const since = '={{ $now.minus({ days: 1 }).toISO() }}';

		const webhookId = randomUUID();
		workflowIds.push(
			await deployFanOut(ready(), 'secrets: Retell Supabase failures', callEventsTrigger(webhookId), [
				supabaseNode('Wrong key (401)', { resource: 'session', operation: 'log' }, { retellSupabaseApi: broken.wrongSupabaseKey }),
				supabaseNode('Nothing there', { resource: 'session', operation: 'log' }, { retellSupabaseApi: broken.supabaseNothingThere }),
				supabaseNode('Refused row (22P02)', { resource: 'session', operation: 'log' }, { retellSupabaseApi: good }),
				supabaseNode('Never logged', { resource: 'session', operation: 'get', callId: `call_${CANARY}` }, { retellSupabaseApi: good }),
				supabaseNode('Reconcile, wrong Retell key', { resource: 'session', operation: 'reconcile', since }, { retellSupabaseApi: good, retellApi: broken.wrongRetellKey }),
				supabaseNode('Reconcile, wrong Supabase key', { resource: 'session', operation: 'reconcile', since }, { retellSupabaseApi: broken.wrongSupabaseKey, retellApi: { ...CREDENTIALS.retellApi } }),
			]),
		);
		const stopWebhookId = randomUUID();
		workflowIds.push(
			await deployFanOut(ready(), 'secrets: Retell Supabase failure stops the run', callEventsTrigger(stopWebhookId), [
				supabaseNode('Wrong key', { resource: 'session', operation: 'log' }, { retellSupabaseApi: broken.wrongSupabaseKey }, { tolerate: false }),
			]),
		);
		const url = (id: string): string => `${ready().webhookOrigin}/webhook/${id}/events`;
		await waitForWebhook(url(webhookId));
		await waitForWebhook(url(stopWebhookId));

		// agent_version is an integer column: 1.5 is refused by the database for this row.
		const tolerated = await postAsRetell(url(webhookId), callEnded(ready(), `call_secrets_${randomBytes(4).toString('hex')}`, { agent_version: 1.5 }));
		expect(tolerated.status).toBe(200);
		const stopped = await postAsRetell(url(stopWebhookId), callEnded(ready(), `call_secrets_${randomBytes(4).toString('hex')}`));
		expect(stopped.status).toBeGreaterThanOrEqual(500);
	});

	it('runs the Retell Trigger logging at the door into a wrong key, an unreachable host and a refused row', async () => {
		const doorTrigger = (webhookId: string, credential: CredentialRef): NodeSpec => {
			const trigger = retellTrigger(webhookId, { mode: 'callEvents', events: ['call_ended'], logEvents: true, acknowledge: 'immediately', registration: 'none' });
			return { ...trigger, credentials: { retellApi: { ...CREDENTIALS.retellApi }, retellSupabaseApi: credential } };
		};
		const hooks = [
			{ webhookId: randomUUID(), credential: broken.wrongSupabaseKey, expected: 500 },
			{ webhookId: randomUUID(), credential: broken.supabaseNothingThere, expected: 503 },
			// agent_version is an integer column: the database refuses 1.5 for this row (500, the others stored).
			{ webhookId: randomUUID(), credential: { ...CREDENTIALS.retellSupabaseApi }, expected: 500, extra: { agent_version: 1.5 } },
		];
		// Not in workflowIds: a failed store starts no execution, and the hunt expects one for each of those. What these
		// leave is in the answers and n8n's logs, which the hunt searches.
		for (const [index, hook] of hooks.entries()) {
			await deployFanOut(ready(), `secrets: logged at the door ${index}`, doorTrigger(hook.webhookId, hook.credential), [setNode({ logged: 'yes' })]);
		}
		for (const hook of hooks) {
			const url = `${ready().webhookOrigin}/webhook/${hook.webhookId}/events`;
			await waitForWebhook(url);
			const reply = await postAsRetell(url, callEnded(ready(), `call_secrets_${randomBytes(4).toString('hex')}`, hook.extra ?? {}));
			expect([reply.status, reply.text]).toEqual([hook.expected, expect.stringContaining('Retell sends the event again')]);
		}
	});

	it('tests credentials and reads them back through the REST API the editor uses', async () => {
		const cookie = await loginCookie(ready().mainUrl, E2E_OWNER);
		const rest = (route: string, init: RequestInit = {}): Promise<{ status: number; text: string }> =>
			send(`${ready().mainUrl}/rest${route}`, { ...init, headers: { 'Content-Type': 'application/json', Cookie: cookie } });
		const emulator = ready().retellEmulator();
		const tests: Array<{ credential: CredentialRef; type: string; data: Record<string, string>; ok: boolean }> = [
			{ credential: { ...CREDENTIALS.retellApi }, type: 'retellApi', data: { apiKey: SECRETS.retellKey, baseUrl: emulator.url }, ok: true },
			{ credential: broken.wrongRetellKey, type: 'retellApi', data: { apiKey: SECRETS.wrongRetellKey, baseUrl: emulator.url }, ok: false },
			{ credential: broken.retellNothingThere, type: 'retellApi', data: { apiKey: SECRETS.retellKey, baseUrl: unreachable }, ok: false },
			{ credential: broken.retellOtherServer, type: 'retellApi', data: { apiKey: SECRETS.retellKey, baseUrl: `${gateway.url}/retell` }, ok: false },
			{ credential: { ...CREDENTIALS.retellSupabaseApi }, type: 'retellSupabaseApi', data: { host: gateway.url, serviceRole: SECRETS.supabaseKey }, ok: true },
			{ credential: broken.wrongSupabaseKey, type: 'retellSupabaseApi', data: { host: gateway.url, serviceRole: SECRETS.wrongSupabaseKey }, ok: false },
			{ credential: broken.supabaseNothingThere, type: 'retellSupabaseApi', data: { host: unreachable, serviceRole: SECRETS.supabaseKey }, ok: false },
		];
		for (const { credential, type, data, ok } of tests) {
			const answer = await rest('/credentials/test', { method: 'POST', body: JSON.stringify({ credentials: { ...credential, type, data } }) });
			expect(answer.status).toBe(200);
			const parsed: unknown = JSON.parse(answer.text);
			const status = isRecord(parsed) && isRecord(parsed.data) ? parsed.data.status : undefined;
			expect({ credential: credential.name, status }).toEqual({ credential: credential.name, status: ok ? 'OK' : 'Error' });
		}
		expect((await rest('/credentials?includeData=true')).status).toBe(200);
		for (const { credential } of tests) expect((await rest(`/credentials/${credential.id}?includeData=true`)).status).toBe(200);
	});
});

// --- the hunt ------------------------------------------------------------------------------------------------

describe('the keys in everything n8n produced', () => {
	it('are found nowhere, while the canary planted in the same runs is found everywhere it went', async () => {
		await settledExecutions(ready());
		const executions = await ready().api.executions({ includeData: true });
		for (const id of workflowIds) expect(executions.some((execution) => execution.workflowId === id)).toBe(true);
		expect(executions.some((execution) => execution.status === 'error')).toBe(true);
		const workflows = await Promise.all(workflowIds.map((id) => ready().api.workflow(id)));

		// n8n stopped: its logs are flushed and SQLite is closed (write-ahead log checkpointed or still on disk).
		await ready().stop();
		const n8nFolder = path.join(ready().userFolder, '.n8n');
		const n8nLogDir = path.join(n8nFolder, 'logs');
		const importDir = path.join(ready().userFolder, 'import');
		const databaseFiles = filesBelow(n8nFolder).filter((file) => /database\.sqlite/.test(path.basename(file)));
		const dump = await dumpDatabase(ready(), path.join(n8nFolder, 'database.sqlite'));
		const executionRows = dump.execution_data ?? [];
		const corpora: Corpus[] = [
			{ name: 'executions, public API (includeData=true)', text: JSON.stringify(executions), records: executions.length },
			{ name: 'workflows, public API', text: JSON.stringify(workflows), records: workflows.length },
			{ name: 'HTTP answers of webhooks and REST', text: answers.join('\n\n'), records: answers.length },
			fileCorpus('n8n output kept by the harness (stdout/stderr)', filesBelow(ready().logDir)),
			fileCorpus('n8n log files (N8N_LOG_OUTPUT=file)', filesBelow(n8nLogDir)),
			fileCorpus('n8n event log', filesBelow(n8nFolder).filter((file) => /^n8nEventLog/.test(path.basename(file)))),
			fileCorpus('database, raw bytes', databaseFiles),
			{
				name: 'database, every table as rows',
				text: JSON.stringify(dump),
				records: Object.values(dump).reduce((total, rows) => total + rows.length, 0),
			},
			{
				name: 'execution_data, decoded',
				text: executionRows.flatMap((row) => Object.values(row).flatMap((value) => (typeof value === 'string' ? jsonStrings(value) : []))).join('\n'),
				records: executionRows.length,
			},
			// n8n's config, storage, editor cache, the installed package… Left out: the files above, and the harness's
			// input for `n8n import:credentials` (plain text on purpose, deleted with the folder).
			fileCorpus(
				'every other file of the user folder',
				filesBelow(ready().userFolder, (file) => [importDir, ready().logDir, n8nLogDir].some((dir) => file.startsWith(dir)) || /database\.sqlite|n8nEventLog/.test(path.basename(file))),
			),
		];

		process.stdout.write(
			`[secrets] searched ${Object.keys(SECRETS).length} keys × ${leakForms(SECRETS.retellKey).length} forms in\n  ` +
				corpora.map((corpus) => `${corpus.name}: ${corpus.records} records, ${Buffer.byteLength(corpus.text, 'latin1')} bytes`).join('\n  ') +
				'\n',
		);
		expect(hunt(corpora, SECRETS)).toEqual([]);

		const canaryFound = new Set(hunt(corpora, { canary: CANARY }).map((finding) => finding.corpus));
		for (const name of [
			'executions, public API (includeData=true)',
			'workflows, public API',
			'HTTP answers of webhooks and REST',
			'database, raw bytes',
			'database, every table as rows',
			'execution_data, decoded',
			'n8n output kept by the harness (stdout/stderr)',
			'n8n log files (N8N_LOG_OUTPUT=file)',
			'n8n event log',
		]) {
			expect({ corpus: name, canaryFound: canaryFound.has(name) }).toEqual({ corpus: name, canaryFound: true });
		}

		// The keys are in the database, encrypted: n8n decrypts them back (the plain text above was not found).
		const credentialRows = dump.credentials_entity ?? [];
		expect(credentialRows.length).toBeGreaterThanOrEqual(8);
		const exported = await exportDecryptedCredentials(ready());
		for (const key of [SECRETS.retellKey, SECRETS.wrongRetellKey, SECRETS.supabaseKey, SECRETS.wrongSupabaseKey]) expect(exported).toContain(key);
	});
});
