import type { IDataObject } from 'n8n-workflow';

import { toDataObject } from '../../dataObject';
import { retellRequest, type RetellClient, type RetellContext } from './index';

/** A Retell list page: every modern list endpoint answers this envelope. */
export interface RetellPage<T> {
	items: T[];
	has_more: boolean;
	pagination_key?: string;
}

/**
 * Follows `pagination_key` until `has_more` is false or `limit` items are collected. The key is
 * opaque, so it is only ever passed back (https://docs.retellai.com/api-references/list-calls).
 */
export async function collectPages<T>(
	fetchPage: (paginationKey: string | undefined, pageSize: number) => Promise<RetellPage<T>>,
	limit?: number,
	maxPageSize = 1000,
): Promise<T[]> {
	const results: T[] = [];
	let paginationKey: string | undefined;
	do {
		const wanted = limit === undefined ? maxPageSize : Math.min(maxPageSize, limit - results.length);
		const page = await fetchPage(paginationKey, wanted);
		results.push(...page.items);
		paginationKey = page.has_more ? page.pagination_key : undefined;
	} while (paginationKey && (limit === undefined || results.length < limit));
	return limit === undefined ? results : results.slice(0, limit);
}

/** The paging fields every modern list endpoint takes. */
export interface PageParams {
	limit: number;
	pagination_key?: string;
}

/** A whole list, or its first `limit` items: read requests page by page. */
export async function listAll<T>(
	context: RetellContext,
	client: RetellClient,
	list: (retell: RetellClient, page: PageParams) => Promise<RetellPage<T>>,
	{ limit, itemIndex, resourceLabel }: { limit?: number; itemIndex?: number; resourceLabel?: string },
): Promise<T[]> {
	return await collectPages(
		async (paginationKey, pageSize) =>
			await retellRequest(
				context,
				client,
				async (retell) =>
					await list(retell, { limit: pageSize, ...(paginationKey ? { pagination_key: paginationKey } : {}) }),
				{ kind: 'read', itemIndex, resourceLabel },
			),
		limit,
	);
}

/**
 * A list endpoint that is not paginated (list-voices, list-knowledge-bases answer one bare array): one read, and
 * the Limit applied here. Return All leaves `limit` undefined, and slice(0, undefined) keeps every element.
 */
export async function listUnpaged<T extends object>(
	context: RetellContext,
	client: RetellClient,
	list: (retell: RetellClient) => Promise<T[]>,
	{ limit, itemIndex }: { limit?: number; itemIndex?: number },
): Promise<IDataObject[]> {
	const all = await retellRequest(context, client, list, { kind: 'read', itemIndex });
	return all.slice(0, limit).map(toDataObject);
}
