import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isStoredWhole, type ExecutionSummary } from '../../scripts/n8n/api';
import { REPO_ROOT } from '../../scripts/n8n/paths';
import { atLeast, PINNED_TRAITS, traitsOf } from '../../scripts/n8n/versions';

describe('traitsOf (what the harness does differently per n8n version)', () => {
	it.each([
		// version, publish route, owner from N8N_INSTANCE_OWNER_*, credentials with HTTP Request domain fields,
		// credential test rule messages shown
		['1.123.81', 'activate', false, true, false],
		['2.16.0', 'activate', false, true, false],
		['2.17.7', 'activate', true, true, false],
		['2.20.12', 'activate', true, true, false],
		['2.22.6', 'activate', true, true, false],
		['2.23.0', 'activate', true, false, false],
		['2.32.0', 'activate', true, false, false],
		['2.33.0', 'publish', true, false, false],
		['2.34.0', 'publish', true, false, true],
		['2.41.3', 'publish', true, false, true],
		['3.0.0', 'publish', true, false, true],
	])(
		'n8n %s publishes through /%s, owner from env: %s, domain fields: %s, rule messages: %s',
		(version, publishRoute, ownerFromEnv, credentialDomainFields, credentialRuleMessages) => {
			expect(traitsOf(version)).toEqual({ version, publishRoute, ownerFromEnv, credentialDomainFields, credentialRuleMessages });
		},
	);

	it('compares each part as a number, not as text', () => {
		expect(atLeast('2.100.0', '2.33.0')).toBe(true);
		expect(atLeast('2.9.9', '2.33.0')).toBe(false);
		expect(atLeast('10.0.0', '2.33.0')).toBe(true);
		expect(atLeast('2.33.0-rc.1', '2.33.0')).toBe(true);
		expect(atLeast('not a version', '1.0.0')).toBe(false);
	});
});

describe('isStoredWhole (an ended execution is read only once its run data is stored)', () => {
	const execution = (status: string, finished: boolean, data?: unknown): ExecutionSummary => ({
		id: '1',
		workflowId: 'w',
		status,
		mode: 'webhook',
		finished,
		data,
	});

	it('holds for running executions whatever their data', () => {
		expect(isStoredWhole(execution('running', false))).toBe(true);
		expect(isStoredWhole(execution('new', false, {}))).toBe(true);
	});

	it('fails for an ended execution whose data is missing or has not one node run (n8n 1.x writes status first)', () => {
		expect(isStoredWhole(execution('error', false))).toBe(false);
		expect(isStoredWhole(execution('error', false, {}))).toBe(false);
		expect(isStoredWhole(execution('success', true, { resultData: { runData: {} } }))).toBe(false);
	});

	it('holds once node outputs or the error are stored', () => {
		expect(isStoredWhole(execution('success', true, { resultData: { runData: { Trigger: [] } } }))).toBe(true);
		expect(isStoredWhole(execution('error', false, { resultData: { runData: {}, error: { message: 'x' } } }))).toBe(true);
	});
});

describe('PINNED_TRAITS', () => {
	it('belong to the n8n scripts/ensure-n8n.sh installs by default', () => {
		const script = readFileSync(path.join(REPO_ROOT, 'scripts', 'ensure-n8n.sh'), 'utf8');
		const pinned = /^N8N_VERSION="\$\{N8N_VERSION:-([0-9.]+)\}"$/m.exec(script)?.[1];
		expect(PINNED_TRAITS).toEqual(traitsOf(String(pinned)));
	});
});
