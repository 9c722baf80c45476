import type { IDataObject, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { mapWithConcurrency } from '../../../shared/concurrency';
import { getCollection } from '../../../shared/parameters';
import { toSessionRow, unstorableReason, type SessionRow } from '../../../shared/supabase/sessionRow';
import type { RetellSupabaseClient } from '../../../shared/supabase/transport';
import type { MergeReportEntry } from '../../../shared/supabase/transport/database';
import type { ItemOutcome } from '../../../shared/operation';
import { batchSizeOption, chunk, mergeSessions, readBatchSize } from './merge';
import { supabaseOperation } from '../node.type';

const properties: INodeProperties[] = [
	{
		displayName:
			'Logs each input item as a call session: a Retell Trigger item, a webhook body {"event", "call"} or a call object from Retell → Call → Get. Items are merged in batches, in any order, any number of times. Each output item says whether it was the first delivery of its event for its call (first_delivery): branch on it to send an email or update a CRM only once.',
		name: 'logNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			batchSizeOption,
			{
				displayName: 'Include Session Row',
				name: 'includeSession',
				type: 'boolean',
				default: true,
				description:
					'Whether to output the whole stored row after the merge. Off: only call_id and action, which keeps large executions small.',
			},
		],
	},
];

/**
 * Batches sent at once: while PostgreSQL merges one, the next is serialised and parsed. Measured on 10,000
 * events in batches of 500 (docs/benchmarks.md): 1 → 2 → 3 in flight gave 5,279 → 6,409 → 6,849 events/s.
 * Batches lock their calls in call_id order, so concurrent batches never deadlock.
 */
const BATCHES_IN_FLIGHT = 3;

interface PendingRow {
	itemIndex: number;
	row: SessionRow;
}

function missingCallId(node: INode, itemIndex: number): NodeOperationError {
	return new NodeOperationError(node, 'The item has no call_id', {
		itemIndex,
		description:
			'Session → Log takes a Retell Trigger item, a webhook body {"event": …, "call": {…}} or a call object (Retell → Call → Get). Nothing was written.',
	});
}

function unstorableRow(node: INode, callId: string, reason: string, itemIndex: number): NodeOperationError {
	return new NodeOperationError(node, `Could not log call ${callId}: ${reason}`, {
		itemIndex,
		description: 'Nothing was written for this item; the other items are logged.',
	});
}

function rowFailure(node: INode, entry: MergeReportEntry, itemIndex: number): NodeApiError {
	const code = entry.error?.code ?? '';
	const message = entry.error?.message ?? 'unknown error';
	const error = new NodeApiError(
		node,
		{ code, message },
		{
			message: `Could not log call ${entry.call_id ?? '(no call_id)'}: ${message}`,
			description: `PostgreSQL error ${code}. This item was not written; the other items of its batch were.`,
			itemIndex,
		},
	);
	// The request itself succeeded (HTTP 200); without this NodeApiError takes the SQLSTATE for an HTTP code.
	error.httpCode = null;
	return error;
}

/**
 * `first_delivery` is what a workflow branches on to run a side effect once per call and event: Retell may
 * deliver an event more than once (a retry after a slow answer, or a repeat its users report for call_analyzed).
 */
function outputJson(entry: MergeReportEntry): IDataObject {
	const outcome = { action: entry.action, first_delivery: entry.first_delivery ?? null };
	return entry.session ? { ...outcome, ...entry.session } : { ...outcome, call_id: entry.call_id };
}

function asNodeError(node: INode, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error instanceof Error ? error : new Error(String(error)));
}

/**
 * Every item is mapped before anything is written: without Continue On Fail an item lacking a call_id
 * stops the execution with nothing logged; with it, that item becomes an error item and the rest are
 * logged. Valid rows then go to the merge function in batches (one request per batch, a few at once).
 * A request that fails stops the execution (batches already sent stay logged, and re-running is
 * harmless), or, with Continue On Fail, turns its batch's items into error items while the other
 * batches still go out.
 */
async function executeBatch(
	this: IExecuteFunctions,
	itemCount: number,
	client: RetellSupabaseClient,
): Promise<ItemOutcome[]> {
	const node = this.getNode();
	const continueOnFail = this.continueOnFail();
	const options = getCollection(this, 'options', 0);
	const batchSize = readBatchSize(options.batchSize);
	const returnRows = options.includeSession !== false;

	const items = this.getInputData();
	const outcomes = new Array<ItemOutcome>(itemCount);
	const pending: PendingRow[] = [];
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		const row = toSessionRow(items[itemIndex].json);
		const reason = row && unstorableReason(row);
		if (row && reason === undefined) {
			pending.push({ itemIndex, row });
			continue;
		}
		const error = row && reason ? unstorableRow(node, row.call_id, reason, itemIndex) : missingCallId(node, itemIndex);
		if (!continueOnFail) throw error;
		outcomes[itemIndex] = { error };
	}

	const batches = chunk(pending, batchSize);
	await mapWithConcurrency(batches.length, BATCHES_IN_FLIGHT, async (batchIndex) => {
		const batch = batches[batchIndex];
		let report: MergeReportEntry[];
		try {
			report = await mergeSessions(this, client, batch.map(({ row }) => row), {
				returnRows,
				itemIndex: batch[0].itemIndex,
			});
		} catch (error) {
			if (!continueOnFail) throw error;
			for (const { itemIndex } of batch) outcomes[itemIndex] = { error: asNodeError(node, error) };
			return;
		}
		for (const entry of report) {
			const { itemIndex } = batch[entry.item_index];
			outcomes[itemIndex] =
				entry.action === 'error' ? { error: rowFailure(node, entry, itemIndex) } : { json: outputJson(entry) };
		}
		const failed = batch.map(({ itemIndex }) => outcomes[itemIndex]).find((outcome) => 'error' in outcome);
		if (failed && 'error' in failed && !continueOnFail) throw failed.error;
	});
	return outcomes;
}

export const operation = supabaseOperation({
	resource: 'session',
	operation: 'log',
	option: {
		name: 'Log',
		description:
			'Insert or merge the session of each input call event or call object; safe to repeat, in any order',
		action: 'Log a call session',
	},
	properties,
	executeBatch,
});
