import type { IDataObject } from 'n8n-workflow';

/**
 * An SDK response (a typed interface, some fields `unknown` like `metadata`) as the plain JSON object
 * an n8n item holds. Retell's responses are parsed JSON, so every value already is item-safe.
 */
export function toDataObject(value: object): IDataObject {
	return Object.fromEntries(Object.entries(value));
}
