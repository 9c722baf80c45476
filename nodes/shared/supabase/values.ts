import { isDataObject } from '../dataObject';

// Typed reads of untrusted JSON (webhook bodies, items from other nodes): a wrong type reads as absent.

/** A non-empty string. */
export function text(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A non-blank string, trimmed; numbers (a phone number from an expression) count as text. */
export function trimmedText(value: unknown): string | undefined {
	const raw = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
	return typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : undefined;
}

export function number(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function flag(value: unknown): boolean | undefined {
	return typeof value === 'boolean' ? value : undefined;
}

/** Retell timestamps are epoch milliseconds; one no date can hold (beyond ±8.64e15 ms) reads as absent. */
export function isoTime(value: unknown): string | undefined {
	const ms = number(value);
	if (ms === undefined) return undefined;
	const date = new Date(ms);
	return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** null, undefined and `{}` carry nothing. */
export function present(value: unknown): unknown {
	if (value === null || value === undefined) return undefined;
	if (isDataObject(value) && Object.keys(value).length === 0) return undefined;
	return value;
}

/** Absent, not null: a key sent as null would still be a key, and the columns list stays minimal. */
export function withoutUndefined<T extends object>(row: T): T {
	for (const [key, value] of Object.entries(row)) {
		if (value === undefined) Reflect.deleteProperty(row, key);
	}
	return row;
}

/** Whether the runtime knows this IANA time zone (the same list PostgreSQL's comes from). */
export function isTimeZone(name: string): boolean {
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: name });
		return true;
	} catch {
		return false;
	}
}
