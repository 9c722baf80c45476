import { badRequest } from './errors';

export type JsonObject = Record<string, unknown>;

export const E164 = /^\+[1-9]\d{1,14}$/;

export function isHttpUrl(value: unknown): value is string {
	return typeof value === 'string' && /^https?:\/\/\S+$/i.test(value);
}

export function isRecord(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The request body as an object; absent bodies count as `{}`. */
export function bodyObject(body: unknown): JsonObject {
	if (body === undefined) return {};
	if (!isRecord(body)) throw badRequest('The request body must be a JSON object.');
	return body;
}

/** Retell's API is snake_case only; a camelCase key means the caller mapped a field wrongly. */
export function rejectCamelCase(body: JsonObject): void {
	for (const key of Object.keys(body)) {
		if (/[A-Z]/.test(key)) throw badRequest(`Unknown field ${key}: field names are snake_case.`);
	}
}

export function requireString(body: JsonObject, key: string): string {
	const value = body[key];
	if (typeof value !== 'string' || value.length === 0) throw badRequest(`${key} is required and must be a non-empty string.`);
	return value;
}

export function optionalString(body: JsonObject, key: string): string | null | undefined {
	const value = body[key];
	if (value === undefined || value === null || typeof value === 'string') return value;
	throw badRequest(`${key} must be a string.`);
}

export function optionalNumber(body: JsonObject, key: string): number | undefined {
	const value = body[key];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'number' || !Number.isFinite(value)) throw badRequest(`${key} must be a number.`);
	return value;
}

export function optionalInteger(body: JsonObject, key: string): number | undefined {
	const value = optionalNumber(body, key);
	if (value !== undefined && !Number.isInteger(value)) throw badRequest(`${key} must be an integer.`);
	return value;
}

export function optionalBoolean(body: JsonObject, key: string): boolean | undefined {
	const value = body[key];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'boolean') throw badRequest(`${key} must be a boolean.`);
	return value;
}

/** Dynamic variables and SIP headers are string maps; Retell rejects numbers and objects as values. */
export function optionalStringMap(body: JsonObject, key: string): Record<string, string> | undefined {
	const value = body[key];
	if (value === undefined || value === null) return undefined;
	if (!isRecord(value)) throw badRequest(`${key} must be an object of strings.`);
	for (const [name, entry] of Object.entries(value)) {
		if (typeof entry !== 'string') throw badRequest(`${key}.${name} must be a string.`);
	}
	return value as Record<string, string>;
}

export function requireE164(value: string, key: string, ignoreValidation: boolean | undefined): void {
	if (!ignoreValidation && !E164.test(value)) throw badRequest(`${key} ${value} is not a valid E.164 phone number.`);
}

/** Integer query parameter (`?version=2`); undefined when absent. */
export function queryInteger(query: Record<string, string>, key: string): number | undefined {
	const raw = query[key];
	if (raw === undefined || raw === '') return undefined;
	if (!/^-?\d+$/.test(raw)) throw badRequest(`${key} must be an integer.`);
	return Number(raw);
}

export function queryBoolean(query: Record<string, string>, key: string): boolean | undefined {
	const raw = query[key];
	if (raw === undefined || raw === '') return undefined;
	if (raw === 'true') return true;
	if (raw === 'false') return false;
	throw badRequest(`${key} must be true or false.`);
}
