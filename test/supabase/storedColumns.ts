import type { SessionRow } from '../../nodes/shared/supabase/sessionRow';

/**
 * Every column `toSessionRow` mapped, as the session row stores it: timestamps compared as instants (PostgreSQL
 * writes them back as `+00:00`), everything else exactly. The column name is part of each comparison, so a failure
 * names it.
 */
export function expectStoredAsMapped(stored: Record<string, unknown> | undefined, mapped: Omit<SessionRow, 'event'>): void {
	for (const [column, value] of Object.entries(mapped)) {
		if (column.endsWith('_timestamp')) expect([column, Date.parse(String(stored?.[column]))]).toEqual([column, Date.parse(String(value))]);
		else expect([column, stored?.[column]]).toEqual([column, value]);
	}
}
