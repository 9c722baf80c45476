import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { route } from '../../shared/router';
import { getSupabaseClient, postgrestCode } from '../../shared/supabase/transport';
import { operations } from './index';

/** Per-item operations (Get, Save, Create From Call) run this many requests at once. */
const ITEM_CONCURRENCY = 5;

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await route.call(this, {
		operations,
		getClient: getSupabaseClient,
		concurrency: () => ITEM_CONCURRENCY,
		failureDetails: (error) => {
			const code = postgrestCode(error);
			return code ? { errorCode: code } : {};
		},
	});
}
