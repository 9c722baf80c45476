import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	IHttpRequestOptions,
	INode,
	INodeType,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { applyDefaults, FixtureCredentialsHelper, resolveWithCredentials } from './credentialsHelper';
import { HarnessNodeTypes, loadPackageCredentialTypes, loadPackageNodeTypes } from './nodeTypes';

export interface CredentialTestResult {
	ok: boolean;
	/** The HTTP status of a request test (0: no answer); undefined for a node's test function. */
	status?: number;
	url?: string;
	/** What n8n's editor shows under "Couldn't connect with these settings". */
	message: string;
}

/**
 * Runs a credential's test the way n8n's CredentialsTester does (packages/cli credentials-tester.service):
 * the type's declarative `test` request when it has one (expressions resolved against the credential, its
 * `authenticate` applied, success = 2xx, a failed status answered by the first matching `responseCode`
 * rule or else the status text); otherwise the `testedBy` function of a node that uses the credential.
 */
export async function testCredential(type: string, data: ICredentialDataDecryptedObject): Promise<CredentialTestResult> {
	const credentialType = loadPackageCredentialTypes().get(type);
	if (!credentialType) throw new Error(`No credential type ${type}`);
	const credentials = applyDefaults(type, data);
	const request = credentialType.test?.request;
	if (!request) return await runTestFunction(type, credentials);

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
	let response: Response;
	try {
		response = await fetch(url, { method: options.method, headers: options.headers as Record<string, string> });
		await response.arrayBuffer();
	} catch (error) {
		const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
		const code = cause && 'code' in cause && typeof cause.code === 'string' ? cause.code : 'no answer';
		return { ok: false, status: 0, url, message: code };
	}
	if (response.ok) return { ok: true, status: response.status, url, message: 'Connection successful!' };
	const rule = (credentialType.test?.rules ?? []).find(
		(candidate) => candidate.type === 'responseCode' && candidate.properties.value === response.status,
	);
	return {
		ok: false,
		status: response.status,
		url,
		message: rule?.properties.message ?? (response.statusText || `Received HTTP status code: ${response.status}`),
	};
}

async function runTestFunction(type: string, data: ICredentialDataDecryptedObject): Promise<CredentialTestResult> {
	for (const nodeType of loadPackageNodeTypes().values()) {
		const description = (nodeType as INodeType).description;
		const testedBy = description?.credentials?.find((credential) => credential.name === type)?.testedBy;
		const test = typeof testedBy === 'string' ? (nodeType as INodeType).methods?.credentialTest?.[testedBy] : undefined;
		if (!test) continue;
		// The package's test functions use nothing from n8n's context (they bring their own client).
		const context = {} as ICredentialTestFunctions;
		const result = await test.call(context, { id: 'test', name: 'test', type, data });
		return { ok: result.status === 'OK', message: result.message };
	}
	throw new Error(`Credential type ${type} has neither a test request nor a node test function`);
}
