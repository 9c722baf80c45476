import type { LoadResult } from './load';
import { round, summarize, type LatencySummary } from './stats';

/** Several rounds of one variant, pooled. */
export interface Pooled {
	requests: number;
	latency: LatencySummary;
	/** Requests per second over the rounds' summed wall time. */
	perSecond: number;
	statuses: Record<string, number>;
	failed: number;
	rejectedBodies: number;
	/** Median of the per-round p50s: a check that one bad round did not drive the pooled figure. */
	roundMedians: number[];
}

export function pool(results: readonly LoadResult[]): Pooled {
	const latencies = results.flatMap((result) => result.firstAttemptMs.filter((value) => value !== undefined));
	const wallMs = results.reduce((sum, result) => sum + result.wallMs, 0);
	const acked = results.reduce((sum, result) => sum + result.ackMs.length, 0);
	const statuses: Record<string, number> = {};
	for (const result of results) {
		for (const [status, count] of Object.entries(result.statuses)) statuses[status] = (statuses[status] ?? 0) + count;
	}
	return {
		requests: latencies.length,
		latency: summarize(latencies),
		perSecond: round(acked / (wallMs / 1000), 1),
		statuses,
		failed: results.reduce((sum, result) => sum + result.failed.length, 0),
		rejectedBodies: results.reduce((sum, result) => sum + result.rejectedBodies, 0),
		roundMedians: results.map((result) => summarize(result.firstAttemptMs).p50),
	};
}
