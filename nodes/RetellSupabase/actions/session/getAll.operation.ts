import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { limitProperty, readLimit, readSortOrder, returnAllProperty, sortOrderOption } from '../../../shared/getMany';
import { fieldReader, getCollection, keysOf, toTimestamp } from '../../../shared/parameters';
import { directionFilter } from '../../../shared/retell/fields';
import { postgrestList, supabaseRequest, type RetellSupabaseClient } from '../../../shared/supabase/transport';
import type { StoredSession } from '../../../shared/supabase/transport/database';
import { supabaseOperation } from '../node.type';

/** Option values are the node's own (camelCase); the table stores Retell's values. */
const CALL_STATUS_VALUES = {
	registered: 'registered',
	ongoing: 'ongoing',
	notConnected: 'not_connected',
	ended: 'ended',
	error: 'error',
} as const;
const DIRECTIONS = ['inbound', 'outbound'] as const;
const SORT_COLUMNS = {
	startTimestamp: 'start_timestamp',
	createdAt: 'created_at',
	updatedAt: 'updated_at',
} as const;

/** Supabase's PostgREST answers at most 1000 rows (max-rows) per request. */
const PAGE_SIZE = 1000;

const properties: INodeProperties[] = [
	returnAllProperty,
	limitProperty,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description: 'Only sessions matching every filter are returned',
		options: [
			{
				displayName: 'Call Status',
				name: 'callStatus',
				type: 'multiOptions',
				options: [
					{ name: 'Ended', value: 'ended' },
					{ name: 'Error', value: 'error' },
					{ name: 'Not Connected', value: 'notConnected' },
					{ name: 'Ongoing', value: 'ongoing' },
					{ name: 'Registered', value: 'registered' },
				],
				default: [],
			},
			directionFilter,
			{
				displayName: 'Retell Agent Names or IDs',
				name: 'retellAgentId',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getSavedAgents' },
				default: [],
				description:
					'Sessions of calls handled by any of these agents (from the agents table). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Started After',
				name: 'startedAfter',
				type: 'dateTime',
				default: '',
				description: 'Calls that started at or after this time',
			},
			{
				displayName: 'Started Before',
				name: 'startedBefore',
				type: 'dateTime',
				default: '',
				description: 'Calls that started at or before this time',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Sort By',
				name: 'sortBy',
				type: 'options',
				options: [
					{ name: 'Call Start Time', value: 'startTimestamp' },
					{ name: 'First Logged', value: 'createdAt' },
					{ name: 'Last Updated', value: 'updatedAt' },
				],
				default: 'startTimestamp',
				description: 'Sessions without the value (e.g. calls that never started) come last',
			},
			sortOrderOption,
		],
	},
];

interface SessionQuery {
	retellAgentIds?: string[];
	statuses?: string[];
	directions?: string[];
	startedAfter?: string;
	startedBefore?: string;
	sortColumn: (typeof SORT_COLUMNS)[keyof typeof SORT_COLUMNS];
	ascending: boolean;
}

function readQuery(context: IExecuteFunctions, itemIndex: number): SessionQuery {
	const node = context.getNode();
	const filters = getCollection(context, 'filters', itemIndex);
	const filter = fieldReader(node, itemIndex, filters);
	const options = fieldReader(node, itemIndex, getCollection(context, 'options', itemIndex));
	const isoTime = (key: string, label: string): string | undefined => {
		const ms = toTimestamp(
			filters[key],
			() => new NodeOperationError(node, `${label} is not a date and time`, { itemIndex }),
		);
		return ms === undefined ? undefined : new Date(ms).toISOString();
	};
	const retellAgentIds = filter.list('retellAgentId');
	// PostgreSQL text cannot hold NUL, and PostgREST 12 cuts a filter value there: `a\0b` would match `a`.
	if (retellAgentIds?.some((id) => id.includes('\u0000'))) {
		throw new NodeOperationError(node, 'A Retell Agent ID cannot contain a NUL character', { itemIndex });
	}
	return {
		retellAgentIds,
		statuses: filter
			.options('callStatus', keysOf(CALL_STATUS_VALUES), 'Call Status')
			?.map((status) => CALL_STATUS_VALUES[status]),
		directions: filter.options('direction', DIRECTIONS, 'Direction'),
		startedAfter: isoTime('startedAfter', 'Started After'),
		startedBefore: isoTime('startedBefore', 'Started Before'),
		sortColumn: SORT_COLUMNS[options.option('sortBy', keysOf(SORT_COLUMNS), 'Sort By') ?? 'startTimestamp'],
		ascending: (readSortOrder(options) ?? 'descending') === 'ascending',
	};
}

/**
 * Pages with offsets until a page comes back empty: a project may lower PostgREST's max-rows below
 * the page size asked for, so a short page alone does not prove the end. `id` breaks ties, so the
 * order (and with it every page) is stable.
 */
async function collectRows(
	fetchPage: (offset: number, size: number) => Promise<StoredSession[]>,
	limit: number | undefined,
): Promise<StoredSession[]> {
	const rows: StoredSession[] = [];
	for (;;) {
		const wanted = limit === undefined ? PAGE_SIZE : Math.min(PAGE_SIZE, limit - rows.length);
		if (wanted <= 0) return rows;
		const page = await fetchPage(rows.length, wanted);
		if (page.length === 0) return rows;
		rows.push(...page);
	}
}

async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: RetellSupabaseClient,
): Promise<IDataObject[]> {
	const limit = readLimit(this, itemIndex);
	const query = readQuery(this, itemIndex);

	const fetchPage = async (offset: number, size: number) =>
		await supabaseRequest(
			this,
			client,
			(db) => {
				let request = db.from('retell_call_sessions').select('*');
				if (query.retellAgentIds) request = request.filter('retell_agent_id', 'in', postgrestList(query.retellAgentIds));
				if (query.statuses) request = request.filter('call_status', 'in', postgrestList(query.statuses));
				if (query.directions) request = request.filter('direction', 'in', postgrestList(query.directions));
				if (query.startedAfter) request = request.gte('start_timestamp', query.startedAfter);
				if (query.startedBefore) request = request.lte('start_timestamp', query.startedBefore);
				return request
					.order(query.sortColumn, { ascending: query.ascending, nullsFirst: false })
					.order('id', { ascending: true })
					.range(offset, offset + size - 1);
			},
			{ target: { table: 'retell_call_sessions' }, itemIndex },
		);

	const rows = await collectRows(fetchPage, limit);
	return rows.map((row) => ({ ...row }));
}

export const operation = supabaseOperation({
	resource: 'session',
	operation: 'getAll',
	option: {
		name: 'Get Many',
		description: 'List logged sessions, filtered by agent, status, direction or start time',
		action: 'Get many call sessions',
	},
	properties,
	execute,
});
