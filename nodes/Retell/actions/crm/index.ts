import { retellResource } from '../node.type';
import { operation as getConfig } from './getConfig.operation';
import { operation as getSchema } from './getSchema.operation';
import { operation as getSyncJobStatus } from './getSyncJobStatus.operation';
import { operation as runSyncJob } from './runSyncJob.operation';
import { operation as updateConfig } from './updateConfig.operation';

export const crm = retellResource('crm', 'CRM', 'getConfig', [getConfig, getSchema, getSyncJobStatus, runSyncJob, updateConfig]);
