import type { PhoneCallResponse, WebCallResponse } from 'retell-sdk/resources/call';

export interface RetellEmulatorOptions {
	/** Key every API request must send as `Authorization: Bearer <apiKey>`; it also signs webhooks. */
	apiKey?: string;
	/** 0 picks a free port. */
	port?: number;
	/** Interface to bind; use 0.0.0.0 when a container (n8n in Docker) must reach the emulator. */
	host?: string;
	/** Added to every API response, errors included. */
	latencyMs?: number;
	/** Maximum API requests in flight at once; the one beyond it gets 429 at once (before latency ends). */
	concurrencyLimit?: number;
	/** Maximum calls in `registered`/`ongoing` state; `create-phone-call`, `create-web-call` beyond it get 429. */
	callConcurrencyLimit?: number;
	/** When set, 429 answers carry `retry-after: <seconds>`; Retell's own header is unknown, so none by default. */
	rateLimitRetryAfterSeconds?: number | null;
	/** Fraction (0..1) of API requests answered 500, chosen by a PRNG seeded with `seed`. */
	errorRate?: number;
	seed?: number;
	/** Call-simulator speed-up: simulated durations and webhook retry pauses are divided by it. */
	timeScale?: number;
	/** Created calls run through their lifecycle on their own; otherwise use `simulateCall`. */
	autoSimulateCalls?: boolean;
	/** Stands in for the dashboard's account-level webhook, used when an agent has no `webhook_url`. */
	accountWebhookUrl?: string | null;
	/** One line per API request and webhook attempt (the CLI prints them). */
	log?: ((line: string) => void) | null;
	/**
	 * Check every request against Retell's OpenAPI description (contract.ts) and report violations to
	 * `onContractViolation`; on by default when the description is present (../shared/retell-openapi).
	 */
	contractCheck?: boolean;
}

export type ResolvedOptions = Required<RetellEmulatorOptions>;

export interface RecordedRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string | string[] | undefined>;
	/** Parsed JSON; for multipart, an object of the fields (files as `{filename, size, type}`). */
	body: unknown;
	rawBody: string;
	/** 0 while the request is still being answered. */
	status: number;
	at: number;
}

export interface RecordedWebhook {
	url: string;
	event: string;
	body: string;
	signature: string;
	status: number | 'error';
	attempt: number;
}

export interface FailNextMatch {
	method?: string;
	path?: string | RegExp;
}

export interface FailNextReply {
	status: number;
	/** Defaults to Retell's error body for the status. */
	body?: unknown;
	headers?: Record<string, string>;
	/**
	 * Carry the request out first, then answer with this reply instead of the real one: an answer lost on the way
	 * back (a gateway 502, a timeout) after Retell did the work.
	 */
	afterHandling?: boolean;
}

/** update-call stores these on a call; the SDK's call types do not list them (the list filter does). */
interface CustomAttributes {
	custom_attributes?: { [key: string]: string | number | boolean };
}

export type EmulatedPhoneCall = PhoneCallResponse & CustomAttributes;
export type EmulatedWebCall = WebCallResponse & CustomAttributes;
/** A call as stored: the SDK's call shapes, plus `custom_attributes`. */
export type EmulatedCall = EmulatedPhoneCall | EmulatedWebCall;
