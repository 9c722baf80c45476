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
	/**
	 * What a list's `pagination_key` is: `cursor` (default) an opaque cursor holding the last item's sort position, as
	 * the current list-calls reference describes it; `lastId` the last item's id, exclusive, as Retell's older list
	 * references describe it: the next page starts after where that item sorts when the next page is asked for.
	 */
	paginationKeys?: PaginationKeyStyle;
}

export type PaginationKeyStyle = 'cursor' | 'lastId';

export type ResolvedOptions = Required<RetellEmulatorOptions>;

export interface RecordedRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string | string[] | undefined>;
	/** Parsed JSON; for multipart, an object of the fields (files as `{filename, size, type}`). */
	body: unknown;
	rawBody: string;
	/** 0 while the request is still being answered, and for a connection dropped without an answer (`dropped`). */
	status: number;
	/** When the request arrived (ms since the epoch). */
	at: number;
	/** When the answer was written or the connection dropped (ms since the epoch); 0 until then. */
	answeredAt: number;
	/** The emulator closed the connection without answering (`failNext` with `dropConnection`). */
	dropped: boolean;
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
	/** Only JSON bodies holding these top-level fields with these values (deep equality), e.g. `{ to_number }`. */
	body?: Record<string, unknown>;
}

/**
 * What a matched request gets instead of its normal answer. Give `status`, `dropConnection` or `stallMs`;
 * `stallMs` alone delays the real answer.
 */
export interface FailNextReply {
	/** Answer with this status (and `body`, `headers`) instead of the real answer. */
	status?: number;
	/** Defaults to Retell's error body for the status. */
	body?: unknown;
	headers?: Record<string, string>;
	/**
	 * Carry the request out first, then answer with this reply instead of the real one: an answer lost on the way
	 * back (a gateway 502, a timeout) after Retell did the work.
	 */
	afterHandling?: boolean;
	/** Close the connection without an answer: the client sees a connection error, as when a proxy cuts the line. */
	dropConnection?: boolean;
	/**
	 * Hold the answer this long (`Infinity`: until the client gives up or the emulator closes). A client whose timeout
	 * is shorter gives up; the request is still carried out (after the stall unless `afterHandling`), as a slow
	 * Retell would.
	 */
	stallMs?: number;
}

/** update-call stores these on a call; the SDK's call types do not list them (the list filter does). */
interface CustomAttributes {
	custom_attributes?: { [key: string]: string | number | boolean };
}

export type EmulatedPhoneCall = PhoneCallResponse & CustomAttributes;
export type EmulatedWebCall = WebCallResponse & CustomAttributes;
/** A call as stored: the SDK's call shapes, plus `custom_attributes`. */
export type EmulatedCall = EmulatedPhoneCall | EmulatedWebCall;
