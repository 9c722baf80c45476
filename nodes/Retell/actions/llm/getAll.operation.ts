import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { collectPages, retellRequest, type RetellClient } from '../../transport';
import { limitProperty, returnAllProperty } from '../common.descriptions';

const properties: INodeProperties[] = [returnAllProperty, limitProperty];

export const description = updateDisplayOptions({ show: { resource: ['llm'], operation: ['getAll'] } }, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: RetellClient,
): Promise<IDataObject[]> {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false);
	const limit = returnAll ? undefined : this.getNodeParameter('limit', itemIndex, 50);
	const llms = await collectPages(
		async (paginationKey, pageSize) =>
			await retellRequest(
				this,
				client,
				async (retell) =>
					await retell.llm.list({
						limit: pageSize,
						...(paginationKey ? { pagination_key: paginationKey } : {}),
					}),
				{ kind: 'read', itemIndex },
			),
		limit,
	);
	return llms.map((llm) => ({ ...llm }));
}
