import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { getCollection, getRows, getString, locatorValue, rowString, toTimestamp } from '../../../shared/parameters';
import { apiReference } from '../../../shared/retell/docs';
import { agentLocator, optionalLocator } from '../../../shared/retell/fields';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { omitBlank } from '../../../shared/validation';
import { retellOperation } from '../node.type';
import type { ContactBackfillAnalysisDataParams } from './contactFields';

type CallFilter = NonNullable<ContactBackfillAnalysisDataParams['backfill_call_filter']>;

const properties: INodeProperties[] = [
	{
		displayName: 'Contact Fields',
		name: 'attributes',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'preferences, open_issues',
		description:
			'Comma-separated contact fields to fill again from past calls: each one\'s analysis data mapping (CRM → Get Config, crm_analysis_data_mappings) is re-applied to the contacts of the calls',
	},
	{
		displayName: 'Call Filter',
		name: 'callFilter',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description: 'Which past calls are read; without a filter, all of them',
		options: [
			{
				displayName: 'Agents',
				name: 'agents',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				placeholder: 'Add Agent',
				default: {},
				description: 'Calls handled by any of these agents',
				options: [
					{
						displayName: 'Agent',
						name: 'agent',
						values: [
							{ ...optionalLocator(agentLocator), description: 'Calls handled by this agent' },
							{
								displayName: 'Versions',
								name: 'versions',
								type: 'string',
								default: '',
								placeholder: '1, 2',
								description: 'Comma-separated agent versions; empty means all versions',
							},
						],
					},
				],
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
];

function readAttributes(context: IExecuteFunctions, itemIndex: number): string[] {
	const attributes = getString(context, 'attributes', itemIndex)
		.split(',')
		.map((attribute) => attribute.trim())
		.filter((attribute) => attribute !== '');
	if (attributes.length === 0) {
		throw new NodeOperationError(context.getNode(), 'Contact Fields is required', {
			itemIndex,
			description: 'Name at least one contact field whose analysis data mapping should be re-applied.',
		});
	}
	return attributes;
}

function readAgents(context: IExecuteFunctions, itemIndex: number): CallFilter['agent'] {
	const agents = getRows(context, 'callFilter.agents.agent', itemIndex)
		.filter((row) => locatorValue(row.agentId) !== '')
		.map((row) => {
			const versions = rowString(row, 'versions')
				.split(',')
				.map((version) => version.trim())
				.filter((version) => version !== '');
			if (versions.some((version) => !/^\d+$/.test(version))) {
				throw new NodeOperationError(context.getNode(), 'Agent versions must be whole numbers, like 1, 2', {
					itemIndex,
					description: `Got "${rowString(row, 'versions')}" for agent ${locatorValue(row.agentId)}.`,
				});
			}
			return { agent_id: locatorValue(row.agentId), ...(versions.length > 0 ? { version: versions.map(Number) } : {}) };
		});
	return agents.length > 0 ? agents : undefined;
}

function startTimestampFilter(context: IExecuteFunctions, filter: IDataObject, itemIndex: number): CallFilter['start_timestamp'] {
	const timestamp = (key: string, label: string) =>
		toTimestamp(filter[key], () => new NodeOperationError(context.getNode(), `${label} is not a date and time`, { itemIndex }));
	const after = timestamp('startedAfter', 'Started After');
	const before = timestamp('startedBefore', 'Started Before');
	if (after !== undefined && before !== undefined) {
		if (after > before) {
			throw new NodeOperationError(context.getNode(), 'Started After is later than Started Before', { itemIndex });
		}
		return { type: 'range', op: 'bt', value: [after, before] };
	}
	if (after !== undefined) return { type: 'number', op: 'ge', value: after };
	if (before !== undefined) return { type: 'number', op: 'le', value: before };
	return undefined;
}

/** "Only one backfill job can run per organization at a time" (https://docs.retellai.com/api-references/backfill-contact-analysis-data). */
async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const callFilter: CallFilter = omitBlank({
		agent: readAgents(this, itemIndex),
		start_timestamp: startTimestampFilter(this, getCollection(this, 'callFilter', itemIndex), itemIndex),
	});
	const body: ContactBackfillAnalysisDataParams = {
		backfill_attributes: readAttributes(this, itemIndex),
		...(Object.keys(callFilter).length > 0 ? { backfill_call_filter: callFilter } : {}),
	};
	const job = await retellRequest(this, client, async (retell) => await retell.contact.backfillAnalysisData(body), {
		kind: 'create',
		itemIndex,
	});
	return toDataObject(job);
}

export const operation = retellOperation({
	resource: 'contact',
	operation: 'backfillAnalysisData',
	option: {
		name: 'Backfill Analysis Data',
		description:
			'Start a job that fills contact fields from the post-call analysis of past calls, e.g. after adding an analysis data mapping; follow it with Get Backfill Status',
		action: 'Backfill contact fields from past calls',
	},
	docsUrl: apiReference('backfill-contact-analysis-data'),
	properties,
	execute,
});
