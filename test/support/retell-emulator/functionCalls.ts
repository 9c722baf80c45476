import { sendOutbound } from './delivery';
import { signRetellBody } from './signature';

/**
 * What Retell sends a custom function and a phone number's inbound webhook, signed like every other
 * webhook (retell-api.md §5.1, §6, §7). Standalone helpers: they POST to any URL, so a test can drive a
 * trigger without a simulated call. Custom functions: https://docs.retellai.com/build/single-multi-prompt/custom-function,
 * inbound: https://docs.retellai.com/features/inbound-call-webhook.
 */

/** Retell hands the LLM at most this many characters of a custom function's answer. */
export const FUNCTION_RESULT_LIMIT = 15_000;
export const INBOUND_TIMEOUT_MS = 10_000;
export const INBOUND_MAX_RETRIES = 3;

export interface RetellAttempt {
	status: number | 'error';
	/** The response body (or the error message). */
	text: string;
	signature: string;
	body: string;
}

export interface CustomFunctionCallOptions {
	url: string;
	apiKey: string;
	name: string;
	/** The call object so far (Retell sends the live call, transcript included). */
	call: Record<string, unknown>;
	args: Record<string, unknown>;
	/**
	 * The tool's `method`. GET and DELETE send an empty body and no `args` at all: "parameters are only available
	 * for POST, PATCH and PUT" (https://docs.retellai.com/build/conversation-flow/custom-function).
	 */
	method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
	/** The tool's "Payload: args only": the body is just the args. */
	argsAtRoot?: boolean;
	/** The tool's `query_params`, added to the URL. */
	queryParams?: Record<string, string>;
	timeoutMs?: number;
	/**
	 * The tool's `max_retry`: 0–5, default 0; "retries happen on any failure, with exponential backoff" and only
	 * the final attempt's result reaches the agent (retell-sdk 5.66.1 `CustomTool.max_retry`).
	 */
	maxRetry?: number;
	/** First backoff pause; it doubles per retry. Retell does not publish its schedule: 1 s by default. */
	retryDelayMs?: number;
	/** Clock for the signature (default now); shift it to send a stale one. */
	nowMs?: () => number;
	/** Replaces the computed signature header, e.g. to send a forged one; `null` sends none. */
	signature?: string | null;
}

export interface CustomFunctionResult {
	attempts: RetellAttempt[];
	status: number | 'error';
	ok: boolean;
	/** What the agent's LLM would read: the last attempt's body, cut at 15,000 characters. */
	result: string;
}

function isSuccess(status: number | 'error'): boolean {
	return typeof status === 'number' && status >= 200 && status < 300;
}

async function deliver(
	method: string,
	url: string,
	body: string,
	apiKey: string,
	options: { timeoutMs: number; retries: number; retryDelayMs?: number; nowMs?: () => number; signature?: string | null },
): Promise<RetellAttempt[]> {
	const attempts: RetellAttempt[] = [];
	for (let attempt = 0; attempt <= options.retries; attempt++) {
		if (attempt > 0 && options.retryDelayMs) await new Promise((resolve) => setTimeout(resolve, options.retryDelayMs! * 2 ** (attempt - 1)));
		const signature = options.signature === undefined ? signRetellBody(body, apiKey, (options.nowMs ?? Date.now)()) : options.signature;
		const headers: Record<string, string> = { 'Content-Type': 'application/json', 'User-Agent': 'retell-emulator' };
		if (signature !== null) headers['X-Retell-Signature'] = signature;
		const { status, text } = await sendOutbound(method, url, body, headers, options.timeoutMs, new AbortController().signal);
		attempts.push({ status, text, signature: signature ?? '', body });
		if (isSuccess(status)) break;
	}
	return attempts;
}

export async function sendCustomFunctionCall(options: CustomFunctionCallOptions): Promise<CustomFunctionResult> {
	const method = options.method ?? 'POST';
	const bodyless = method === 'GET' || method === 'DELETE';
	const target = new URL(options.url);
	for (const [key, value] of Object.entries(options.queryParams ?? {})) target.searchParams.set(key, value);
	const body = bodyless ? '' : JSON.stringify(options.argsAtRoot ? options.args : { name: options.name, call: options.call, args: options.args });
	const attempts = await deliver(method, target.toString(), body, options.apiKey, {
		timeoutMs: options.timeoutMs ?? 120_000,
		retries: options.maxRetry ?? 0,
		retryDelayMs: options.retryDelayMs ?? 1_000,
		nowMs: options.nowMs,
		signature: options.signature,
	});
	const last = attempts[attempts.length - 1]!;
	return { attempts, status: last.status, ok: isSuccess(last.status), result: last.text.slice(0, FUNCTION_RESULT_LIMIT) };
}

export interface InboundCallOptions {
	url: string;
	apiKey: string;
	fromNumber: string;
	toNumber: string;
	/** Present only when the number has inbound agents. */
	agentId?: string;
	agentVersion?: number;
	callId?: string;
	timeoutMs?: number;
	retries?: number;
	nowMs?: () => number;
	signature?: string | null;
}

export interface InboundCallResult {
	attempts: RetellAttempt[];
	status: number | 'error';
	ok: boolean;
	/** The parsed `call_inbound` (or `chat_inbound`) object Retell would apply, when the answer was a 2xx JSON object with one. */
	callInbound?: Record<string, unknown>;
}

/**
 * A number's inbound webhook as Retell sends it: `call_inbound` while a call rings, `chat_inbound` when an SMS starts
 * a conversation (https://docs.retellai.com/features/inbound-call-webhook: same spec, answer grouped under the same
 * key). The answer is parsed into `callInbound` either way.
 */
async function sendInboundWebhook(options: InboundCallOptions, channel: 'call_inbound' | 'chat_inbound'): Promise<InboundCallResult> {
	const inbound: Record<string, unknown> = { from_number: options.fromNumber, to_number: options.toNumber };
	if (options.agentId !== undefined) inbound.agent_id = options.agentId;
	if (options.agentVersion !== undefined) inbound.agent_version = options.agentVersion;
	if (options.callId !== undefined) inbound.call_id = options.callId;
	const body = JSON.stringify({ event: channel, [channel]: inbound });
	const attempts = await deliver('POST', options.url, body, options.apiKey, {
		timeoutMs: options.timeoutMs ?? INBOUND_TIMEOUT_MS,
		retries: options.retries ?? INBOUND_MAX_RETRIES,
		nowMs: options.nowMs,
		signature: options.signature,
	});
	const last = attempts[attempts.length - 1]!;
	const result: InboundCallResult = { attempts, status: last.status, ok: isSuccess(last.status) };
	if (result.ok) {
		try {
			const parsed: unknown = JSON.parse(last.text);
			if (typeof parsed === 'object' && parsed !== null && channel in parsed) {
				const inner: unknown = Reflect.get(parsed, channel);
				if (typeof inner === 'object' && inner !== null) result.callInbound = inner as Record<string, unknown>;
			}
		} catch {
			// A 2xx without JSON keeps the number's configured agent.
		}
	}
	return result;
}

export async function sendInboundCallWebhook(options: InboundCallOptions): Promise<InboundCallResult> {
	return await sendInboundWebhook(options, 'call_inbound');
}

export async function sendInboundSmsWebhook(options: InboundCallOptions): Promise<InboundCallResult> {
	return await sendInboundWebhook(options, 'chat_inbound');
}
