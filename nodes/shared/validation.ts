import type { IDataObject, INode } from 'n8n-workflow';
import { jsonParse, NodeOperationError } from 'n8n-workflow';

import { isDataObject } from './dataObject';

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
 * A JSON parameter's value: n8n hands JSON fields over as a string or, after an expression, as an
 * already parsed value. Blank means "nothing" (undefined).
 */
function parseJson(node: INode, value: unknown, field: string, itemIndex: number): unknown {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
		return undefined;
	}
	if (typeof value !== 'string') return value;
	try {
		return jsonParse(value);
	} catch (error) {
		throw new NodeOperationError(node, `${field} is not valid JSON`, {
			itemIndex,
			description: error instanceof Error ? error.message : String(error),
		});
	}
}

export function parseJsonObject(
	node: INode,
	value: unknown,
	field: string,
	itemIndex: number,
): IDataObject | undefined {
	const parsed = parseJson(node, value, field, itemIndex);
	if (parsed === undefined || isDataObject(parsed)) return parsed;
	throw new NodeOperationError(node, `${field} must be a JSON object`, { itemIndex });
}

/** Like parseJsonObject, for fields that hold a JSON array (tools, states, texts). */
export function parseJsonArray(node: INode, value: unknown, field: string, itemIndex: number): unknown[] | undefined {
	const parsed = parseJson(node, value, field, itemIndex);
	if (parsed === undefined || Array.isArray(parsed)) return parsed;
	throw new NodeOperationError(node, `${field} must be a JSON array`, { itemIndex });
}

/** Drops blank optional fields: Retell treats "" as a value (e.g. an empty override agent id). */
export function omitBlank<T extends object>(body: T): T {
	return Object.fromEntries(
		Object.entries(body).filter(
			([, value]) => value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === ''),
		),
	) as T;
}

/**
 * A phone number to dial or import: E.164, or any non-empty text when the user turned Ignore E.164 Validation on
 * (Retell then accepts internal pseudo numbers, SDK 5.66.1 `ignore_e164_validation`).
 */
export function assertPhoneNumber(
	node: INode,
	value: string | undefined,
	field: string,
	itemIndex: number,
	ignoreE164Validation: boolean,
): string {
	return ignoreE164Validation ? assertPresent(node, value, field, itemIndex) : assertE164(node, value ?? '', field, itemIndex);
}
