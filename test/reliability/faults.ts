import type { FaultProxy } from '../support/faults/proxy';
import type { SupabaseStack } from '../support/supabase-stack/stack';

/** What queue mode adds to break: a worker, Redis. */
export interface QueueTargets {
	/** SIGKILLs one of the workers (with its task runner), as the OOM killer would. */
	killWorker(): Promise<void>;
	/** Starts a worker in place of the killed one. */
	startWorker(): Promise<void>;
	stopRedis(): Promise<void>;
	/** Redis again on its port, empty: nothing was persisted (as a Redis without AOF restarts). */
	startRedis(): Promise<void>;
}

export interface FaultTargets {
	supabase: SupabaseStack;
	queue?: QueueTargets;
	/** Between n8n and the gateway: where the gateway's own faults (503, a stall) are played. */
	proxy?: FaultProxy;
}

/** One kind of fault, played `times` times at random points of a scenario's deliveries. */
export interface Fault {
	key: string;
	/** What happens, for the report. */
	label: string;
	times: number;
	/** Breaks something, waits, repairs it; resolves once repaired. */
	play(targets: FaultTargets): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Every fault: break something, leave it broken `ms`, repair it. */
async function outage(breakIt: () => Promise<void>, repair: () => Promise<void>, ms: number): Promise<void> {
	await breakIt();
	await sleep(ms);
	await repair();
}

function proxyOf(targets: FaultTargets): FaultProxy {
	if (!targets.proxy) throw new Error('gateway faults need n8n to reach Supabase through the fault proxy');
	return targets.proxy;
}

function queueOf(targets: FaultTargets): QueueTargets {
	if (!targets.queue) throw new Error('this fault needs n8n in queue mode');
	return targets.queue;
}

/**
 * The faults of issue 16. Retell waits 10 s per attempt and retries 3 times (retell-api.md §5.3); the
 * emulated pauses between attempts are 1, 2 and 4 s, so a delivery that fails fast is given up about 7 s
 * after its first attempt, one whose attempts all time out after about 47 s.
 */
export const FAULTS: Fault[] = [
	{ key: 'none', label: 'none', times: 0, play: async () => undefined },
	{
		key: 'postgrest-killed',
		label: 'PostgREST SIGKILLed, back after 5 s (×3)',
		times: 3,
		play: async ({ supabase }) => await outage(supabase.faults.killPostgrest, supabase.faults.startPostgrest, 5_000),
	},
	{
		key: 'postgres-restarted',
		label: 'PostgreSQL stopped (fast shutdown), back after 5 s (×3)',
		times: 3,
		play: async ({ supabase }) => await outage(supabase.faults.stopPostgres, supabase.faults.startPostgres, 5_000),
	},
	{
		key: 'gateway-503',
		label: 'gateway answers 503 for 5 s (×3)',
		times: 3,
		play: async (targets) => {
			const proxy = proxyOf(targets);
			await outage(async () => await proxy.set({ kind: 'status', status: 503 }), async () => await proxy.set({ kind: 'pass' }), 5_000);
		},
	},
	{
		key: 'gateway-stall',
		label: "gateway holds requests 15 s, past Retell's 10 s timeout (×2)",
		times: 2,
		play: async (targets) => {
			const proxy = proxyOf(targets);
			await outage(async () => await proxy.set({ kind: 'stall' }), async () => await proxy.set({ kind: 'pass' }), 15_000);
		},
	},
	{
		key: 'long-outage',
		label: "PostgREST down 60 s, longer than Retell's whole retry window (×1)",
		times: 1,
		play: async ({ supabase }) => await outage(supabase.faults.killPostgrest, supabase.faults.startPostgrest, 60_000),
	},
];

/** Queue mode (main, webhook processor, two workers, Redis). */
export const QUEUE_FAULTS: Fault[] = [
	{ key: 'queue-none', label: 'none (queue mode)', times: 0, play: async () => undefined },
	{
		key: 'worker-killed',
		label: 'a worker SIGKILLed mid-execution, a new one after 5 s (×3)',
		times: 3,
		play: async (targets) => await outage(queueOf(targets).killWorker, queueOf(targets).startWorker, 5_000),
	},
	{
		key: 'redis-restarted',
		label: 'Redis stopped, back empty after 5 s (×2)',
		times: 2,
		play: async (targets) => await outage(queueOf(targets).stopRedis, queueOf(targets).startRedis, 5_000),
	},
];
