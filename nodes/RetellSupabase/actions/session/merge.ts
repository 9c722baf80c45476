import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { SessionRow } from '../../../shared/supabase/sessionRow';
import { MIGRATION_FILE, supabaseRequest, type RetellSupabaseClient } from '../../../shared/supabase/transport';
import type { MergeReportEntry } from '../../../shared/supabase/transport/database';
import { isMergeReport, MERGE_FUNCTION } from '../../../shared/supabase/merge';

export const DEFAULT_BATCH_SIZE = 500;
const MAX_BATCH_SIZE = 1000;

export const batchSizeOption: INodeProperties = {
	displayName: 'Batch Size',
	name: 'batchSize',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: MAX_BATCH_SIZE },
	default: DEFAULT_BATCH_SIZE,
	description: 'How many calls are merged per request to Supabase. Lower it if very long transcripts make requests too large.',
};

export async function mergeSessions(
	context: IExecuteFunctions,
	client: RetellSupabaseClient,
	rows: SessionRow[],
	options: { returnRows: boolean; itemIndex?: number },
): Promise<MergeReportEntry[]> {
	const report = await supabaseRequest(
		context,
		client,
		(db) => db.rpc(MERGE_FUNCTION, { p_rows: rows, p_return_rows: options.returnRows }),
		{ target: { rpc: MERGE_FUNCTION }, itemIndex: options.itemIndex },
	);
	if (!isMergeReport(report, rows.length)) {
		throw new NodeOperationError(context.getNode(), `${MERGE_FUNCTION} answered in an unexpected shape`, {
			itemIndex: options.itemIndex,
			description: `The function in this Supabase project is not the one this node expects. Run ${MIGRATION_FILE} again (it is idempotent).`,
		});
	}
	return report;
}

export function chunk<T>(list: readonly T[], size: number): T[][] {
	const step = Math.max(1, Math.floor(size));
	const chunks: T[][] = [];
	for (let start = 0; start < list.length; start += step) chunks.push(list.slice(start, start + step));
	return chunks;
}

export function readBatchSize(value: unknown): number {
	return typeof value === 'number' && Number.isFinite(value)
		? Math.min(MAX_BATCH_SIZE, Math.max(1, Math.floor(value)))
		: DEFAULT_BATCH_SIZE;
}
