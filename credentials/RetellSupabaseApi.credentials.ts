import type {
	IAuthenticateGeneric,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/** Same fields as n8n's built-in Supabase credential, so users recognise them. */
export class RetellSupabaseApi implements ICredentialType {
	name = 'retellSupabaseApi';

	displayName = 'Retell Supabase API';

	icon = { light: 'file:retellSupabase.svg', dark: 'file:retellSupabase.dark.svg' } as const;

	documentationUrl = 'https://supabase.com/docs/guides/api/api-keys';

	properties: INodeProperties[] = [
		{
			displayName: 'Host',
			name: 'host',
			type: 'string',
			placeholder: 'https://your_project.supabase.co',
			required: true,
			default: '',
			description: 'The project URL (Project Settings → Data API); a URL ending in /rest/v1 works too',
		},
		{
			displayName: 'Service Role Secret',
			name: 'serviceRole',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'The service_role key (or an sb_secret_… key). It bypasses row-level security, so keep it on the server.',
		},
		{
			displayName: 'Request Timeout (Seconds)',
			name: 'requestTimeout',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 300 },
			default: 8,
			description:
				"How long one request to Supabase may take, retries of a briefly unavailable database included; when a Retell Trigger waits for the workflow, all Supabase requests of the execution share it. Under Retell's 10 s webhook timeout, so a hung write fails and Retell's retry repeats it, instead of finishing late beside that repeat.",
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				apikey: '={{$credentials.serviceRole}}',
				Authorization: '=Bearer {{$credentials.serviceRole}}',
			},
		},
	};

	// No request test here: the Retell Supabase node tests the credential (retellSupabaseApiTest), because a
	// request test cannot also check that the migration is installed.
}
