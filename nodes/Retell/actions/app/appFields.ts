import type { IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { type FieldReader, getOption, getResourceId, getRows, getString, rowString } from '../../../shared/parameters';
import { appLocator } from '../../../shared/retell/fields';
import { assertPresent, omitBlank } from '../../../shared/validation';
import type { AppAuthConfig, AppCreateParams, AppCrmConfig, AppSyncMapping } from './types';

/** An app, from the list of the account's apps or by ID (mapped from Create or Get Many). */
export const appIdProperty: INodeProperties = { ...appLocator, description: 'The app, picked from the list or by its app_id' };

export function readAppId(context: IExecuteFunctions, itemIndex: number): string {
	return getResourceId(context, 'appId', itemIndex, 'App ID');
}

const AUTH_TYPES = ['api_key', 'basic', 'oauth2'] as const;

const CREDENTIAL_OPTIONS: INodePropertyOptions[] = [
	{ name: 'API Key', value: 'api_key', description: 'An API key or private-app token of the provider' },
	{ name: 'OAuth Client', value: 'oauth2', description: 'The client ID and secret of an OAuth app you registered with the provider' },
	{ name: 'Username and Password', value: 'basic', description: 'Basic authentication' },
];

const STORED_ENCRYPTED = 'Retell stores it encrypted and never returns it; it is not part of any output.';

/**
 * The credentials Retell uses to reach the provider (SDK 5.66.1 `AppCreateParams.auth_config`). `first` is the
 * choice that sends none: on Create, a provider that authorizes through Retell's OAuth callback (connect-app);
 * on Update, keeping the stored ones.
 */
export function credentialProperties(first: INodePropertyOptions): INodeProperties[] {
	const shownFor = (type: (typeof AUTH_TYPES)[number]) => ({ show: { authType: [type] } });
	const defaultChoice = first.value;
	return [
		{
			displayName: 'Provider Credentials',
			name: 'authType',
			type: 'options',
			options: [...CREDENTIAL_OPTIONS, first].sort((a, b) => a.name.localeCompare(b.name)),
			default: defaultChoice,
			description: "How Retell signs in to the provider. Secrets are sent to Retell only, never to the node's output.",
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			displayOptions: shownFor('api_key'),
			description: "The provider's API key. Retell stores it encrypted and never returns it; it is not part of any output.",
		},
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			required: true,
			default: '',
			displayOptions: shownFor('basic'),
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			displayOptions: shownFor('basic'),
			description: STORED_ENCRYPTED,
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			required: true,
			default: '',
			displayOptions: shownFor('oauth2'),
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			displayOptions: shownFor('oauth2'),
			description: STORED_ENCRYPTED,
		},
	];
}

/** A secret field's value. The error never quotes what was given: it may be most of a key. */
function readSecret(context: IExecuteFunctions, name: string, label: string, itemIndex: number): string {
	const value: unknown = context.getNodeParameter(name, itemIndex, '');
	const text = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
	if (text === '') {
		throw new NodeOperationError(context.getNode(), `${label} must be non-empty text`, {
			itemIndex,
			description: `Enter it, or map it from a previous node. ${STORED_ENCRYPTED}`,
		});
	}
	return text;
}

/** The auth_config to send; undefined for the choice that sends none (`noneValue`). */
export function readAuthConfig(context: IExecuteFunctions, itemIndex: number, noneValue: string): AppAuthConfig | undefined {
	const authType = getOption(context, 'authType', [...AUTH_TYPES, noneValue], itemIndex);
	const text = (name: string, label: string) => assertPresent(context.getNode(), getString(context, name, itemIndex), label, itemIndex);
	switch (authType) {
		case 'api_key':
			return { type: 'api_key', api_key: readSecret(context, 'apiKey', 'API Key', itemIndex) };
		case 'basic':
			return { type: 'basic', username: text('username', 'Username'), password: readSecret(context, 'password', 'Password', itemIndex) };
		case 'oauth2':
			return {
				type: 'oauth2',
				client_id: text('clientId', 'Client ID'),
				client_secret: readSecret(context, 'clientSecret', 'Client Secret', itemIndex),
			};
		default:
			return undefined;
	}
}

/** Name and tenant fields, an option of Create's Additional Fields and of Update Fields. */
export const appSettingFields: INodeProperties[] = [
	{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'The display name in Retell' },
	{
		displayName: 'Tenant ID',
		name: 'tenantId',
		type: 'string',
		default: '',
		description: 'The sub-account ID, for providers that scope requests by sub-account on a shared host',
	},
	{
		displayName: 'Tenant URL',
		name: 'tenantUrl',
		type: 'string',
		default: '',
		placeholder: 'https://yourcompany.my.salesforce.com',
		description: 'The API base URL of your organization, for providers with a host per organization',
	},
];

