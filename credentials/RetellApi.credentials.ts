import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class RetellApi implements ICredentialType {
	name = 'retellApi';

	displayName = 'Retell API';

	icon = { light: 'file:retell.svg', dark: 'file:retell.dark.svg' } as const;

	documentationUrl = 'https://docs.retellai.com/get-started/sdk';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'A Retell API key. Use the key marked with the webhook badge in the Retell dashboard: Retell signs webhooks with it, and Retell Trigger verifies them with it.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.retellai.com',
			description: 'Change only to use a proxy or a local Retell emulator',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiKey}}',
			},
		},
	};

	// get-concurrency needs a valid key and costs nothing, so it checks both the key and the base URL.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/get-concurrency',
			method: 'GET',
		},
		// Without rules n8n shows only the HTTP status text ("Unauthorized", "Not Found").
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Retell rejected this API key. Copy it again from the Retell dashboard (Settings → API Keys); use the key with the webhook badge, which Retell Trigger needs to verify webhooks.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'No Retell API answers at this Base URL. Leave Base URL at https://api.retellai.com unless you use a proxy or the Retell emulator.',
				},
			},
		],
	};
}
