import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { limitProperty, readLimit, readSortOrder, returnAllProperty, sortOrderOption } from '../../../shared/getMany';
import { fieldReader, getCollection, toTimestamp } from '../../../shared/parameters';
import { apiReference } from '../../../shared/retell/docs';
import { type RetellClient } from '../../../shared/retell/transport';
import { listAll } from '../../../shared/retell/transport/pages';
import { omitBlank } from '../../../shared/validation';
import { retellOperation } from '../node.type';
import type { ContactListParams } from './contactFields';

type FilterCriteria = NonNullable<ContactListParams['filter_criteria']>;

const DO_NOT_CALL = ['marked', 'notMarked'] as const;
const CRM_LINK = ['linked', 'notLinked'] as const;

const properties: INodeProperties[] = [
	returnAllProperty,
	limitProperty,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description: 'Only contacts matching every filter are returned',
		options: [
			{
				displayName: 'CRM Link',
				name: 'crmLink',
				type: 'options',
				options: [
					{ name: 'Linked to a CRM Record', value: 'linked' },
					{ name: 'Not Linked to a CRM Record', value: 'notLinked' },
				],
				default: 'linked',
				description: 'Whether the contact has an external_id, the record ID of the connected CRM',
			},
			{
				displayName: 'Do Not Call',
				name: 'doNotCall',
				type: 'options',
				options: [
					{ name: 'Only Contacts Marked Do Not Call', value: 'marked' },
					{ name: 'Only Contacts That May Be Called', value: 'notMarked' },
				],
				default: 'notMarked',
			},
			{
				displayName: 'Last Conversation After',
				name: 'lastConversationAfter',
				type: 'dateTime',
				default: '',
				description: 'Contacts whose latest call or chat was at or after this time',
			},
			{
				displayName: 'Last Conversation Before',
				name: 'lastConversationBefore',
				type: 'dateTime',
				default: '',
				description: 'Contacts whose latest call or chat was at or before this time',
			},
			{
				displayName: 'Other Filters (JSON)',
				name: 'filterCriteria',
				type: 'json',
				default: '{}',
				description:
					'Any other Retell filter_criteria, e.g. {"custom_fields": [{"key": "plan", "type": "string", "op": "eq", "value": "pro"}]}. Applied last, so it wins over the filters above.',
			},
			{
				displayName: 'Search',
				name: 'search',
				type: 'string',
				default: '',
				placeholder: 'Lovelace',
				description:
					'Case-insensitive text found in the phone number, first or last name, external ID or a custom field value; the only way to find contacts by name',
			},
			{
				displayName: 'Tags',
				name: 'tags',
				type: 'string',
				default: '',
				placeholder: 'vip, newsletter',
				description: 'Comma-separated tags: contacts with any of them',
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
				...sortOrderOption,
				description: 'Order by the time of the latest call or chat; contacts never spoken to count as the oldest',
			},
		],
	},
];

/** Retell's typed time filter on last_conversation_timestamp: a range when both ends are set, else one side. */
function lastConversationFilter(
	context: IExecuteFunctions,
	filters: IDataObject,
	itemIndex: number,
): FilterCriteria['last_conversation_timestamp'] {
	const timestamp = (key: string, label: string) =>
		toTimestamp(
			filters[key],
			() => new NodeOperationError(context.getNode(), `${label} is not a date and time`, { itemIndex }),
		);
	const after = timestamp('lastConversationAfter', 'Last Conversation After');
	const before = timestamp('lastConversationBefore', 'Last Conversation Before');
	if (after !== undefined && before !== undefined) {
		if (after > before) {
			throw new NodeOperationError(context.getNode(), 'Last Conversation After is later than Last Conversation Before', {
				itemIndex,
			});
		}
		return { type: 'range', op: 'bt', value: [after, before] };
	}
	if (after !== undefined) return { type: 'number', op: 'ge', value: after };
	if (before !== undefined) return { type: 'number', op: 'le', value: before };
	return undefined;
}

function readListBody(context: IExecuteFunctions, itemIndex: number): Omit<ContactListParams, 'limit' | 'pagination_key'> {
	const filters = getCollection(context, 'filters', itemIndex);
	const fields = fieldReader(context.getNode(), itemIndex, filters);
	const tags = fields.list('tags');
	const doNotCall = fields.option('doNotCall', DO_NOT_CALL, 'Do Not Call');
	const crmLink = fields.option('crmLink', CRM_LINK, 'CRM Link');
	const criteria: FilterCriteria = omitBlank({
		tags: tags && { type: 'enum' as const, op: 'in' as const, value: tags },
		do_not_call: doNotCall && { type: 'boolean' as const, op: 'eq' as const, value: doNotCall === 'marked' },
		external_id: crmLink && { type: 'present' as const, op: crmLink === 'linked' ? ('pr' as const) : ('np' as const) },
		last_conversation_timestamp: lastConversationFilter(context, filters, itemIndex),
		...fields.jsonObject('filterCriteria', 'Other Filters (JSON)'),
	});
	const sortOrder = readSortOrder(fieldReader(context.getNode(), itemIndex, getCollection(context, 'options', itemIndex)));
	return omitBlank({
		search_query: fields.string('search', 'Search')?.trim(),
		filter_criteria: Object.keys(criteria).length > 0 ? criteria : undefined,
		// list-contacts names its orders asc and desc (SDK 5.66.1 ContactListParams.sort_order).
		sort_order: sortOrder && (sortOrder === 'ascending' ? ('asc' as const) : ('desc' as const)),
	});
}

/** list-contacts pages with the opaque pagination_key (SDK 5.66.1 contact.list); `skip` is left out, as it can repeat rows. */
async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject[]> {
	const limit = readLimit(this, itemIndex);
	const body = readListBody(this, itemIndex);
	const contacts = await listAll(this, client, async (retell, page) => await retell.contact.list({ ...body, ...page }), {
		limit,
		itemIndex,
	});
	return contacts.map(toDataObject);
}

export const operation = retellOperation({
	resource: 'contact',
	operation: 'getAll',
	option: {
		name: 'Get Many',
		description:
			'List contacts, most recently spoken to first, found by name or text, tags, do-not-call flag, CRM link or last conversation time',
		action: 'Get many contacts',
	},
	docsUrl: apiReference('list-contacts'),
	properties,
	execute,
});
