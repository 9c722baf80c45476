import { isDataObject } from '../dataObject';
import type { MergeAction, MergeReportEntry } from './transport/database';

/**
 * Sessions are written only through retell_merge_call_sessions: it merges each row into the stored one
 * under a row lock (status only moves forward, a missing field never erases a stored one), so any
 * delivery order, duplicates and concurrent writers end in the same row. Many rows go in one request.
 */
export const MERGE_FUNCTION = 'retell_merge_call_sessions';

const MERGE_ACTIONS: readonly MergeAction[] = ['inserted', 'updated', 'unchanged', 'error'];

/** Whether the function answered one entry per row, in order: anything else is a function this code does not know. */
export function isMergeReport(value: unknown, length: number): value is MergeReportEntry[] {
	return (
		Array.isArray(value) &&
		value.length === length &&
		value.every(
			(entry, index) =>
				isDataObject(entry) && entry.item_index === index && MERGE_ACTIONS.some((action) => action === entry.action),
		)
	);
}
