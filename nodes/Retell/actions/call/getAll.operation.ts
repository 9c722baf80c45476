import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { fieldReader, getCollection } from '../../../shared/parameters';
import { omitBlank } from '../../../shared/validation';
import { listAll } from '../../../shared/retell/transport/pages';
import { type RetellClient } from '../../../shared/retell/transport';
import type { CallListParams } from '../../../shared/retell/transport/types';
import { directionFilter } from '../../../shared/retell/fields';
import { limitProperty, readLimit, readSortOrder, returnAllProperty, sortOrderOption } from '../../../shared/getMany';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';
import { agentsFilterProperty, CALL_FILTERS, enumFilter, readAgentsFilter, readStartTimestampFilter, startTimeFilterProperties } from '../listFilters';

type FilterCriteria = NonNullable<CallListParams['filter_criteria']>;

const CALL_STATUSES = ['not_connected', 'ongoing', 'ended', 'error'] as const;
const DIRECTIONS = ['inbound', 'outbound'] as const;
const CALL_TYPES = ['phone_call', 'web_call'] as const;

const properties: INodeProperties[] = [
	returnAllProperty,
	limitProperty,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description: 'Only calls matching every filter are returned',
		options: [
			agentsFilterProperty(CALL_FILTERS),
			{
				displayName: 'Batch Call ID',
				name: 'batchCallId',
				type: 'string',
				default: '',
				description: 'Calls placed by this batch call (the batch_call_id Create Batch Call returned)',
			},
			{
				displayName: 'Call Status',
				name: 'callStatus',
				type: 'multiOptions',
				options: [
					{ name: 'Ended', value: 'ended' },
					{ name: 'Error', value: 'error' },
					{ name: 'Not Connected', value: 'not_connected' },
					{ name: 'Ongoing', value: 'ongoing' },
				],
				default: [],
			},
			{
				displayName: 'Call Type',
				name: 'callType',
				type: 'multiOptions',
				options: [
					{ name: 'Phone Call', value: 'phone_call' },
					{ name: 'Web Call', value: 'web_call' },
				],
				default: [],
			},
			directionFilter,
			{
				displayName: 'Other Filters (JSON)',
				name: 'filterCriteria',
				type: 'json',
				default: '{}',
				description:
					'Any other Retell filter_criteria, e.g. {"call_successful": {"type": "boolean", "op": "eq", "value": true}}. Applied last, so it wins over the filters above.',
			},
			...startTimeFilterProperties(CALL_FILTERS),
			{
				displayName: 'To Number',
				name: 'toNumber',
				type: 'string',
				default: '',
				placeholder: '+14155550100',
				description: 'Calls to exactly this number',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [{ ...sortOrderOption, description: 'Order by start time' }],
	},
];

function stringFilter(value: string | undefined) {
	return value ? { type: 'string' as const, op: 'eq' as const, value: value.trim() } : undefined;
}

function readFilterCriteria(context: IExecuteFunctions, itemIndex: number): FilterCriteria | undefined {
	const filters = getCollection(context, 'filters', itemIndex);
	const fields = fieldReader(context.getNode(), itemIndex, filters);
	const criteria: FilterCriteria = {
		agent: readAgentsFilter(context, itemIndex, 'filters', CALL_FILTERS),
		call_status: enumFilter(fields.options('callStatus', CALL_STATUSES, 'Call Status')),
		direction: enumFilter(fields.options('direction', DIRECTIONS, 'Direction')),
		call_type: enumFilter(fields.options('callType', CALL_TYPES, 'Call Type')),
		start_timestamp: readStartTimestampFilter(context, filters, itemIndex),
		batch_call_id: stringFilter(fields.string('batchCallId')),
		to_number: stringFilter(fields.string('toNumber')),
		...fields.jsonObject('filterCriteria', 'Other Filters (JSON)'),
	};
	const present = omitBlank(criteria);
	return Object.keys(present).length > 0 ? present : undefined;
}

/**
 * v3 list-calls: filters are typed objects in the body and pages are chained with the opaque
 * `pagination_key` (https://docs.retellai.com/api-references/list-calls). Its items carry no transcript.
 */
async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: RetellClient,
): Promise<IDataObject[]> {
	const limit = readLimit(this, itemIndex);
	const filterCriteria = readFilterCriteria(this, itemIndex);
	const sortOrder = readSortOrder(fieldReader(this.getNode(), itemIndex, getCollection(this, 'options', itemIndex)));

	const calls = await listAll(
		this,
		client,
		async (retell, page) =>
			await retell.call.list({
				...page,
				...(filterCriteria ? { filter_criteria: filterCriteria } : {}),
				...(sortOrder && { sort_order: sortOrder }),
			}),
		{ limit, itemIndex },
	);
	return calls.map(toDataObject);
}

export const operation = retellOperation({
	resource: 'call',
	operation: 'getAll',
	option: {
		name: 'Get Many',
		description:
			'List calls, newest first, filtered by agent, status, direction, type or start time (no transcripts)',
		action: 'Get many calls',
	},
	docsUrl: apiReference('list-calls'),
	properties,
	execute,
});
