import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { route } from '../../shared/router';
import { getRetellClient } from '../../shared/retell/transport';
import { readConcurrency } from './concurrencyOption';
import { operations } from './index';

/**
 * The Retell node's execute. The client (and with it the credential) is fetched only for operations that
 * call Retell, so Webhook Response works in workflows without a Retell credential.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await route.call(this, { operations, getClient: getRetellClient, concurrency: readConcurrency });
}
