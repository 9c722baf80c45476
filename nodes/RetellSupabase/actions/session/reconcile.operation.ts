import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { collectPages } from '../../../shared/retell/transport/pages';
import { getRetellClient, isNotFoundError, retellRequest, type RetellClient } from '../../../shared/retell/transport';
import type { CallListParams } from '../../../shared/retell/transport/types';
import { agentLocator, optionalLocator } from '../../../shared/retell/fields';
import { fieldReader, getOptionalResourceId , getCollection, toTimestamp } from '../../../shared/parameters';
import { mapWithConcurrency } from '../../../shared/concurrency';
import { toDataObject } from '../../../shared/dataObject';
import { toSessionRow, unstorableReason, type SessionRow } from '../../../shared/supabase/sessionRow';
import { postgrestList, supabaseRequest, type RetellSupabaseClient } from '../../../shared/supabase/transport';
import { batchSizeOption, chunk, mergeSessions, readBatchSize } from './merge';
import { supabaseOperation } from '../node.type';

const FETCH_FULL_CALLS = ['incompleteCalls', 'newCalls', 'allCalls', 'none'] as const;
type FetchFullCalls = (typeof FETCH_FULL_CALLS)[number];

/** Retell → get-call requests in flight at once; 429s are retried by the Retell transport. */
const RETRIEVE_CONCURRENCY = 5;
/** Call IDs per existence lookup, so the GET's URL stays well below common 8 kB limits. */
const LOOKUP_CHUNK = 100;

const properties: INodeProperties[] = [
	{
		displayName: 'Since',
		name: 'since',
		type: 'dateTime',
		required: true,
		default: '={{ $now.minus({ days: 1 }).toISO() }}',
		description:
			'Calls that started at or after this time are pulled from Retell and logged. Overlap it with the previous run: logging a call again changes nothing.',
	},
	{
		...optionalLocator(agentLocator),
		displayName: 'Retell Agent',
		description: 'Only calls of this agent. Empty: every call of the account.',
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
				displayName: 'Fetch Full Calls',
				name: 'fetchFullCalls',
				type: 'options',
				options: [
					{
						name: 'New or Without Transcript',
						value: 'incompleteCalls',
						description:
							'Calls missing from the table, and ended calls whose stored session has no transcript (e.g. call_ended was missed)',
					},
					{ name: 'New Calls Only', value: 'newCalls', description: 'Calls missing from the table' },
					{ name: 'All Calls', value: 'allCalls', description: 'Every listed call: one extra Retell request each' },
					{ name: 'None', value: 'none', description: 'Log what the call list says; sessions get no transcript from it' },
				],
				default: 'incompleteCalls',
				description:
					"Retell's call list leaves out transcripts, so these calls are fetched one by one (Retell → get-call) before logging",
			},
			{
				displayName: 'Include Details',
				name: 'includeDetails',
				type: 'boolean',
				default: false,
				description: 'Whether to add a "calls" list with each call_id and what happened to its session',
			},
		],
	},
];

type ListedCall = { call_id: string; call_status: string; data_storage_setting?: string | null };

/** Call IDs (of `callIds`) that have a session, and the subset whose session holds a transcript. */
async function storedSessions(
	context: IExecuteFunctions,
	client: RetellSupabaseClient,
	callIds: string[],
	withTranscript: boolean,
): Promise<{ stored: Set<string>; transcribed: Set<string> }> {
	const stored = new Set<string>();
	const transcribed = new Set<string>();
	const target = { table: 'retell_call_sessions' };
	for (const ids of chunk(callIds, LOOKUP_CHUNK)) {
		const existing = await supabaseRequest(
			context,
			client,
			(db) => db.from('retell_call_sessions').select('call_id').filter('call_id', 'in', postgrestList(ids)),
			{ target },
		);
		for (const { call_id } of existing) stored.add(call_id);
		if (!withTranscript || existing.length === 0) continue;
		const complete = await supabaseRequest(
			context,
			client,
			(db) =>
				db
					.from('retell_call_sessions')
					.select('call_id')
					.filter('call_id', 'in', postgrestList(ids))
					.not('transcript', 'is', null),
			{ target },
		);
		for (const { call_id } of complete) transcribed.add(call_id);
	}
	return { stored, transcribed };
}

/** Calls without speech, or stored without content, will never have a transcript to fetch. */
function mayHaveTranscript(call: ListedCall): boolean {
	return (call.call_status === 'ended' || call.call_status === 'error') && call.data_storage_setting !== 'basic_attributes_only';
}

async function callsToFetchInFull(
	context: IExecuteFunctions,
	client: RetellSupabaseClient,
	calls: ListedCall[],
	mode: FetchFullCalls,
): Promise<Set<string>> {
	if (mode === 'none') return new Set();
	const callIds = calls.map((call) => call.call_id);
	if (mode === 'allCalls') return new Set(callIds);
	const { stored, transcribed } = await storedSessions(context, client, callIds, mode === 'incompleteCalls');
	return new Set(
		calls
			.filter(
				(call) =>
					!stored.has(call.call_id) ||
					(mode === 'incompleteCalls' && !transcribed.has(call.call_id) && mayHaveTranscript(call)),
			)
			.map((call) => call.call_id),
	);
}

