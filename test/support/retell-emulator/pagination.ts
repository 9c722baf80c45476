import { badRequest } from './errors';
import type { PaginationKeyStyle } from './types';

// One paginator for every `{items, has_more, pagination_key}` list (retell-api.md §3): keyset-based, so
// pages neither skip nor repeat items when objects are created or deleted between requests.
// The key is either an opaque cursor (the v3 list-calls reference: "Opaque pagination cursor from a previous
// response", https://docs.retellai.com/api-references/list-calls) or the last item's id, exclusive (the older
// list references: "Pagination key is represented by a call id here, and it's exclusive (not included in the fetched
// calls). The last call id from the list calls is usually used as pagination key here",
// https://docs.retellai.com/api-references/list-calls_deprecated). Both continue after the last item's place in
// the order; an id is placed where that item sorts when the next page is asked for ⚠ (Retell does not say).

export type SortOrder = 'ascending' | 'descending';

export interface PageRequest {
	limit: number;
	sortOrder: SortOrder;
	keyStyle: PaginationKeyStyle;
	cursor?: Cursor;
	/** With `lastId` keys: the item the page starts after. */
	afterId?: string;
	skip?: number;
	includeTotal: boolean;
}

interface Cursor {
	key: number;
	id: string;
	order: SortOrder;
}

export interface Page<T> {
	items: T[];
	has_more: boolean;
	pagination_key?: string;
	total?: number;
}

export interface PageRules {
	defaultLimit?: number;
	maxLimit?: number;
	/** Only v3 list-calls/list-chats accept `skip` and `include_total`. */
	allowSkip?: boolean;
	keyStyle?: PaginationKeyStyle;
}

function encodeCursor(cursor: Cursor): string {
	return Buffer.from(JSON.stringify([cursor.key, cursor.id, cursor.order === 'ascending' ? 'a' : 'd'])).toString('base64url');
}

function decodeCursor(raw: string): Cursor {
	try {
		const parsed: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
		if (Array.isArray(parsed) && parsed.length === 3 && typeof parsed[0] === 'number' && typeof parsed[1] === 'string' && (parsed[2] === 'a' || parsed[2] === 'd')) {
			return { key: parsed[0], id: parsed[1], order: parsed[2] === 'a' ? 'ascending' : 'descending' };
		}
	} catch {
		// fall through to the 400 below
	}
	throw badRequest('pagination_key is invalid.');
}

function toInteger(value: unknown, name: string): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
	if (typeof n !== 'number' || !Number.isInteger(n)) throw badRequest(`${name} must be an integer.`);
	return n;
}

/** Reads limit/pagination_key/sort_order (and skip/include_total where allowed) from a query or a JSON body. */
export function parsePageRequest(source: Record<string, unknown>, rules: PageRules = {}): PageRequest {
	const maxLimit = rules.maxLimit ?? 1000;
	const limit = toInteger(source.limit, 'limit') ?? rules.defaultLimit ?? 50;
	if (limit < 1 || limit > maxLimit) throw badRequest(`limit must be between 1 and ${maxLimit}.`);

	const rawOrder = source.sort_order;
	if (rawOrder !== undefined && rawOrder !== null && rawOrder !== 'ascending' && rawOrder !== 'descending') {
		throw badRequest('sort_order must be ascending or descending.');
	}

	const keyStyle = rules.keyStyle ?? 'cursor';
	let cursor: Cursor | undefined;
	let afterId: string | undefined;
	const rawKey = source.pagination_key;
	if (rawKey !== undefined && rawKey !== null && rawKey !== '') {
		if (typeof rawKey !== 'string') throw badRequest('pagination_key must be a string.');
		if (keyStyle === 'lastId') {
			afterId = rawKey;
		} else {
			cursor = decodeCursor(rawKey);
			if (typeof rawOrder === 'string' && rawOrder !== cursor.order) {
				throw badRequest('pagination_key was issued for the other sort_order.');
			}
		}
	}
	const sortOrder: SortOrder = typeof rawOrder === 'string' ? (rawOrder as SortOrder) : (cursor?.order ?? 'descending');

	let skip: number | undefined;
	let includeTotal = false;
	if (rules.allowSkip) {
		skip = toInteger(source.skip, 'skip');
		if (skip !== undefined && skip < 0) throw badRequest('skip must not be negative.');
		if (skip !== undefined && (cursor || afterId !== undefined)) throw badRequest('skip and pagination_key are mutually exclusive.');
		if (source.include_total !== undefined && source.include_total !== null && typeof source.include_total !== 'boolean') {
			throw badRequest('include_total must be a boolean.');
		}
		includeTotal = source.include_total === true;
	}
	return { limit, sortOrder, keyStyle, cursor, afterId, skip, includeTotal };
}

/**
 * One page of `all` (already filtered), ordered by `sortKey` then `id`.
 * `map` turns stored objects into list items (e.g. calls without transcripts).
 * `sortKeyOfId` finds where a `lastId` key's item sorts now, also when the filter no longer selects it.
 */
export function paginate<T, R = T>(
	all: Iterable<T>,
	request: PageRequest,
	sortKey: (item: T) => number,
	id: (item: T) => string,
	map: (item: T) => R = (item) => item as unknown as R,
	sortKeyOfId?: (id: string) => number | undefined,
): Page<R> {
	const direction = request.sortOrder === 'ascending' ? 1 : -1;
	const compare = (ka: number, ia: string, kb: number, ib: string): number =>
		direction * (ka !== kb ? (ka < kb ? -1 : 1) : ia < ib ? -1 : ia > ib ? 1 : 0);

	const sorted = [...all]
		.map((item) => ({ item, key: sortKey(item), id: id(item) }))
		.sort((a, b) => compare(a.key, a.id, b.key, b.id));

	const cursor = request.afterId === undefined ? request.cursor : lastIdCursor(request.afterId, sorted, sortKeyOfId);
	let start = request.skip ?? 0;
	if (cursor) {
		start = sorted.findIndex((e) => compare(e.key, e.id, cursor.key, cursor.id) > 0);
		if (start < 0) start = sorted.length;
	}
	const slice = sorted.slice(start, start + request.limit);
	const hasMore = start + slice.length < sorted.length;
	const last = slice[slice.length - 1];
	const page: Page<R> = { items: slice.map((e) => map(e.item)), has_more: hasMore };
	if (hasMore && last) page.pagination_key = request.keyStyle === 'lastId' ? last.id : encodeCursor({ key: last.key, id: last.id, order: request.sortOrder });
	if (request.includeTotal) page.total = sorted.length;
	return page;
}

/** Where a `lastId` key's item sorts; an id that names nothing is refused ⚠ (Retell does not say what it does). */
function lastIdCursor(afterId: string, sorted: Array<{ key: number; id: string }>, sortKeyOfId?: (id: string) => number | undefined): Pick<Cursor, 'key' | 'id'> {
	const key = sortKeyOfId?.(afterId) ?? sorted.find((entry) => entry.id === afterId)?.key;
	if (key === undefined) throw badRequest('pagination_key names no item of this list.');
	return { key, id: afterId };
}
