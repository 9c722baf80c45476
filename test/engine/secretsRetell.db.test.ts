/**
 * The Retell API key must never reach what n8n shows or keeps of a run: output items, error messages, descriptions,
 * error context, the serialised error, n8n's logs. Every failure path of the Retell node runs here with keys too
 * distinctive to turn up by chance, and everything the runs produced is searched for them: whole, a middle slice
 * (a partial or masked leak) and base64/URL-encoded. The Retell Supabase node, and the canary that proves the search
 * finds what is there, are secretsSupabase.db.test.ts; the same hunt against a real n8n is test/e2e/secrets.e2e.ts.
 */
import type { INodeParameters } from 'n8n-workflow';

import { listSearch, testCredential } from '../support/harness';
import { bothWays, corporaOfFailure, corporaOfRun, expectNoSecret, failureOf, keep, logLines, SECRETS } from './secretsCorpora';
import {
	byId,
	emulator,
	GET_AGENT,
	notRetellUrl,
	retellCredentials,
	runRetell,
	unreachableUrl,
	useSecretServices,
} from './secretsServices';

useSecretServices();

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