/** The full call; a call deleted in Retell since it was listed is logged from its list entry. */
async function fullCall(
	context: IExecuteFunctions,
	retell: RetellClient,
	listed: IDataObject,
	callId: string,
): Promise<IDataObject> {
	try {
		const call = await retellRequest(context, retell, async (sdk) => await sdk.call.retrieve(callId), {
			kind: 'read',
			resourceLabel: 'Call',
		});
		return toDataObject(call);
	} catch (error) {
		if (isNotFoundError(error)) return listed;
		throw error;
	}
}

function readSince(context: IExecuteFunctions): number {
	const node = context.getNode();
	const value: unknown = context.getNodeParameter('since', 0, '');
	const since = toTimestamp(value, () => new NodeOperationError(node, 'Since is not a date and time', { itemIndex: 0 }));
	if (since === undefined) throw new NodeOperationError(node, 'Since is required', { itemIndex: 0 });
	return since;
}

/**
 * Pulls every call that started since the given time from Retell (v3 list-calls, all pages), fetches
 * full calls where the list lacks what the table needs, and merges them in batches through the same
 * function as Session → Log, so webhook and reconcile writes never fight. Runs once per execution.
 */
async function executeOnce(
	this: IExecuteFunctions,
	_itemCount: number,
	client: RetellSupabaseClient,
): Promise<IDataObject> {
	const since = readSince(this);
	const agentId = getOptionalResourceId(this, 'agentId', 0);
	const options = fieldReader(this.getNode(), 0, getCollection(this, 'options', 0));
	const fetchMode = options.option('fetchFullCalls', FETCH_FULL_CALLS, 'Fetch Full Calls') ?? 'incompleteCalls';
	const batchSize = readBatchSize(options.number('batchSize', 'Batch Size'));
	const includeDetails = options.boolean('includeDetails', 'Include Details') ?? false;

	const retell = await getRetellClient(this);
	const filterCriteria: NonNullable<CallListParams['filter_criteria']> = {
		start_timestamp: { type: 'number', op: 'ge', value: since },
		...(agentId ? { agent: [{ agent_id: agentId }] } : {}),
	};
	const listed = await collectPages(async (paginationKey, pageSize) => {
		const params: CallListParams = {
			limit: pageSize,
			sort_order: 'ascending',
			filter_criteria: filterCriteria,
			...(paginationKey ? { pagination_key: paginationKey } : {}),
		};
		return await retellRequest(this, retell, async (sdk) => await sdk.call.list(params), { kind: 'read' });
	});

	const counts = { inserted: 0, updated: 0, unchanged: 0, failed: 0 };
	let fullCallsFetched = 0;
	const details: IDataObject[] = [];
	const errors: IDataObject[] = [];
	for (const batch of chunk(listed, batchSize)) {
		const wanted = await callsToFetchInFull(this, client, batch, fetchMode);
		fullCallsFetched += wanted.size;
		const calls = await mapWithConcurrency(batch.length, RETRIEVE_CONCURRENCY, async (index) => {
			const call = toDataObject(batch[index]);
			return wanted.has(batch[index].call_id) ? await fullCall(this, retell, call, batch[index].call_id) : call;
		});
		const rows: SessionRow[] = [];
		for (const row of calls.map(toSessionRow)) {
			if (row === undefined) continue;
			const reason = unstorableReason(row);
			if (reason === undefined) {
				rows.push(row);
				continue;
			}
			counts.failed++;
			errors.push({ call_id: row.call_id, code: null, message: reason });
			if (includeDetails) details.push({ call_id: row.call_id, action: 'error' });
		}
		const report = await mergeSessions(this, client, rows, { returnRows: false });
		for (const entry of report) {
			if (entry.action === 'error') {
				counts.failed++;
				errors.push({ call_id: entry.call_id, code: entry.error?.code ?? null, message: entry.error?.message ?? null });
			} else {
				counts[entry.action]++;
			}
			if (includeDetails) details.push({ call_id: entry.call_id, action: entry.action });
		}
	}

	return {
		since: new Date(since).toISOString(),
		fetched: listed.length,
		...counts,
		fullCallsFetched,
		...(errors.length > 0 ? { errors } : {}),
		...(includeDetails ? { calls: details } : {}),
	};
}

export const operation = supabaseOperation({
	resource: 'session',
	operation: 'reconcile',
	option: {
		name: 'Reconcile',
		description:
			'Pull recent calls from Retell and log every one, repairing sessions that webhooks missed. Needs a Retell API credential.',
		action: 'Reconcile call sessions',
	},
	properties,
	executeOnce,
});
