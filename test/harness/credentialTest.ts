import type { ICredentialDataDecryptedObject, IHttpRequestOptions, INode } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { applyDefaults, FixtureCredentialsHelper, resolveWithCredentials } from './credentialsHelper';
import { HarnessNodeTypes, loadPackageCredentialTypes } from './nodeTypes';

export interface CredentialTestResult {
	ok: boolean;
	status: number;
	url: string;
}

/**
 * Runs a credential type's declarative `test` request the way n8n's "Test credential" button does:
 * expressions resolved against the credential, the type's own `authenticate` applied, success = 2xx.
 */
export async function testCredential(type: string, data: ICredentialDataDecryptedObject): Promise<CredentialTestResult> {
	const credentialType = loadPackageCredentialTypes().get(type);
	const request = credentialType?.test?.request;
	if (!request) throw new Error(`Credential type ${type} has no test request`);

	const credentials = applyDefaults(type, data);
	const node: INode = {
		id: 'credential-test',
		name: 'Credential test',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, nodeTypes: new HarnessNodeTypes(), active: false });
	const resolve = (value: string | undefined) => resolveWithCredentials(value ?? '', credentials, workflow, node);

	const url = `${resolve(request.baseURL)}${resolve(request.url)}`;
	const options = await new FixtureCredentialsHelper({}).authenticate(
		credentials,
		type,
		{ url, method: request.method ?? 'GET', headers: {} } satisfies IHttpRequestOptions,
		workflow,
		node,
	);
	try {
		const response = await fetch(url, {
			method: options.method,
			headers: options.headers as Record<string, string>,
		});
		await response.arrayBuffer();
		return { ok: response.ok, status: response.status, url };
	} catch {
		return { ok: false, status: 0, url };
	}
}
