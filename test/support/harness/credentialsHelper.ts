import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialsHelper,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeProperties,
	IRequestOptionsSimplified,
	Workflow,
} from 'n8n-workflow';

import { loadPackageCredentialTypes } from './nodeTypes';

export type CredentialFixtures = Record<string, ICredentialDataDecryptedObject>;

/**
 * Resolves `={{ $credentials.x }}` templates the way n8n's CredentialsHelper does: through the
 * workflow's real expression engine, with `$credentials` as an additional key.
 */
export function resolveWithCredentials(
	value: string,
	credentials: ICredentialDataDecryptedObject,
	workflow: Workflow,
	node: INode,
): string {
	if (!value.startsWith('=')) return value;
	return String(
		workflow.expression.getParameterValue(value, null, 0, 0, node.name, [], 'internal', {
			$credentials: credentials,
		}),
	);
}

/**
 * Hands out credential data from fixtures instead of n8n's encrypted database, and applies each
 * credential type's own `authenticate` block, so nodes run exactly as they would in n8n.
 */
export class FixtureCredentialsHelper implements ICredentialsHelper {
	constructor(private readonly fixtures: CredentialFixtures) {}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const authenticate = loadPackageCredentialTypes().get(typeName)?.authenticate;
		const options = requestOptions as IHttpRequestOptions;
		if (authenticate === undefined) return options;
		if (typeof authenticate === 'function') return await authenticate(credentials, options);
		if (!workflow || !node) throw new Error('Generic authentication needs the workflow and node');
		const resolve = (record: Record<string, unknown> | undefined) =>
			Object.fromEntries(
				Object.entries(record ?? {}).map(([key, value]) => [
					key,
					resolveWithCredentials(String(value), credentials, workflow, node),
				]),
			);
		return {
			...options,
			headers: { ...options.headers, ...resolve(authenticate.properties.headers) },
			qs: { ...options.qs, ...resolve(authenticate.properties.qs) },
		};
	}

	async preAuthentication(
		_helpers: IHttpRequestHelper,
		_credentials: ICredentialDataDecryptedObject,
	): Promise<undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<undefined> {
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('Not used by the execution engine in tests');
	}

	async getDecrypted(
		_additionalData: unknown,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.fixtures[type];
		if (!data) throw new Error(`No credential fixture of type "${type}" was given to the test workflow`);
		return applyDefaults(type, data);
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return loadPackageCredentialTypes().get(type)?.properties ?? [];
	}
}

/** n8n stores only what the user typed; unset fields fall back to the credential type's defaults. */
export function applyDefaults(type: string, data: ICredentialDataDecryptedObject): ICredentialDataDecryptedObject {
	const defaults = Object.fromEntries(
		(loadPackageCredentialTypes().get(type)?.properties ?? []).map((property) => [property.name, property.default]),
	) as ICredentialDataDecryptedObject;
	return { ...defaults, ...data };
}
