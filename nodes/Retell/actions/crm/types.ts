import type { CRMUpdateConfigParams } from '../../../shared/retell/transport/types';

export type {
	CRMGetSchemaParams as CrmGetSchemaParams,
	CRMGetSyncJobStatusResponse as CrmSyncJobStatus,
	CRMUpdateConfigParams as CrmUpdateConfigParams,
} from '../../../shared/retell/transport/types';
export type CrmCustomField = NonNullable<CRMUpdateConfigParams['custom_fields']>[number];
export type CrmAnalysisDataMapping = NonNullable<CRMUpdateConfigParams['crm_analysis_data_mappings']>[number];
