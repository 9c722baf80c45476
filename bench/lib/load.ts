import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface LoadRequest {
	url: string;
	method?: string;
	headers?: Record<string, string>;
	body?: string | Buffer;
}

export interface Reply {
	status: number;
	body: string;
	ms: number;
	/** Set when no HTTP answer came back (timeout, reset, refused). */
	error?: string;
}

/** One HTTP exchange over `agent`; never rejects (network errors come back as status 0). */
export function send(request: LoadRequest, agent: Agent, timeoutMs = 60_000): Promise<Reply> {
	return new Promise((resolve) => {
		const started = performance.now();
		const body = request.body === undefined ? undefined : Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body);
		const headers: Record<string, string> = { ...request.headers };
		if (body) headers['content-length'] = String(body.length);
		let settled = false;
		const done = (reply: Omit<Reply, 'ms'>): void => {
			if (settled) return;
			settled = true;
			resolve({ ...reply, ms: performance.now() - started });
		};
		const req = httpRequest(request.url, { method: request.method ?? 'POST', headers, agent }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () => done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
			res.on('error', (error) => done({ status: 0, body: '', error: error.message }));
		});
		req.setTimeout(timeoutMs, () => {
			req.destroy(new Error(`timeout after ${timeoutMs} ms`));
		});
		req.on('error', (error) => done({ status: 0, body: '', error: error.message }));
		req.end(body);
	});
}

/** Retell's delivery policy (retell-api.md §5.3): 10 s per attempt, then up to 3 retries. */
export interface RetryPolicy {
	timeoutMs: number;
	delaysMs: number[];
}

export const RETELL_DELIVERY: RetryPolicy = { timeoutMs: 10_000, delaysMs: [1_000, 2_000, 4_000] };

export interface LoadOptions {
	count: number;
	concurrency: number;
	/** Built per attempt, so a signature can carry the attempt's own timestamp. */
	request: (index: number, attempt: number) => LoadRequest;
	/** Whether an answer counts as success (default: 2xx). */
	accept?: (reply: Reply, index: number) => boolean;
	/** Without a policy each request is sent once, with a 60 s timeout. */
	retry?: RetryPolicy;
	agent?: Agent;
	/** Paced: request i starts no earlier than i × intervalMs after the first, as events arrive from live calls. */
	intervalMs?: number;
}

export interface LoadResult {
	count: number;
	concurrency: number;
	wallMs: number;
	/** Acknowledged requests per second of wall time. */
	perSecond: number;
	/** First attempt of every request, answered or not. */
	firstAttemptMs: number[];
	/** From the first send to the accepted answer, retries and pauses included; acknowledged requests only. */
	ackMs: number[];
	/** Status of every attempt ("0" = no answer, with the error text counted under errors). */
	statuses: Record<string, number>;
	errors: Record<string, number>;
	attempts: number;
	/** Requests never accepted after all attempts. */
	failed: number[];
	rejectedBodies: number;
}

/**
 * A closed loop: `concurrency` senders, each taking the next index as soon as its previous request is done.
 * Latency is what the caller waits for, measured around the whole exchange on a keep-alive connection.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
	const agent = options.agent ?? new Agent({ keepAlive: true, maxSockets: options.concurrency });
	const accept = options.accept ?? ((reply: Reply) => reply.status >= 200 && reply.status < 300);
	const policy = options.retry ?? { timeoutMs: 60_000, delaysMs: [] };
	const result: LoadResult = {
		count: options.count,
		concurrency: options.concurrency,
		wallMs: 0,
		perSecond: 0,
		firstAttemptMs: new Array<number>(options.count),
		ackMs: [],
		statuses: {},
		errors: {},
		attempts: 0,
		failed: [],
		rejectedBodies: 0,
	};
	let next = 0;
	const started = performance.now();
	const sender = async (): Promise<void> => {
		while (next < options.count) {
			const index = next++;
			if (options.intervalMs) await sleep(started + index * options.intervalMs - performance.now());
			const first = performance.now();
			let accepted = false;
			for (let attempt = 0; attempt <= policy.delaysMs.length && !accepted; attempt++) {
				if (attempt > 0) await sleep(policy.delaysMs[attempt - 1]);
				const reply = await send(options.request(index, attempt), agent, policy.timeoutMs);
				result.attempts++;
				if (attempt === 0) result.firstAttemptMs[index] = reply.ms;
				result.statuses[String(reply.status)] = (result.statuses[String(reply.status)] ?? 0) + 1;
				if (reply.error) result.errors[reply.error] = (result.errors[reply.error] ?? 0) + 1;
				accepted = accept(reply, index);
				if (!accepted && reply.status >= 200 && reply.status < 300) result.rejectedBodies++;
			}
			if (accepted) result.ackMs.push(performance.now() - first);
			else result.failed.push(index);
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, options.count)) }, sender));
	result.wallMs = performance.now() - started;
	result.perSecond = result.ackMs.length / (result.wallMs / 1000);
	if (!options.agent) agent.destroy();
	return result;
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Runs every variant once per round; odd rounds reverse the order (A B, B A, …), so a drift of the machine
 * (a warming JIT, a growing database, a neighbour's load) spreads over all variants instead of one.
 */
export async function interleave<T>(
	rounds: number,
	variants: ReadonlyArray<{ name: string; run: (round: number) => Promise<T> }>,
	onResult?: (name: string, round: number, result: T) => void,
): Promise<Map<string, T[]>> {
	const results = new Map<string, T[]>(variants.map((variant) => [variant.name, []]));
	for (let round = 0; round < rounds; round++) {
		const order = round % 2 === 0 ? variants : [...variants].reverse();
		for (const variant of order) {
			const value = await variant.run(round);
			results.get(variant.name)?.push(value);
			onResult?.(variant.name, round, value);
		}
	}
	return results;
}
