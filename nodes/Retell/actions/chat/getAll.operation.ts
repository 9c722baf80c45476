import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { limitProperty, readLimit, readSortOrder, returnAllProperty, sortOrderOption } from '../../../shared/getMany';
import { fieldReader, getCollection } from '../../../shared/parameters';
import { apiReference } from '../../../shared/retell/docs';

import { type RetellClient } from '../../../shared/retell/transport';
import { listAll } from '../../../shared/retell/transport/pages';
import { omitBlank } from '../../../shared/validation';
import { retellOperation } from '../node.type';
import type { ChatListParams } from './chatFields';
import { agentsFilterProperty, CHAT_FILTERS, enumFilter, readAgentsFilter, readStartTimestampFilter, startTimeFilterProperties } from '../listFilters';

type FilterCriteria = NonNullable<ChatListParams['filter_criteria']>;

const CHAT_STATUSES = ['ongoing', 'ended', 'error'] as const;
const USER_SENTIMENTS = ['Negative', 'Neutral', 'Positive', 'Unknown'] as const;
const OUTCOMES = ['successful', 'unsuccessful'] as const;

const properties: INodeProperties[] = [
	returnAllProperty,
	limitProperty,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description: 'Only chats matching every filter are returned',
		options: [
			agentsFilterProperty(CHAT_FILTERS),
			{
				displayName: 'Chat Outcome',
				name: 'outcome',
				type: 'options',
				options: [
					{ name: 'Successful', value: 'successful' },
					{ name: 'Unsuccessful', value: 'unsuccessful' },
				],
				default: 'successful',
				description: 'Whether the post-chat analysis found the chat successful; chats not analysed yet match neither',
			},
			{
				displayName: 'Chat Status',
				name: 'chatStatus',
				type: 'multiOptions',
				options: [
					{ name: 'Ended', value: 'ended' },
					{ name: 'Error', value: 'error' },
					{ name: 'Ongoing', value: 'ongoing' },
				],
				default: [],
			},
			{
				displayName: 'Other Filters (JSON)',
				name: 'filterCriteria',
				type: 'json',
				default: '{}',
				description:
					'Any other Retell filter_criteria, e.g. {"combined_cost": {"type": "number", "op": "gt", "value": 10}}. Applied last, so it wins over the filters above.',
			},
			...startTimeFilterProperties(CHAT_FILTERS),
			{
				displayName: 'User Sentiment',
				name: 'userSentiment',
				type: 'multiOptions',
				options: USER_SENTIMENTS.map((sentiment) => ({ name: sentiment, value: sentiment })),
				default: [],
				description: 'The user sentiment the post-chat analysis found',
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

function readFilterCriteria(context: IExecuteFunctions, itemIndex: number): FilterCriteria | undefined {
	const filters = getCollection(context, 'filters', itemIndex);
	const fields = fieldReader(context.getNode(), itemIndex, filters);
	const outcome = fields.option('outcome', OUTCOMES, 'Chat Outcome');
	const criteria: FilterCriteria = {
		agent: readAgentsFilter(context, itemIndex, 'filters', CHAT_FILTERS),
		chat_status: enumFilter(fields.options('chatStatus', CHAT_STATUSES, 'Chat Status')),
		chat_successful: outcome ? { type: 'boolean', op: 'eq', value: outcome === 'successful' } : undefined,
		user_sentiment: enumFilter(fields.options('userSentiment', USER_SENTIMENTS, 'User Sentiment')),
		start_timestamp: readStartTimestampFilter(context, filters, itemIndex),
		...fields.jsonObject('filterCriteria', 'Other Filters (JSON)'),
	};
	const present = omitBlank(criteria);
	return Object.keys(present).length > 0 ? present : undefined;
}

/**
 * v3 list-chats: typed filters in the body, pages chained with the opaque `pagination_key`, items without transcript
 * or messages ("Transcript fields are intentionally omitted", https://docs.retellai.com/api-references/list-chats).
 */
async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject[]> {
	const limit = readLimit(this, itemIndex);
	const filterCriteria = readFilterCriteria(this, itemIndex);
	const sortOrder = readSortOrder(fieldReader(this.getNode(), itemIndex, getCollection(this, 'options', itemIndex)));

	const chats = await listAll(
		this,
		client,
		async (retell, page) =>
			await retell.chat.list({
				...page,
				...(filterCriteria ? { filter_criteria: filterCriteria } : {}),
				...(sortOrder && { sort_order: sortOrder }),
			}),
		{ limit, itemIndex },
	);
	return chats.map(toDataObject);
}

export const operation = retellOperation({
	resource: 'chat',
	operation: 'getAll',
	option: {
		name: 'Get Many',
		description:
			'List chats, newest first, filtered by chat agent, status, outcome, user sentiment or start time (no messages; use Get for them)',
		action: 'Get many chats',
	},
	docsUrl: apiReference('list-chats'),
	properties,
	execute,
});
