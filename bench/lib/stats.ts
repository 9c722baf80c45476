/** Latency summaries in milliseconds. Percentiles interpolate linearly between the two nearest ranks. */
export interface LatencySummary {
	count: number;
	min: number;
	p50: number;
	p90: number;
	p95: number;
	p99: number;
	max: number;
	mean: number;
}

export function percentile(sorted: readonly number[], p: number): number {
	if (sorted.length === 0) return Number.NaN;
	if (sorted.length === 1) return sorted[0];
	const rank = (p / 100) * (sorted.length - 1);
	const low = Math.floor(rank);
	const high = Math.ceil(rank);
	return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

export function median(values: readonly number[]): number {
	return percentile([...values].sort((a, b) => a - b), 50);
}

export function summarize(values: readonly number[]): LatencySummary {
	const sorted = [...values].sort((a, b) => a - b);
	const total = sorted.reduce((sum, value) => sum + value, 0);
	return {
		count: sorted.length,
		min: round(sorted[0] ?? Number.NaN),
		p50: round(percentile(sorted, 50)),
		p90: round(percentile(sorted, 90)),
		p95: round(percentile(sorted, 95)),
		p99: round(percentile(sorted, 99)),
		max: round(sorted[sorted.length - 1] ?? Number.NaN),
		mean: round(sorted.length === 0 ? Number.NaN : total / sorted.length),
	};
}

/** a / b, rounded; "how many times b fits in a". */
export function ratio(a: number, b: number, digits = 2): number {
	return b === 0 ? Number.NaN : round(a / b, digits);
}

export function round(value: number, digits = 2): number {
	if (!Number.isFinite(value)) return value;
	const factor = 10 ** digits;
	return Math.round(value * factor) / factor;
}

/** Human text for a duration in ms: 0.84 ms, 12.3 ms, 4.21 s. */
export function formatMs(value: number): string {
	if (!Number.isFinite(value)) return 'n/a';
	if (value >= 10_000) return `${(value / 1000).toFixed(1)} s`;
	if (value >= 1_000) return `${(value / 1000).toFixed(2)} s`;
	if (value >= 100) return `${value.toFixed(0)} ms`;
	if (value >= 10) return `${value.toFixed(1)} ms`;
	return `${value.toFixed(2)} ms`;
}

export function formatRatio(value: number): string {
	return Number.isFinite(value) ? `${value >= 10 ? value.toFixed(1) : value.toFixed(2)}×` : 'n/a';
}
