import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { limitProperty, readLimit, readSortOrder, returnAllProperty } from '../../../shared/getMany';
import { fieldReader, getCollection } from '../../../shared/parameters';
import { apiReference } from '../../../shared/retell/docs';
import { type RetellClient } from '../../../shared/retell/transport';
import { listAll } from '../../../shared/retell/transport/pages';
import { retellOperation } from '../node.type';
import { appIdProperty, readAppId } from './appFields';

const properties: INodeProperties[] = [
	{ ...appIdProperty, description: 'The app whose users to list' },
	returnAllProperty,
	limitProperty,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Sort Order',
				name: 'sortOrder',
				type: 'options',
				options: [
					{ name: 'Most Recently Configured First', value: 'descending' },
					{ name: 'Least Recently Configured First', value: 'ascending' },
				],
				default: 'descending',
			},
		],
	},
];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject[]> {
	const appId = readAppId(this, itemIndex);
	const sortOrder = readSortOrder(fieldReader(this.getNode(), itemIndex, getCollection(this, 'options', itemIndex)));
	const usages = await listAll(
		this,
		client,
		async (retell, page) => await retell.app.listUsages(appId, { ...page, ...(sortOrder && { sort_order: sortOrder }) }),
		{ limit: readLimit(this, itemIndex), itemIndex, resourceLabel: 'App' },
	);
	return usages.map((usage) => ({ app_id: appId, ...usage }));
}

export const operation = retellOperation({
	resource: 'app',
	operation: 'getUsages',
	option: {
		name: 'Get Usages',
		description:
			'List the agents (with their versions) and knowledge bases that use an app, e.g. before deleting it or rotating its credentials',
		action: 'Get the usages of an app',
	},
	docsUrl: apiReference('list-app-usages'),
	properties,
	execute,
});
