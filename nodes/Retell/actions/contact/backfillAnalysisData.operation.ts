import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { getCollection, getString } from '../../../shared/parameters';
import { apiReference } from '../../../shared/retell/docs';

import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { omitBlank } from '../../../shared/validation';
import { retellOperation } from '../node.type';
import type { ContactBackfillAnalysisDataParams } from './contactFields';
import { agentsFilterProperty, CALL_FILTERS, readAgentsFilter, readStartTimestampFilter, startTimeFilterProperties } from '../listFilters';

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
			agentsFilterProperty(CALL_FILTERS),
			...startTimeFilterProperties(CALL_FILTERS),
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

/** "Only one backfill job can run per organization at a time" (https://docs.retellai.com/api-references/backfill-contact-analysis-data). */
async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const callFilter: CallFilter = omitBlank({
		agent: readAgentsFilter(this, itemIndex, 'callFilter', CALL_FILTERS),
		start_timestamp: readStartTimestampFilter(this, getCollection(this, 'callFilter', itemIndex), itemIndex),
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