export function readAppSettings(
	context: IExecuteFunctions,
	itemIndex: number,
	fields: FieldReader,
): Pick<AppCreateParams, 'name' | 'tenant_id' | 'tenant_url'> {
	const tenantUrl = fields.string('tenantUrl', 'Tenant URL')?.trim();
	if (tenantUrl !== undefined && !/^https?:\/\/[^\s/]+/i.test(tenantUrl)) {
		throw new NodeOperationError(context.getNode(), 'Tenant URL must be an http(s) URL', {
			itemIndex,
			description: `Got "${tenantUrl}". Use your organization's API base, like https://yourcompany.my.salesforce.com.`,
		});
	}
	return omitBlank({ name: fields.string('name', 'Name'), tenant_id: fields.string('tenantId', 'Tenant ID')?.trim(), tenant_url: tenantUrl });
}

function mappingField(direction: 'Inbound' | 'Outbound', name: string, description: string): INodeProperties {
	return {
		displayName: `${direction} Sync Mappings`,
		name,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Mapping',
		default: {},
		description,
		options: [
			{
				displayName: 'Mapping',
				name: 'mapping',
				values: [
					{
						displayName: 'Contact Field',
						name: 'fieldName',
						type: 'string',
						default: '',
						placeholder: 'first_name',
						description: 'A Retell contact field: phone_number, first_name, last_name, or a custom field of CRM → Get Config',
					},
					{
						displayName: 'CRM Field',
						name: 'externalFieldName',
						type: 'string',
						default: '',
						placeholder: 'firstname',
						description: "A field of the CRM's contact object, as CRM → Get Schema lists it",
					},
				],
			},
		],
	};
}

/** The crm_config fields (SDK 5.66.1 `AppCreateParams.CRMConfig`); options of Additional Fields or Update Fields. */
export const crmSettingFields: INodeProperties[] = [
	mappingField(
		'Inbound',
		'inboundSyncMappings',
		'CRM apps only: which CRM field fills which Retell contact field when contacts are synced in. Must map phone_number, which matches contacts in both systems. Replaces every inbound mapping.',
	),
	mappingField(
		'Outbound',
		'outboundSyncMappings',
		'CRM apps only: which Retell contact field is written back to which CRM field. Replaces every outbound mapping.',
	),
	{
		displayName: 'Sync Conversation Activity',
		name: 'syncConversationActivity',
		type: 'boolean',
		default: false,
		description: 'Whether to log every call and chat to the CRM (CRM apps only)',
	},
	{
		displayName: 'Sync New Contacts',
		name: 'syncNewContacts',
		type: 'boolean',
		default: false,
		description: 'Whether to create a CRM record after a conversation with a contact not linked to one yet (CRM apps only)',
	},
];

function readMappings(
	context: IExecuteFunctions,
	itemIndex: number,
	path: string,
	label: string,
): AppSyncMapping[] | undefined {
	const mappings = getRows(context, path, itemIndex)
		.map((row) => ({ field_name: rowString(row, 'fieldName'), external_field_name: rowString(row, 'externalFieldName') }))
		.filter((mapping) => mapping.field_name !== '' || mapping.external_field_name !== '');
	const incomplete = mappings.find((mapping) => mapping.field_name === '' || mapping.external_field_name === '');
	if (incomplete) {
		throw new NodeOperationError(context.getNode(), `Every ${label} needs a Contact Field and a CRM Field`, {
			itemIndex,
			description: `One has only "${incomplete.field_name || incomplete.external_field_name}".`,
		});
	}
	return mappings.length > 0 ? mappings : undefined;
}

/** The crm_config from a collection's CRM fields; undefined when none of them was added. */
export function readCrmSettings(
	context: IExecuteFunctions,
	itemIndex: number,
	collection: string,
	fields: FieldReader,
): AppCrmConfig | undefined {
	const inbound = readMappings(context, itemIndex, `${collection}.inboundSyncMappings.mapping`, 'inbound sync mapping');
	if (inbound && !inbound.some((mapping) => mapping.field_name === 'phone_number')) {
		// "Must include phone_number, which is the field the two systems are matched on" (SDK 5.66.1 CRMConfig).
		throw new NodeOperationError(context.getNode(), 'Inbound Sync Mappings must map the contact field phone_number', {
			itemIndex,
			description: "Retell matches CRM records to contacts by phone number: add a mapping from the CRM's phone field to phone_number.",
		});
	}
	const config: AppCrmConfig = omitBlank({
		inbound_sync_mappings: inbound,
		outbound_sync_mappings: readMappings(context, itemIndex, `${collection}.outboundSyncMappings.mapping`, 'outbound sync mapping'),
		sync_conversation_activity: fields.boolean('syncConversationActivity', 'Sync Conversation Activity'),
		sync_new_contacts: fields.boolean('syncNewContacts', 'Sync New Contacts'),
	});
	return Object.keys(config).length > 0 ? config : undefined;
}
