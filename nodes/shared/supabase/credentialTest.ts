import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { createSupabaseClient, credentialProblem, findSetupProblem, type RetellSupabaseCredentials } from './transport';

/**
 * The Retell Supabase API credential's test, run when the credential is saved: the Host is a URL, the key
 * is accepted, and the migration is installed. It shows the same messages the node would at its first run.
 */
export async function retellSupabaseApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const credentials: RetellSupabaseCredentials = {
		host: typeof data.host === 'string' ? data.host : '',
		serviceRole: typeof data.serviceRole === 'string' ? data.serviceRole : '',
		requestTimeout: typeof data.requestTimeout === 'number' ? data.requestTimeout : undefined,
	};
	const problem = credentialProblem(credentials) ?? (await findSetupProblem(await createSupabaseClient(credentials)));
	if (!problem) return { status: 'OK', message: 'Connection successful: the key works and the Retell tables are installed' };
	return { status: 'Error', message: [problem.message, problem.description].filter(Boolean).join('. ') };
}
