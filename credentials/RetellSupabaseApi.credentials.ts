import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
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
			description: 'The project URL, without /rest/v1',
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

	// The REST root answers only with a valid key at the right host.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.host.replace(/\\/+$/, "")}}/rest/v1',
			url: '/',
			method: 'GET',
		},
	};
}
