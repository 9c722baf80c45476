import type { AppCreateParams } from '../../../shared/retell/transport/types';

export type { AppCreateParams, AppUpdateParams } from '../../../shared/retell/transport/types';
export type AppType = AppCreateParams['type'];
export type AppAuthConfig = NonNullable<AppCreateParams['auth_config']>;
export type AppCrmConfig = NonNullable<AppCreateParams['crm_config']>;
export type AppSyncMapping = NonNullable<AppCrmConfig['inbound_sync_mappings']>[number];
