import { createHash } from 'node:crypto';

import { isMergeReport, MERGE_FUNCTION } from './merge';
import type { SessionRow } from './sessionRow';
import {
	createSupabaseClient,
	MIGRATION_FILE,
	requestOutcome,
	type RequestProblem,
	type RetellSupabaseClient,
	type RetellSupabaseCredentials,
} from './transport';
import { readRequestTimeoutMs } from './transport/deadline';
import type { MergeAction } from './transport/database';

/** What the merge did with one row: the same report Session → Log gives per item. */
export interface StoredRow {
	action: Exclude<MergeAction, 'error'>;
	first_delivery: boolean | null;
}

export type LogOutcome = { stored: StoredRow } | { problem: RequestProblem };

/**
 * Merges in flight per Supabase project. While they run, the rows that arrive wait and then go together in the
 * next merge (group commit): one event alone is sent at once, and under load each request carries many rows, so
 * the database round trips grow far slower than the events. Batches lock their calls in call_id order, so two in
 * flight never deadlock (retell_merge_call_sessions).
 */
const MERGES_IN_FLIGHT = 2;
const MAX_ROWS_PER_MERGE = 200;
/** A request body PostgREST parses in one piece: two-hour calls make single events of several MB. */
const MAX_BYTES_PER_MERGE = 8 * 1024 * 1024;

interface WaitingRow {
	row: SessionRow;
	bytes: number;
	/** When the answer to the request that brought this row is due. */
	deadline: number;
	settle: (outcome: LogOutcome) => void;
}

const TIMED_OUT: RequestProblem = {
	message: 'Supabase did not store the event in time',
	description: 'The merges before it took the whole Request Timeout of the Retell Supabase API credential.',
	transient: true,
};

class SessionLog {
	private readonly waiting: WaitingRow[] = [];
	private inFlight = 0;

	constructor(
		private readonly client: RetellSupabaseClient,
		private readonly timeoutMs: number,
	) {}

	async store(row: SessionRow, bytes: number): Promise<LogOutcome> {
		return await new Promise((settle) => {
			this.waiting.push({ row, bytes, deadline: Date.now() + this.timeoutMs, settle });
			this.pump();
		});
	}

	private pump(): void {
		while (this.inFlight < MERGES_IN_FLIGHT && this.waiting.length > 0) {
			const batch = this.nextBatch();
			if (batch.length === 0) continue;
			this.inFlight++;
			void this.merge(batch).finally(() => {
				this.inFlight--;
				this.pump();
			});
		}
	}

	/** The oldest waiting rows that fit one request; rows whose answer is already overdue are answered as such. */
	private nextBatch(): WaitingRow[] {
		const now = Date.now();
		const batch: WaitingRow[] = [];
		let bytes = 0;
		while (this.waiting.length > 0 && batch.length < MAX_ROWS_PER_MERGE) {
			const next = this.waiting[0];
			if (batch.length > 0 && bytes + next.bytes > MAX_BYTES_PER_MERGE) break;
			this.waiting.shift();
			if (next.deadline <= now) {
				next.settle({ problem: TIMED_OUT });
				continue;
			}
			batch.push(next);
			bytes += next.bytes;
		}
		return batch;
	}

	private async merge(batch: WaitingRow[]): Promise<void> {
		const deadline = Math.min(...batch.map((waiting) => waiting.deadline));
		const rows = batch.map((waiting) => waiting.row);
		try {
			const outcome = await requestOutcome(
				this.client,
				(db) => db.rpc(MERGE_FUNCTION, { p_rows: rows, p_return_rows: false }),
				{ rpc: MERGE_FUNCTION },
				deadline,
			);
			if ('problem' in outcome) {
				for (const waiting of batch) waiting.settle(outcome);
				return;
			}
			if (!isMergeReport(outcome.data, rows.length)) {
				const problem: RequestProblem = {
					message: `${MERGE_FUNCTION} answered in an unexpected shape`,
					description: `The function in this Supabase project is not the one this node expects. Run ${MIGRATION_FILE} again (it is idempotent).`,
					transient: false,
				};
				for (const waiting of batch) waiting.settle({ problem });
				return;
			}
			for (const entry of outcome.data) {
				const waiting = batch[entry.item_index];
				if (entry.action === 'error') {
					const reason = entry.error?.message ?? 'unknown error';
					waiting.settle({
						problem: {
							message: `Could not log call ${waiting.row.call_id}: ${reason}`,
							description: `PostgreSQL error ${entry.error?.code ?? ''}; the other events were stored.`,
							transient: false,
						},
					});
				} else {
					waiting.settle({ stored: { action: entry.action, first_delivery: entry.first_delivery ?? null } });
				}
			}
		} catch (error) {
			// Nothing above should throw; if it does, no request may hang until Retell's timeout.
			const problem: RequestProblem = { message: error instanceof Error ? error.message : String(error), transient: true };
			for (const waiting of batch) waiting.settle({ problem });
		}
	}
}

/**
 * One log per project, key and timeout, kept for the process: the client and its connections are reused by every
 * request. Only a digest of the key is the map's key. A changed credential makes a new entry; the oldest go.
 */
const logs = new Map<string, Promise<SessionLog>>();
const MAX_LOGS = 16;

function logFor(credentials: RetellSupabaseCredentials): Promise<SessionLog> {
	const timeoutMs = readRequestTimeoutMs(credentials.requestTimeout);
	const key = createHash('sha256')
		.update(`${credentials.host}\n${credentials.serviceRole}\n${timeoutMs}`)
		.digest('hex');
	let log = logs.get(key);
	if (!log) {
		log = createSupabaseClient(credentials).then((client) => new SessionLog(client, timeoutMs));
		logs.set(key, log);
		if (logs.size > MAX_LOGS) logs.delete(logs.keys().next().value ?? key);
	}
	return log;
}

/**
 * Stores one session row through the same merge as Session → Log and resolves once it is durable (or failed).
 * `bytes`, the size of the request that carried it, keeps each merge request within a size PostgREST takes.
 * Credentials must have passed credentialProblem().
 */
export async function logSessionRow(credentials: RetellSupabaseCredentials, row: SessionRow, bytes: number): Promise<LogOutcome> {
	const log = await logFor(credentials);
	return await log.store(row, bytes);
}
