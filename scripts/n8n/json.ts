/** A parsed JSON value (or anything unknown) that is a plain object, not an array or null. */
export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
