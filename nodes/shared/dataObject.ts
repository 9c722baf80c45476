import type { IDataObject } from 'n8n-workflow';

export function isDataObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * An SDK response (a typed interface, some fields `unknown` like `metadata`) as the plain JSON object
 * an n8n item holds. Retell's responses are parsed JSON, so every value already is item-safe.
 */
export function toDataObject(value: object): IDataObject {
	return Object.fromEntries(Object.entries(value));
}

/** Retell's dynamic variables and SIP headers are string maps; it rejects any other value type. */
export function toRetellText(value: unknown): string {
	if (typeof value === 'string') return value;
	if (value === undefined || value === null) return '';
	if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
	return JSON.stringify(value);
}
