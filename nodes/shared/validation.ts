import type { IDataObject, INode } from 'n8n-workflow';
import { jsonParse, NodeOperationError } from 'n8n-workflow';

/** The outcome of checking untrusted input: the value, or why it was refused. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** ITU-T E.164: a "+", then 1–15 digits, the first not 0 (`+4520123456` is valid). */
const E164 = /^\+[1-9]\d{0,14}$/;

export function assertE164(node: INode, value: string, field: string, itemIndex: number): string {
	const number = value.trim();
	if (!E164.test(number)) {
		throw new NodeOperationError(node, `${field} must be an E.164 phone number, like +14155550100`, {
			itemIndex,
			description: `Got "${value}". E.164 is a "+", then the country code and number: up to 15 digits, no spaces.`,
		});
	}
	return number;
}

export function assertPresent(node: INode, value: string | undefined, field: string, itemIndex: number): string {
	const trimmed = value?.trim();
	if (!trimmed) throw new NodeOperationError(node, `${field} is required`, { itemIndex });
	return trimmed;
}

/**
 * A JSON parameter as an object: n8n hands JSON fields over as a string or, after an expression,
 * as an already parsed value. Blank means "nothing".
 */
export function parseJsonObject(
	node: INode,
	value: unknown,
	field: string,
	itemIndex: number,
): IDataObject | undefined {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
		return undefined;
	}
	let parsed: unknown = value;
	if (typeof value === 'string') {
		try {
			parsed = jsonParse(value);
		} catch (error) {
			throw new NodeOperationError(node, `${field} is not valid JSON`, {
				itemIndex,
				description: (error as Error).message,
			});
		}
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw new NodeOperationError(node, `${field} must be a JSON object`, { itemIndex });
	}
	return parsed as IDataObject;
}

/** Like parseJsonObject, for fields that hold a JSON array (tools, states, texts). */
export function parseJsonArray(node: INode, value: unknown, field: string, itemIndex: number): unknown[] | undefined {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
		return undefined;
	}
	let parsed: unknown = value;
	if (typeof value === 'string') {
		try {
			parsed = jsonParse(value);
		} catch (error) {
			throw new NodeOperationError(node, `${field} is not valid JSON`, {
				itemIndex,
				description: (error as Error).message,
			});
		}
	}
	if (!Array.isArray(parsed)) throw new NodeOperationError(node, `${field} must be a JSON array`, { itemIndex });
	return parsed;
}

/** Drops blank optional fields: Retell treats "" as a value (e.g. an empty override agent id). */
export function omitBlank<T extends object>(body: T): T {
	return Object.fromEntries(
		Object.entries(body).filter(
			([, value]) => value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === ''),
		),
	) as T;
}
