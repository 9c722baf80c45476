import http from 'node:http';
import https from 'node:https';
import type { Scheduler } from './scheduler';
import { signRetellBody } from './signature';
import type { RecordedWebhook, ResolvedOptions } from './types';

export interface OutboundResult {
	status: number | 'error';
	/** Response text (first 1 MB), or the error message when status is 'error'. */
	text: string;
}

const MAX_RESPONSE_BYTES = 1024 * 1024;

/** One HTTP request from "Retell" to a user endpoint; never throws. */
export function sendOutbound(
	method: string,
	url: string,
	body: string,
	headers: Record<string, string>,
	timeoutMs: number,
	signal: AbortSignal,
): Promise<OutboundResult> {
	return new Promise((resolve) => {
		let target: URL;
		try {
			target = new URL(url);
		} catch {
			resolve({ status: 'error', text: `invalid URL ${url}` });
			return;
		}
		const transport = target.protocol === 'https:' ? https : target.protocol === 'http:' ? http : undefined;
		if (!transport) {
			resolve({ status: 'error', text: `unsupported protocol ${target.protocol}` });
			return;
		}
		const payload = Buffer.from(body, 'utf8');
		let settled = false;
		const finish = (result: OutboundResult): void => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			signal.removeEventListener('abort', onAbort);
			resolve(result);
		};
		const req = transport.request(target, {
			method,
			// No keep-alive: a closed emulator must leave no sockets behind.
			agent: false,
			headers: { ...headers, ...(payload.length > 0 || method !== 'GET' ? { 'Content-Length': String(payload.length) } : {}) },
		});
		const timer = setTimeout(() => {
			req.destroy();
			finish({ status: 'error', text: `timeout after ${timeoutMs} ms` });
		}, timeoutMs);
		const onAbort = (): void => {
			req.destroy();
			finish({ status: 'error', text: 'aborted' });
		};
		signal.addEventListener('abort', onAbort);
		req.on('error', (error) => finish({ status: 'error', text: error.message }));
		req.on('response', (res) => {
			const chunks: Buffer[] = [];
			let size = 0;
			res.on('data', (chunk: Buffer) => {
				size += chunk.length;
				if (size <= MAX_RESPONSE_BYTES) chunks.push(chunk);
			});
			res.on('end', () => finish({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
			res.on('error', (error) => finish({ status: 'error', text: error.message }));
		});
		if (payload.length > 0) req.write(payload);
		req.end();
	});
}

export const WEBHOOK_MAX_RETRIES = 3;
export const WEBHOOK_DEFAULT_TIMEOUT_MS = 10_000;
/** Pause before retry n (1-based), in simulated ms; Retell does not publish its schedule (retell-api.md §5.3). */
const RETRY_PAUSES_MS = [1_000, 2_000, 4_000];

export interface WebhookJob {
	callId: string;
	url: string;
	event: string;
	body: string;
	timeoutMs: number;
}

/**
 * Signed event delivery (retell-api.md §5.3): POST, any 2xx accepts, otherwise (non-2xx, timeout, network error)
 * up to 3 retries. The first attempts of one call's events go out in order; a failing event does not hold back
 * the next one, its retries run alongside.
 */
export class WebhookDispatcher {
	private readonly previousFirstAttempt = new Map<string, Promise<void>>();

	constructor(
		private readonly options: ResolvedOptions,
		private readonly scheduler: Scheduler,
		private readonly record: (webhook: RecordedWebhook) => void,
		private readonly log: (line: string) => void,
	) {}

	send(job: WebhookJob): Promise<void> {
		const previous = this.previousFirstAttempt.get(job.callId) ?? Promise.resolve();
		let firstAttemptDone!: () => void;
		const mine = new Promise<void>((resolve) => (firstAttemptDone = resolve));
		this.previousFirstAttempt.set(job.callId, mine);
		const delivery = previous.then(() => this.deliver(job, firstAttemptDone)).finally(() => {
			firstAttemptDone();
			if (this.previousFirstAttempt.get(job.callId) === mine) this.previousFirstAttempt.delete(job.callId);
		});
		return delivery;
	}

	clear(): void {
		this.previousFirstAttempt.clear();
	}

	private async deliver(job: WebhookJob, firstAttemptDone: () => void): Promise<void> {
		const generation = this.scheduler.generation;
		for (let attempt = 1; attempt <= WEBHOOK_MAX_RETRIES + 1; attempt++) {
			if (generation !== this.scheduler.generation) return;
			const signature = signRetellBody(job.body, this.options.apiKey, Date.now());
			const { signal, release } = this.scheduler.abortable();
			const result = await sendOutbound(
				'POST',
				job.url,
				job.body,
				{ 'Content-Type': 'application/json', 'X-Retell-Signature': signature, 'User-Agent': 'retell-emulator' },
				job.timeoutMs,
				signal,
			);
			release();
			if (generation !== this.scheduler.generation) return;
			this.record({ url: job.url, event: job.event, body: job.body, signature, status: result.status, attempt });
			this.log(`webhook ${job.event} ${job.callId} → ${job.url} attempt ${attempt}: ${result.status}${result.status === 'error' ? ` (${result.text})` : ''}`);
			if (attempt === 1) firstAttemptDone();
			if (typeof result.status === 'number' && result.status >= 200 && result.status < 300) return;
			if (attempt <= WEBHOOK_MAX_RETRIES) {
				const elapsed = await this.scheduler.sleep(RETRY_PAUSES_MS[attempt - 1]! / this.options.timeScale);
				if (!elapsed) return;
			}
		}
	}
}
